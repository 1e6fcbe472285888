import { Card } from "@/components/card";
import { DataTable } from "@/components/data-table";
import { EmptyState } from "@/components/empty-state";
import type { listPendingInvitations } from "@/lib/auth/invitations";
import { ROLE_SHORT_LABELS } from "@/lib/users/shared";
import { ConfirmActionButton, type FormAction } from "@/components/confirm-action-button";
import { LocalTime } from "@/components/local-time";

type PendingInvitation = Awaited<ReturnType<typeof listPendingInvitations>>[number];

/** The pending-invitations table shared by the seller team page and the operators page. */
export function PendingInvitationsCard({
  caption,
  invitations,
  revokeAction,
}: {
  caption: string;
  invitations: PendingInvitation[];
  revokeAction: FormAction;
}) {
  return (
    <Card id="pending" title="Pending invitations" description="Invitation links expire after 72 hours." flush>
      <DataTable
        caption={caption}
        hideCaption
        rows={invitations}
        rowKey={(invitation) => invitation.id}
        columns={[
          { key: "email", header: "Email", cell: (invitation) => invitation.email },
          { key: "role", header: "Role", cell: (invitation) => ROLE_SHORT_LABELS[invitation.role] },
          { key: "sent", header: "Sent", cell: (invitation) => <LocalTime value={invitation.createdAt} empty="Never" /> },
          { key: "expires", header: "Expires", cell: (invitation) => <LocalTime value={invitation.expiresAt} empty="Never" /> },
          {
            key: "actions",
            header: <span className="sr-only">Actions</span>,
            align: "right",
            cell: (invitation) => (
              <ConfirmActionButton
                action={revokeAction}
                fields={{ invitationId: invitation.id }}
                label="Revoke"
                ariaLabel={`Revoke the invitation for ${invitation.email}`}
                title={`Revoke the invitation for ${invitation.email}?`}
                description="The link in their e-mail stops working."
                confirmLabel="Revoke invitation"
              />
            ),
          },
        ]}
        empty={
          <EmptyState
            icon="mail"
            title="No pending invitations"
            description="Invitations you send appear here until they are accepted."
            headingLevel={3}
          />
        }
      />
    </Card>
  );
}

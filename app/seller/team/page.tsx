import type { Metadata } from "next";
import { Badge, type BadgeTone } from "@/components/badge";
import { Card } from "@/components/card";
import { DataTable } from "@/components/data-table";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { ConfirmActionButton } from "@/components/confirm-action-button";
import { InviteForm } from "@/components/identity/invite-form";
import { PendingInvitationsCard } from "@/components/identity/pending-invitations-card";
import { RoleChangeForm } from "@/components/identity/role-change-form";
import { can, requirePermission } from "@/lib/auth/authorize";
import { listPendingInvitations } from "@/lib/auth/invitations";
import { getPrisma } from "@/lib/db/client";
import { ROLE_SHORT_LABELS, SELLER_ROLES } from "@/lib/users/shared";
import { listTeamMembers, type TeamMember } from "@/lib/users/team";
import {
  changeTeamMemberRoleAction,
  inviteTeamMemberAction,
  removeTeamMemberAction,
  revokeTeamInvitationAction,
} from "./actions";
import { LocalTime } from "@/components/local-time";

export const metadata: Metadata = { title: "Team" };

const roleOptions = SELLER_ROLES.map((role) => ({ value: role, label: ROLE_SHORT_LABELS[role] }));

const STATUS: Record<TeamMember["status"], { label: string; tone: BadgeTone }> = {
  ACTIVE: { label: "Active", tone: "success" },
  INVITED: { label: "Invited", tone: "info" },
  DEACTIVATED: { label: "Removed", tone: "neutral" },
};

export default async function SellerTeamPage() {
  await requirePermission("seller:view");
  const actor = await requirePermission("team:view");
  const manage = can(actor, "team:manage");
  const db = getPrisma();
  // Tenant scope comes from the actor's session, inside lib/users/team.ts (style.md §3).
  const members = await listTeamMembers(db, actor);
  const invitations =
    manage && actor.organizationId ? await listPendingInvitations(db, { kind: "SELLER", organizationId: actor.organizationId }) : [];

  return (
    <>
      <PageHeader title="Team" description="Who in your organization can use FireFeed Portal, and with which role." />
      <div className="grid gap-6">
        {manage && (
          <Card
            id="invite"
            title="Invite member"
            description="Each person gets their own account. Owners can reveal buyer details, manage the Amazon connection and the team; members work with masked orders."
          >
            <InviteForm action={inviteTeamMemberAction} roleOptions={roleOptions} defaultRole="SELLER_MEMBER" />
          </Card>
        )}

        <Card id="members" title="Members" flush>
          <DataTable
            caption="Team members"
            hideCaption
            rows={members}
            rowKey={(member) => member.id}
            columns={[
              {
                key: "name",
                header: "Name",
                cell: (member) => (
                  <span className="font-medium text-slate-900">
                    {member.displayName}
                    {member.id === actor.userId && <span className="ml-2 text-sm font-normal text-slate-500">(you)</span>}
                  </span>
                ),
              },
              { key: "email", header: "Email", cell: (member) => member.email },
              {
                key: "role",
                header: "Role",
                cell: (member) =>
                  manage && member.id !== actor.userId && member.status === "ACTIVE" ? (
                    <RoleChangeForm
                      action={changeTeamMemberRoleAction}
                      userId={member.id}
                      personName={member.displayName}
                      currentRole={member.role}
                      roleOptions={roleOptions}
                      compact
                    />
                  ) : (
                    ROLE_SHORT_LABELS[member.role]
                  ),
              },
              {
                key: "status",
                header: "Status",
                cell: (member) => (
                  <Badge tone={STATUS[member.status].tone} dot>
                    {STATUS[member.status].label}
                  </Badge>
                ),
              },
              { key: "lastSignIn", header: "Last sign-in", cell: (member) => <LocalTime value={member.lastSignInAt} empty="Never" /> },
              {
                key: "actions",
                header: <span className="sr-only">Actions</span>,
                align: "right",
                cell: (member) =>
                  manage && member.id !== actor.userId && member.status !== "DEACTIVATED" ? (
                    <ConfirmActionButton
                      action={removeTeamMemberAction}
                      fields={{ userId: member.id }}
                      label="Remove"
                      ariaLabel={`Remove ${member.displayName}`}
                      title={`Remove ${member.displayName} from the team?`}
                      description="Their account is deactivated and every session ends at once. This is recorded in the audit trail."
                      confirmLabel="Remove member"
                    />
                  ) : null,
              },
            ]}
            empty={<EmptyState icon="users" title="It is just you for now" description="Invite your colleagues above." headingLevel={3} />}
          />
        </Card>

        {manage && <PendingInvitationsCard caption="Pending invitations" invitations={invitations} revokeAction={revokeTeamInvitationAction} />}
      </div>
    </>
  );
}

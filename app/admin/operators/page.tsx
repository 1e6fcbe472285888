import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { uuidField } from "@/lib/validation/input";
import { Badge } from "@/components/badge";
import { ButtonLink } from "@/components/button";
import { Card } from "@/components/card";
import { DataTable } from "@/components/data-table";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { InviteForm } from "@/components/identity/invite-form";
import { PendingInvitationsCard } from "@/components/identity/pending-invitations-card";
import { can, requirePermission } from "@/lib/auth/authorize";
import { listPendingInvitations } from "@/lib/auth/invitations";
import { getPrisma } from "@/lib/db/client";
import { listOperators } from "@/lib/users/operators";
import { OPERATOR_ROLES, ROLE_SHORT_LABELS } from "@/lib/users/shared";
import { inviteOperatorAction, revokeOperatorInvitationAction } from "./actions";
import { OperatorStatusBadge } from "./status-badge";
import { LocalTime } from "@/components/local-time";

export const metadata: Metadata = { title: "Operators" };

const roleOptions = OPERATOR_ROLES.map((role) => ({ value: role, label: ROLE_SHORT_LABELS[role] }));
const searchParamsSchema = z.object({ cursor: uuidField().optional().catch(undefined) });

export default async function AdminOperatorsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePermission("admin:access");
  const actor = await requirePermission("operators:view");
  const { cursor } = searchParamsSchema.parse(await searchParams);
  const canInvite = can(actor, "operators:invite");
  const db = getPrisma();
  const { operators, nextCursor } = await listOperators(db, actor, { cursor });
  const invitations = canInvite ? await listPendingInvitations(db, { kind: "OPERATOR" }) : [];

  return (
    <>
      <PageHeader title="Operators" description="FireFeed staff with access to this console, and their roles." />
      <div className="grid gap-6">
        {canInvite && (
          <Card id="invite" title="Invite operator" description="Operators are invited individually; shared mailboxes are refused. Two-step verification is set up at the first sign-in.">
            <InviteForm
              action={inviteOperatorAction}
              roleOptions={roleOptions}
              defaultRole="OPERATOR_SUPPORT"
              emailHint="A personal work address, not a shared mailbox."
            />
          </Card>
        )}

        <Card id="operators" title="Operators" flush>
          <DataTable
            caption="Operators"
            hideCaption
            rows={operators}
            rowKey={(operator) => operator.id}
            columns={[
              {
                key: "name",
                header: "Name",
                cell: (operator) => (
                  <Link href={`/admin/operators/${operator.id}`} className="font-medium text-ember-800 underline-offset-4 hover:underline">
                    {operator.displayName}
                  </Link>
                ),
              },
              { key: "email", header: "Email", cell: (operator) => operator.email },
              { key: "role", header: "Role", cell: (operator) => ROLE_SHORT_LABELS[operator.role] },
              { key: "status", header: "Status", cell: (operator) => <OperatorStatusBadge status={operator.status} /> },
              {
                key: "mfa",
                header: "Two-step verification",
                cell: (operator) =>
                  operator.mfaEnrolledAt ? (
                    <Badge tone="success">Set up</Badge>
                  ) : (
                    <Badge tone="warning">Not set up</Badge>
                  ),
              },
              { key: "lastSignIn", header: "Last sign-in", cell: (operator) => <LocalTime value={operator.lastSignInAt} empty="Never" /> },
            ]}
            empty={
              <EmptyState icon="users" title="No operators on this page" description="Invite an operator above, or go back to the first page." headingLevel={3} />
            }
          />
          {(cursor || nextCursor) && (
            <div className="flex justify-end gap-2 border-t border-slate-200 px-5 py-3">
              {cursor && (
                <ButtonLink href="/admin/operators" variant="secondary" size="sm">
                  First page
                </ButtonLink>
              )}
              {nextCursor && (
                <ButtonLink href={`/admin/operators?cursor=${nextCursor}`} variant="secondary" size="sm">
                  Next page
                </ButtonLink>
              )}
            </div>
          )}
        </Card>

        {canInvite && <PendingInvitationsCard caption="Pending operator invitations" invitations={invitations} revokeAction={revokeOperatorInvitationAction} />}
      </div>
    </>
  );
}

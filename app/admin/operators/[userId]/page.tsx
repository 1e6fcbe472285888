import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Badge } from "@/components/badge";
import { Card } from "@/components/card";
import { DataTable } from "@/components/data-table";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { ConfirmActionButton } from "@/components/confirm-action-button";
import { RoleChangeForm } from "@/components/identity/role-change-form";
import { can, requirePermission } from "@/lib/auth/authorize";
import { getPrisma } from "@/lib/db/client";
import { getOperatorDetails } from "@/lib/users/operators";
import { OPERATOR_ROLES, ROLE_SHORT_LABELS, describeUserAgent, formatUtc } from "@/lib/users/shared";
import { isUuid } from "@/lib/validation/input";
import {
  changeOperatorRoleAction,
  deactivateOperatorAction,
  reactivateOperatorAction,
  resetOperatorMfaAction,
  revokeAllSessionsOfUserAction,
  revokeSessionOfUserAction,
} from "../actions";
import { OperatorStatusBadge } from "../status-badge";
import { LocalTime } from "@/components/local-time";

export const metadata: Metadata = { title: "Operator" };

const roleOptions = OPERATOR_ROLES.map((role) => ({ value: role, label: ROLE_SHORT_LABELS[role] }));
const REASON_HINT = "At least 10 characters, e.g. the ticket number and how you verified the request. Recorded in the audit trail.";

export default async function OperatorDetailsPage({ params }: { params: Promise<{ userId: string }> }) {
  await requirePermission("admin:access");
  const actor = await requirePermission("operators:view");
  const { userId } = await params;
  if (!isUuid(userId)) notFound();
  const operator = await getOperatorDetails(getPrisma(), actor, userId);
  if (!operator) notFound();

  const isSelf = operator.id === actor.userId;
  const name = operator.displayName;
  const canChangeRole = can(actor, "users:change-role") && !isSelf && operator.status === "ACTIVE";
  const canDeactivate = can(actor, "users:deactivate") && !isSelf;
  const canResetMfa = can(actor, "users:reset-mfa") && !isSelf;
  const canRevokeSessions = can(actor, "sessions:revoke-any") && !isSelf;

  return (
    <>
      <PageHeader
        eyebrow={
          <Link href="/admin/operators" className="underline-offset-4 hover:underline">
            Operators
          </Link>
        }
        title={name}
        description={operator.email}
      />
      <div className="grid gap-6">
        <Card id="details" title="Details">
          <dl className="grid max-w-xl grid-cols-[auto_1fr] gap-x-6 gap-y-2 text-sm">
            <dt className="font-medium text-slate-700">Role</dt>
            <dd>{ROLE_SHORT_LABELS[operator.role]}</dd>
            <dt className="font-medium text-slate-700">Status</dt>
            <dd>
              <OperatorStatusBadge status={operator.status} />
              {operator.deactivatedAt && <span className="ml-2 text-slate-600">since <LocalTime value={operator.deactivatedAt} empty="Never" /></span>}
            </dd>
            <dt className="font-medium text-slate-700">Two-step verification</dt>
            <dd>
              {operator.mfaEnrolledAt ? (
                <Badge tone="success">Set up <LocalTime value={operator.mfaEnrolledAt} empty="Never" /></Badge>
              ) : (
                <Badge tone="warning">Not set up: asked for at next sign-in</Badge>
              )}
            </dd>
            <dt className="font-medium text-slate-700">Last sign-in</dt>
            <dd><LocalTime value={operator.lastSignInAt} empty="Never" /></dd>
            <dt className="font-medium text-slate-700">Account created</dt>
            <dd><LocalTime value={operator.createdAt} empty="Never" /></dd>
          </dl>
          {isSelf && (
            <p className="mt-4 text-sm text-slate-600">
              This is your own account. Manage it in <Link href="/admin/account" className="text-ember-800 underline underline-offset-4">My account</Link>; another administrator changes your role or access.
            </p>
          )}
        </Card>

        {(canChangeRole || canDeactivate || canResetMfa) && (
          <Card id="access" title="Access" description="Each change signs them out everywhere and is recorded in the audit trail. You may be asked for your authentication code first.">
            <div className="grid gap-6">
              {canChangeRole && (
                <RoleChangeForm
                  action={changeOperatorRoleAction}
                  userId={operator.id}
                  personName={name}
                  currentRole={operator.role}
                  roleOptions={roleOptions}
                />
              )}
              <div className="flex flex-wrap gap-3">
                {canDeactivate &&
                  (operator.status === "DEACTIVATED" ? (
                    <ConfirmActionButton
                      action={reactivateOperatorAction}
                      fields={{ userId: operator.id }}
                      label="Reactivate"
                      title={`Reactivate ${name}?`}
                      description="They can sign in again with their password and two-step verification."
                      confirmLabel="Reactivate"
                      tone="primary"
                      size="md"
                    />
                  ) : (
                    <ConfirmActionButton
                      action={deactivateOperatorAction}
                      fields={{ userId: operator.id }}
                      label="Deactivate"
                      title={`Deactivate ${name}?`}
                      description="They cannot sign in any more and every session ends at once."
                      confirmLabel="Deactivate"
                      variant="danger"
                      size="md"
                      reason={{ label: "Reason", hint: REASON_HINT }}
                    />
                  ))}
                {canResetMfa && (
                  <ConfirmActionButton
                    action={resetOperatorMfaAction}
                    fields={{ userId: operator.id }}
                    label="Reset two-step verification"
                    title={`Reset ${name}'s two-step verification?`}
                    description="Their authenticator and recovery codes stop working, every session ends, and they must set up two-step verification again at their next sign-in. Only do this after verifying their identity out of band."
                    confirmLabel="Reset two-step verification"
                    variant="danger"
                    size="md"
                    reason={{ label: "Reason", hint: REASON_HINT }}
                  />
                )}
              </div>
            </div>
          </Card>
        )}

        <Card
          id="sessions"
          title="Sessions"
          description="Where this operator is signed in now."
          actions={
            canRevokeSessions && operator.sessions.length > 0 ? (
              <ConfirmActionButton
                action={revokeAllSessionsOfUserAction}
                fields={{ userId: operator.id }}
                label="Revoke all sessions"
                title={`Revoke all of ${name}'s sessions?`}
                description="They are signed out everywhere at once. Their account stays active."
                confirmLabel="Revoke all"
              />
            ) : undefined
          }
          flush
        >
          <DataTable
            caption={`Sessions of ${name}`}
            hideCaption
            rows={operator.sessions}
            rowKey={(session) => session.id}
            columns={[
              {
                key: "device",
                header: "Device",
                cell: (session) => <span title={session.userAgent ?? undefined}>{describeUserAgent(session.userAgent)}</span>,
              },
              { key: "ip", header: "IP address", cell: (session) => session.ipAddress ?? "Unknown" },
              { key: "lastSeen", header: "Last seen", cell: (session) => <LocalTime value={session.lastSeenAt} empty="Never" /> },
              { key: "signedIn", header: "Signed in", cell: (session) => <LocalTime value={session.createdAt} empty="Never" /> },
              {
                key: "actions",
                header: <span className="sr-only">Actions</span>,
                align: "right",
                cell: (session) =>
                  canRevokeSessions ? (
                    <ConfirmActionButton
                      action={revokeSessionOfUserAction}
                      fields={{ userId: operator.id, sessionId: session.id }}
                      label="Revoke"
                      ariaLabel={`Revoke session ${describeUserAgent(session.userAgent)} from ${session.ipAddress ?? "an unknown address"}`}
                      title="Revoke this session?"
                      description={`${describeUserAgent(session.userAgent)}, last seen ${formatUtc(session.lastSeenAt)}.`}
                      confirmLabel="Revoke session"
                    />
                  ) : null,
              },
            ]}
            empty={<EmptyState title="No active sessions" description="They are not signed in anywhere." headingLevel={3} />}
          />
        </Card>
      </div>
    </>
  );
}

import "server-only";
// The self-service sections shared by /seller/settings and /admin/account.
// Rendered by pages that have already called requirePermission("account:manage-self").
import { Badge } from "@/components/badge";
import { Card } from "@/components/card";
import { ConfirmActionButton, type FormAction } from "@/components/confirm-action-button";
import { DataTable } from "@/components/data-table";
import { EmptyState } from "@/components/empty-state";
import type { Actor } from "@/lib/auth/actor";
import { getPrisma } from "@/lib/db/client";
import { getOwnAccount, listOwnSessions } from "@/lib/users/self-service";
import { describeUserAgent, formatUtc } from "@/lib/users/shared";
import { PasswordForm, ProfileForm, RegenerateRecoveryCodes } from "./account-forms";
import { LocalTime } from "@/components/local-time";

/** The self-service server actions, passed in by the page (components never import app/). */
export type AccountSettingsActions = {
  updateProfile: FormAction;
  changePassword: FormAction;
  regenerateRecoveryCodes: FormAction<{ codes: string[] }>;
  revokeOwnSession: FormAction;
  revokeOtherOwnSessions: FormAction;
};

export async function AccountSettings({ actor, actions }: { actor: Actor; actions: AccountSettingsActions }) {
  const db = getPrisma();
  const [account, sessions] = await Promise.all([getOwnAccount(db, actor), listOwnSessions(db, actor)]);
  if (!account) return <EmptyState title="Account not found" description="Sign out and sign in again." />;
  const otherSessions = sessions.filter((session) => !session.current).length;

  return (
    <div className="grid gap-6">
      <Card id="profile" title="Profile" description="Your name as your team and the audit trail show it.">
        <ProfileForm action={actions.updateProfile} displayName={account.displayName} email={account.email} />
      </Card>

      <Card
        id="password"
        title="Password"
        description={`Last changed: ${formatUtc(account.passwordChangedAt, "never")}.`}
      >
        <PasswordForm action={actions.changePassword} />
      </Card>

      <Card id="two-step-verification" title="Two-step verification">
        <dl className="mb-4 grid max-w-md grid-cols-[auto_1fr] gap-x-6 gap-y-2 text-sm">
          <dt className="font-medium text-slate-700">Status</dt>
          <dd>
            {account.mfaEnrolledAt ? (
              <Badge tone="success" dot>
                On
              </Badge>
            ) : (
              <Badge tone="warning" dot>
                Not set up
              </Badge>
            )}
          </dd>
          <dt className="font-medium text-slate-700">Set up</dt>
          <dd><LocalTime value={account.mfaEnrolledAt} empty="Not yet" /></dd>
          <dt className="font-medium text-slate-700">Unused recovery codes</dt>
          <dd>{account.unusedRecoveryCodes}</dd>
        </dl>
        {account.mfaEnrolledAt ? (
          <RegenerateRecoveryCodes action={actions.regenerateRecoveryCodes} />
        ) : (
          <p className="text-sm text-slate-600">You will be asked to set up an authenticator app at your next sign-in.</p>
        )}
      </Card>

      <Card
        id="sessions"
        title="Active sessions"
        description="Where you are signed in. Sign out anything you do not recognize, then change your password."
        actions={
          otherSessions > 0 ? (
            <ConfirmActionButton
              action={actions.revokeOtherOwnSessions}
              fields={{}}
              label="Sign out all other sessions"
              title="Sign out all other sessions?"
              description={`${otherSessions} other session${otherSessions === 1 ? "" : "s"} will end. This device stays signed in.`}
              confirmLabel="Sign out others"
            />
          ) : undefined
        }
        flush
      >
        <DataTable
          caption="Active sessions"
          hideCaption
          rows={sessions}
          rowKey={(session) => session.id}
          columns={[
            {
              key: "device",
              header: "Device",
              cell: (session) => (
                <span title={session.userAgent ?? undefined} className="inline-flex items-center gap-2">
                  {describeUserAgent(session.userAgent)}
                  {session.current && <Badge tone="brand">This device</Badge>}
                </span>
              ),
            },
            { key: "ip", header: "IP address", cell: (session) => session.ipAddress ?? "Unknown" },
            { key: "lastSeen", header: "Last seen", cell: (session) => <LocalTime value={session.lastSeenAt} empty="Never" /> },
            { key: "signedIn", header: "Signed in", cell: (session) => <LocalTime value={session.createdAt} empty="Never" /> },
            {
              key: "actions",
              header: <span className="sr-only">Actions</span>,
              align: "right",
              cell: (session) =>
                session.current ? null : (
                  <ConfirmActionButton
                    action={actions.revokeOwnSession}
                    fields={{ sessionId: session.id }}
                    label="Sign out"
                    ariaLabel={`Sign out ${describeUserAgent(session.userAgent)} from ${session.ipAddress ?? "an unknown address"}`}
                    title="Sign out this session?"
                    description={`${describeUserAgent(session.userAgent)}, last seen ${formatUtc(session.lastSeenAt)}.`}
                    confirmLabel="Sign out"
                  />
                ),
            },
          ]}
          empty={<EmptyState title="No active sessions" description="Sessions appear here when you sign in." headingLevel={3} />}
        />
      </Card>
    </div>
  );
}

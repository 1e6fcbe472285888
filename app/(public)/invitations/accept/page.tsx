import type { Metadata } from "next";
import Link from "next/link";
import { Alert } from "@/components/alert";
import { describeInvitation } from "@/lib/auth/invitations";
import { getPrisma } from "@/lib/db/client";
import { AuthCard, authLinkClasses } from "@/components/auth-card";
import { AcceptInvitationForm } from "./accept-invitation-form";

// The token travels in the query string: never send it on in a Referer header.
export const metadata: Metadata = { title: "Accept your invitation", referrer: "no-referrer" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

// Public (ROUTE_POLICY "/invitations/accept"): the link is the credential; the GET only reads.
export default async function AcceptInvitationPage({ searchParams }: { searchParams: SearchParams }) {
  const raw = (await searchParams).token;
  const token = typeof raw === "string" ? raw.slice(0, 200) : "";
  const invitation = token ? await describeInvitation(getPrisma(), token) : null;
  return (
    <AuthCard
      title="Accept your invitation"
      footer={
        <Link href="/sign-in" className={authLinkClasses}>
          Already have an account? Sign in
        </Link>
      }
    >
      {invitation ? (
        <div className="space-y-5">
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 rounded-md bg-slate-50 px-4 py-3 text-sm ring-1 ring-inset ring-slate-200">
            <dt className="font-medium text-slate-700">E-mail</dt>
            <dd className="break-all text-slate-900">{invitation.email}</dd>
            <dt className="font-medium text-slate-700">Role</dt>
            <dd className="text-slate-900">{invitation.roleLabel}</dd>
            {invitation.organizationName ? (
              <>
                <dt className="font-medium text-slate-700">Organization</dt>
                <dd className="text-slate-900">{invitation.organizationName}</dd>
              </>
            ) : null}
          </dl>
          <AcceptInvitationForm token={token} email={invitation.email} organizationName={invitation.organizationName} />
        </div>
      ) : (
        <Alert tone="warning" live="none" title="This invitation cannot be used">
          It is invalid, has expired, was revoked or was already used. Ask the person who invited you to send a new one.
        </Alert>
      )}
    </AuthCard>
  );
}

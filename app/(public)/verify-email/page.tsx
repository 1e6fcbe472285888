import type { Metadata } from "next";
import Link from "next/link";
import { Alert } from "@/components/alert";
import { isUsableEmailToken } from "@/lib/auth/accounts";
import { getPrisma } from "@/lib/db/client";
import { AuthCard, authLinkClasses } from "@/components/auth-card";
import { ConfirmEmailForm, ResendVerificationForm } from "./verify-email-forms";

// The token travels in the query string: never send it on in a Referer header.
export const metadata: Metadata = { title: "Confirm your e-mail", referrer: "no-referrer" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

// Public (ROUTE_POLICY "/verify-email"). The GET only reads: mail scanners
// prefetch links, so confirming takes a button press (a POST).
export default async function VerifyEmailPage({ searchParams }: { searchParams: SearchParams }) {
  const raw = (await searchParams).token;
  const token = typeof raw === "string" ? raw.slice(0, 200) : "";
  const usable = token ? await isUsableEmailToken(getPrisma(), token, "VERIFY_EMAIL") : false;
  return (
    <AuthCard
      title="Confirm your e-mail"
      footer={
        <Link href="/sign-in" className={authLinkClasses}>
          Back to sign in
        </Link>
      }
    >
      {usable ? (
        <div className="space-y-4">
          <p className="text-sm text-slate-700">Confirm that this address is yours to finish setting up your account.</p>
          <ConfirmEmailForm token={token} />
        </div>
      ) : (
        <div className="space-y-4">
          <Alert tone="warning" live="none" title="This link cannot be used">
            It is invalid, has expired or was already used. Enter your e-mail address to get a new one.
          </Alert>
          <ResendVerificationForm />
        </div>
      )}
    </AuthCard>
  );
}

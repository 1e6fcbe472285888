import type { Metadata } from "next";
import Link from "next/link";
import { Alert } from "@/components/alert";
import { isUsableEmailToken } from "@/lib/auth/accounts";
import { getPrisma } from "@/lib/db/client";
import { AuthCard, authLinkClasses } from "@/components/auth-card";
import { ResetPasswordForm } from "./reset-password-form";

// The token travels in the query string: never send it on in a Referer header.
export const metadata: Metadata = { title: "Choose a new password", referrer: "no-referrer" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

// Public (ROUTE_POLICY "/reset-password"): the link is the credential; the GET only reads.
export default async function ResetPasswordPage({ searchParams }: { searchParams: SearchParams }) {
  const raw = (await searchParams).token;
  const token = typeof raw === "string" ? raw.slice(0, 200) : "";
  const usable = token ? await isUsableEmailToken(getPrisma(), token, "RESET_PASSWORD") : false;
  return (
    <AuthCard
      title="Choose a new password"
      intro={usable ? "Choose a password you have not used before. Every device signed in to your account will be signed out." : undefined}
      footer={
        <Link href="/sign-in" className={authLinkClasses}>
          Back to sign in
        </Link>
      }
    >
      {usable ? (
        <ResetPasswordForm token={token} />
      ) : (
        <Alert tone="warning" live="none" title="This link cannot be used">
          It is invalid, has expired or was already used. <Link href="/forgot-password">Request a new reset link</Link>.
        </Alert>
      )}
    </AuthCard>
  );
}

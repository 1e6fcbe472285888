import type { Metadata } from "next";
import { Alert } from "@/components/alert";
import { safeNextPath } from "@/lib/auth/safe-next";
import { AuthCard, authLinkClasses } from "@/components/auth-card";
import { CodeEntryActionForm } from "@/components/code-entry-form";
import { verifySignInCode } from "../actions";

export const metadata: Metadata = { title: "Two-step verification" };

// The challenge itself is checked by the action (cookie + database); the page only renders the form.
export default async function VerifyPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const next = safeNextPath(typeof params.next === "string" ? params.next : null);
  return (
    <AuthCard
      title="Two-step verification"
      intro="Enter the code from your authenticator app to finish signing in."
      footer={
        <a href="/sign-in" className={authLinkClasses}>
          Start over
        </a>
      }
    >
      <Alert tone="info" live="none" className="mb-5">
        Lost your phone? Use one of your recovery codes, or ask your administrator to reset two-step verification.
      </Alert>
      <CodeEntryActionForm
        serverAction={verifySignInCode}
        next={next}
        submitLabel="Verify"
        codeHint="The 6-digit code from your authenticator app."
        autoFocus
        offerRecoveryCode
      />
    </AuthCard>
  );
}

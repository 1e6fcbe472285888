"use client";
import { useActionState } from "react";
import { CodeEntryForm } from "@/components/code-entry-form";
import type { ActionResult } from "@/lib/auth/define-action";
import { verifySignInCode } from "../actions";

export function VerifyForm({ next }: { next: string | null }) {
  const [state, action, pending] = useActionState<ActionResult | null, FormData>(verifySignInCode, null);
  const failure = state && !state.ok ? state : null;
  return (
    <CodeEntryForm
      action={action}
      pending={pending}
      failure={failure}
      next={next}
      submitLabel="Verify"
      codeHint="The 6-digit code from your authenticator app."
      autoFocus
      offerRecoveryCode
    />
  );
}

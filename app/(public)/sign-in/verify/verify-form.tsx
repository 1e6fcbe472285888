"use client";
import { useActionState, useState } from "react";
import { Alert } from "@/components/alert";
import { Button } from "@/components/button";
import { TextField } from "@/components/form-field";
import type { ActionResult } from "@/lib/auth/define-action";
import { verifySignInCode } from "../actions";

export function VerifyForm({ next }: { next: string | null }) {
  const [state, action, pending] = useActionState<ActionResult | null, FormData>(verifySignInCode, null);
  const [useRecoveryCode, setUseRecoveryCode] = useState(false);
  const failure = state && !state.ok ? state : null;
  return (
    <form action={action} className="space-y-5" noValidate>
      {failure && (
        <Alert tone="error">
          {failure.error}
          {failure.error.startsWith("Your sign-in has expired") && (
            <>
              {" "}
              <a href="/sign-in">Back to sign in</a>
            </>
          )}
        </Alert>
      )}
      {next && <input type="hidden" name="next" value={next} />}
      {useRecoveryCode ? (
        <TextField
          key="recovery"
          name="recoveryCode"
          label="Recovery code"
          autoComplete="off"
          spellCheck={false}
          required
          maxLength={64}
          hint="One of the 10 codes you saved when you set up two-step verification. Each works once."
          autoFocus
        />
      ) : (
        <TextField
          key="code"
          name="code"
          label="Authentication code"
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9 ]*"
          required
          maxLength={7}
          hint="The 6-digit code from your authenticator app."
          autoFocus
        />
      )}
      <div className="flex items-center justify-between gap-4">
        <Button type="submit" pending={pending}>
          Verify
        </Button>
        <Button variant="link" onClick={() => setUseRecoveryCode((value) => !value)}>
          {useRecoveryCode ? "Use your authenticator app instead" : "Use a recovery code instead"}
        </Button>
      </div>
    </form>
  );
}

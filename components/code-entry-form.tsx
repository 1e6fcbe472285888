"use client";
// The authentication-code form of two-step sign-in, MFA enrollment and step-up:
// the 6-digit code from an authenticator app (or, where offered, a recovery
// code) and its submit button. CodeEntryForm takes the dispatch, pending flag
// and failure from a caller that owns the action state (enrollment shows the
// new recovery codes from it); CodeEntryActionForm owns them itself (sign-in
// verification, step-up), so those pages pass their server action straight in.
import { useActionState, useState, type ReactNode } from "react";
import type { ActionResult } from "@/lib/auth/define-action";
import { Alert } from "./alert";
import { Button } from "./button";
import { cx } from "./class-names";
import { TextField } from "./form-field";

type CodeEntryFormProps = {
  action: (formData: FormData) => void;
  pending: boolean;
  failure: Extract<ActionResult, { ok: false }> | null;
  /** The checked return path, sent back as a hidden field. */
  next: string | null;
  submitLabel: string;
  codeHint?: string;
  /** The code field's inline error, where the form shows one (sign-in verification shows only the alert). */
  codeError?: ReactNode;
  autoFocus?: boolean;
  /** Offers "Use a recovery code instead" (sign-in verification). */
  offerRecoveryCode?: boolean;
  className?: string;
};

export function CodeEntryForm({
  action,
  pending,
  failure,
  next,
  submitLabel,
  codeHint,
  codeError,
  autoFocus,
  offerRecoveryCode = false,
  className,
}: CodeEntryFormProps) {
  const [useRecoveryCode, setUseRecoveryCode] = useState(false);
  const submit = (
    <Button type="submit" pending={pending}>
      {submitLabel}
    </Button>
  );
  return (
    <form action={action} className={cx(className, "space-y-5")} noValidate>
      {failure && (
        <Alert tone="error">
          {failure.error}
          {/* The sign-in's MFA challenge is gone: the way forward is to start again. */}
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
          id="field-code"
          name="code"
          label="Authentication code"
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9 ]*"
          required
          maxLength={7}
          hint={codeHint}
          autoFocus={autoFocus}
          error={codeError}
        />
      )}
      {offerRecoveryCode ? (
        <div className="flex items-center justify-between gap-4">
          {submit}
          <Button variant="link" onClick={() => setUseRecoveryCode((value) => !value)}>
            {useRecoveryCode ? "Use your authenticator app instead" : "Use a recovery code instead"}
          </Button>
        </div>
      ) : (
        submit
      )}
    </form>
  );
}

type CodeEntryActionFormProps = Omit<CodeEntryFormProps, "action" | "pending" | "failure" | "codeError"> & {
  serverAction: (state: ActionResult | null, formData: FormData) => Promise<ActionResult>;
  /** Show the action's field error under the code field (step-up); sign-in verification shows only the alert. */
  showCodeError?: boolean;
};

export function CodeEntryActionForm({ serverAction, showCodeError = false, ...form }: CodeEntryActionFormProps) {
  const [state, action, pending] = useActionState<ActionResult | null, FormData>(serverAction, null);
  const failure = state && !state.ok ? state : null;
  return <CodeEntryForm {...form} action={action} pending={pending} failure={failure} codeError={showCodeError ? failure?.fieldErrors?.code?.[0] : undefined} />;
}

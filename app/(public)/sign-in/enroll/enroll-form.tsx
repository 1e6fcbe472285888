"use client";
import { useActionState } from "react";
import { Alert } from "@/components/alert";
import { ButtonLink } from "@/components/button";
import { CodeEntryForm } from "@/components/code-entry-form";
import type { ActionResult } from "@/lib/auth/define-action";
import { confirmMfaEnrollment } from "../actions";

type EnrollmentData = { recoveryCodes: string[]; continueTo: string };

export function EnrollForm({ next, expired, children }: { next: string | null; expired: boolean; children: React.ReactNode }) {
  const [state, action, pending] = useActionState<ActionResult<EnrollmentData> | null, FormData>(confirmMfaEnrollment, null);
  if (state?.ok && state.data) {
    return (
      <div className="space-y-5">
        <h2 className="text-lg font-semibold text-slate-900">Save your recovery codes</h2>
        <p className="text-sm text-slate-700">
          Two-step verification is on. If you lose your phone, each of these codes signs you in once. Store them somewhere safe (a password
          manager): they are shown only now.
        </p>
        <ul className="grid grid-cols-2 gap-2 rounded-md bg-slate-100 p-4 font-mono text-sm text-slate-900" aria-label="Recovery codes">
          {state.data.recoveryCodes.map((code) => (
            <li key={code}>{code}</li>
          ))}
        </ul>
        <ButtonLink href={state.data.continueTo}>Continue</ButtonLink>
      </div>
    );
  }
  if (expired) {
    return (
      <Alert tone="warning">
        Your sign-in has expired. <a href="/sign-in">Sign in again</a> to set up two-step verification.
      </Alert>
    );
  }
  const failure = state && !state.ok ? state : null;
  return (
    <>
      {children}
      <CodeEntryForm
        action={action}
        pending={pending}
        failure={failure}
        next={next}
        submitLabel="Confirm"
        codeHint="The 6-digit code your app shows after you add the account."
        codeError={failure?.fieldErrors?.code?.[0]}
        className="mt-6"
      />
    </>
  );
}

"use client";
import Link from "next/link";
import { useActionState } from "react";
import { Alert } from "@/components/alert";
import { Button } from "@/components/button";
import { TextField } from "@/components/form-field";
import { FormFailure, fieldError } from "../_components/field-errors";
import { requestPasswordResetAction } from "./actions";

export function ForgotPasswordForm({ showDevOutboxHint }: { showDevOutboxHint: boolean }) {
  const [state, formAction, pending] = useActionState(requestPasswordResetAction, null);
  if (state?.ok) {
    return (
      <Alert tone="success" title="Check your inbox">
        <p>{state.message}</p>
        {showDevOutboxHint ? (
          <p className="mt-2">
            In this demo the e-mail is in the <Link href="/dev/outbox">dev outbox at /dev/outbox</Link>.
          </p>
        ) : null}
      </Alert>
    );
  }
  return (
    <form action={formAction} className="space-y-5" noValidate>
      <FormFailure state={state} />
      <TextField name="email" type="email" label="Email" autoComplete="email" required error={fieldError(state, "email")} />
      <Button type="submit" pending={pending} className="w-full">
        Send reset link
      </Button>
    </form>
  );
}

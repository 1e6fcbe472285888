"use client";
import Link from "next/link";
import { useActionState } from "react";
import { Alert } from "@/components/alert";
import { Button } from "@/components/button";
import { FormError, TextField } from "@/components/form-field";
import { FormFailure, fieldError } from "../_components/field-errors";
import { confirmEmailAction, resendVerificationAction } from "./actions";

export function ConfirmEmailForm({ token }: { token: string }) {
  const [state, formAction, pending] = useActionState(confirmEmailAction, null);
  if (state?.ok) {
    return (
      <Alert tone="success" title="Your e-mail is verified">
        <p>
          Your e-mail is verified. <Link href="/sign-in">Sign in.</Link>
        </p>
      </Alert>
    );
  }
  return (
    <form action={formAction} className="space-y-4">
      <FormError>{state && !state.ok ? state.error : null}</FormError>
      <input type="hidden" name="token" value={token} />
      <Button type="submit" pending={pending} className="w-full">
        Confirm my e-mail
      </Button>
    </form>
  );
}

export function ResendVerificationForm() {
  const [state, formAction, pending] = useActionState(resendVerificationAction, null);
  if (state?.ok) return <Alert tone="success">{state.message}</Alert>;
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <FormFailure state={state} />
      <TextField name="email" type="email" label="Email" autoComplete="email" required error={fieldError(state, "email")} />
      <Button type="submit" variant="secondary" pending={pending} className="w-full">
        Send a new link
      </Button>
    </form>
  );
}

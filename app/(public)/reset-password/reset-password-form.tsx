"use client";
import Link from "next/link";
import { useActionState } from "react";
import { Alert } from "@/components/alert";
import { Button } from "@/components/button";
import { NewPasswordFields } from "@/components/new-password-fields";
import { FormFailure, fieldError } from "../_components/field-errors";
import { resetPasswordAction } from "./actions";

export function ResetPasswordForm({ token }: { token: string }) {
  const [state, formAction, pending] = useActionState(resetPasswordAction, null);
  if (state?.ok) {
    return (
      <Alert tone="success" title="Password changed">
        <p>
          Password changed. <Link href="/sign-in">Sign in.</Link>
        </p>
        <p className="mt-2">For your security, every device that was signed in to your account has been signed out.</p>
      </Alert>
    );
  }
  return (
    <form action={formAction} className="space-y-5" noValidate>
      <FormFailure state={state} />
      <input type="hidden" name="token" value={token} />
      <NewPasswordFields
        label="New password"
        confirmLabel="Confirm new password"
        errors={{ password: fieldError(state, "password"), confirmPassword: fieldError(state, "confirmPassword") }}
      />
      <Button type="submit" pending={pending} className="w-full">
        Set new password
      </Button>
    </form>
  );
}

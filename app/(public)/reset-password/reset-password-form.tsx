"use client";
import Link from "next/link";
import { useActionState, useState } from "react";
import { Alert } from "@/components/alert";
import { Button } from "@/components/button";
import { FormError, TextField } from "@/components/form-field";
import { fieldError } from "../_components/field-errors";
import { PasswordHints } from "../_components/password-hints";
import { resetPasswordAction } from "./actions";

export function ResetPasswordForm({ token }: { token: string }) {
  const [state, formAction, pending] = useActionState(resetPasswordAction, null);
  const [password, setPassword] = useState("");
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
  const passwordError = fieldError(state, "password");
  return (
    <form action={formAction} className="space-y-5" noValidate>
      <FormError>{state && !state.ok && !state.fieldErrors ? state.error : null}</FormError>
      <input type="hidden" name="token" value={token} />
      <div className="space-y-2">
        <TextField
          name="password"
          type="password"
          label="New password"
          autoComplete="new-password"
          required
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          aria-describedby={passwordError ? "password-rules field-password-error" : "password-rules"}
          error={passwordError}
        />
        <PasswordHints id="password-rules" password={password} />
      </div>
      <TextField
        name="confirmPassword"
        type="password"
        label="Confirm new password"
        autoComplete="new-password"
        required
        error={fieldError(state, "confirmPassword")}
      />
      <Button type="submit" pending={pending} className="w-full">
        Set new password
      </Button>
    </form>
  );
}

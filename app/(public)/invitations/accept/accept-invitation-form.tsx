"use client";
import { useActionState, useState } from "react";
import { Alert } from "@/components/alert";
import { Button, ButtonLink } from "@/components/button";
import { FormError, TextField } from "@/components/form-field";
import { fieldError } from "../../_components/field-errors";
import { PasswordHints } from "../../_components/password-hints";
import { acceptInvitationAction } from "./actions";

export function AcceptInvitationForm({ token, email, organizationName }: { token: string; email: string; organizationName: string | null }) {
  const [state, formAction, pending] = useActionState(acceptInvitationAction, null);
  const [displayName, setDisplayName] = useState("");
  const [password, setPassword] = useState("");
  if (state?.ok) {
    return (
      <div className="space-y-4">
        <Alert tone="success" title="Your account is ready">
          Sign in with your e-mail address and new password. You will then set up two-step verification with an authenticator app.
        </Alert>
        <ButtonLink href="/sign-in" className="w-full">
          Sign in
        </ButtonLink>
      </div>
    );
  }
  const passwordError = fieldError(state, "password");
  return (
    <form action={formAction} className="space-y-5" noValidate>
      <FormError>{state && !state.ok && !state.fieldErrors ? state.error : null}</FormError>
      <input type="hidden" name="token" value={token} />
      <TextField
        name="displayName"
        label="Your name"
        autoComplete="name"
        required
        value={displayName}
        onChange={(event) => setDisplayName(event.target.value)}
        error={fieldError(state, "displayName")}
      />
      <div className="space-y-2">
        <TextField
          name="password"
          type="password"
          label="Password"
          autoComplete="new-password"
          required
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          aria-describedby={passwordError ? "password-rules field-password-error" : "password-rules"}
          error={passwordError}
        />
        <PasswordHints id="password-rules" password={password} personalInputs={[email, displayName, organizationName ?? ""]} />
      </div>
      <TextField
        name="confirmPassword"
        type="password"
        label="Confirm password"
        autoComplete="new-password"
        required
        error={fieldError(state, "confirmPassword")}
      />
      <Button type="submit" pending={pending} className="w-full">
        Accept invitation
      </Button>
    </form>
  );
}

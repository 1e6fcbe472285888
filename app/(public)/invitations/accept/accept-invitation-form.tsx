"use client";
import { useActionState, useState } from "react";
import { Alert } from "@/components/alert";
import { Button, ButtonLink } from "@/components/button";
import { NewPasswordFields } from "@/components/new-password-fields";
import { FormFailure, fieldError } from "../../_components/field-errors";
import { YourNameField } from "../../_components/your-name-field";
import { acceptInvitationAction } from "./actions";

export function AcceptInvitationForm({ token, email, organizationName }: { token: string; email: string; organizationName: string | null }) {
  const [state, formAction, pending] = useActionState(acceptInvitationAction, null);
  const [displayName, setDisplayName] = useState("");
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
  return (
    <form action={formAction} className="space-y-5" noValidate>
      <FormFailure state={state} />
      <input type="hidden" name="token" value={token} />
      <YourNameField value={displayName} onChange={setDisplayName} error={fieldError(state, "displayName")} />
      <NewPasswordFields
        label="Password"
        confirmLabel="Confirm password"
        errors={{ password: fieldError(state, "password"), confirmPassword: fieldError(state, "confirmPassword") }}
        personalInputs={[email, displayName, organizationName ?? ""]}
      />
      <Button type="submit" pending={pending} className="w-full">
        Accept invitation
      </Button>
    </form>
  );
}

"use client";
// "Invite member" / "Invite operator": e-mail + role → a server action that calls createInvitation.
import { useActionState } from "react";
import { Button } from "@/components/button";
import { SelectField, TextField, type SelectOption } from "@/components/form-field";
import type { FormAction } from "@/components/confirm-action-button";
import { fieldError, useActionFeedback } from "@/components/use-action-feedback";

export function InviteForm({
  action,
  roleOptions,
  defaultRole,
  emailHint,
}: {
  action: FormAction;
  roleOptions: readonly SelectOption[];
  defaultRole: string;
  emailHint?: string;
}) {
  const [state, formAction, pending] = useActionState(action, null);
  useActionFeedback(state);
  return (
    // Keyed on success so the e-mail field empties for the next invitation.
    <form key={state?.ok ? `sent-${state.message}` : "form"} action={formAction} className="grid gap-4 sm:grid-cols-[minmax(0,2fr)_minmax(0,1fr)_auto] sm:items-start">
      <TextField
        name="email"
        type="email"
        label="Email"
        autoComplete="off"
        required
        maxLength={254}
        hint={emailHint}
        error={fieldError(state, "email")}
      />
      <SelectField name="role" label="Role" options={roleOptions} defaultValue={defaultRole} required error={fieldError(state, "role")} />
      <div className="sm:pt-6">
        <Button type="submit" pending={pending}>
          Send invitation
        </Button>
      </div>
    </form>
  );
}

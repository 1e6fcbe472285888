"use client";
// The self-service forms of /seller/settings and /admin/account. Their server
// actions come in as props (see AccountSettings): components never import app/.
import { useActionState, useRef, useState } from "react";
import { Alert } from "@/components/alert";
import { Button } from "@/components/button";
import type { FormAction } from "@/components/confirm-action-button";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { TextField } from "@/components/form-field";
import { NewPasswordFields } from "@/components/new-password-fields";
import { fieldError, useActionFeedback } from "@/components/use-action-feedback";

export function ProfileForm({ action, displayName, email }: { action: FormAction; displayName: string; email: string }) {
  const [state, formAction, pending] = useActionState(action, null);
  useActionFeedback(state);
  return (
    <form action={formAction} className="grid max-w-md gap-4">
      <TextField
        name="displayName"
        label="Name"
        defaultValue={displayName}
        autoComplete="name"
        required
        maxLength={100}
        error={fieldError(state, "displayName")}
      />
      <TextField name="email" label="Email" value={email} readOnly disabled hint="Ask an administrator to change your e-mail address." />
      <div>
        <Button type="submit" pending={pending}>
          Save profile
        </Button>
      </div>
    </form>
  );
}

export function PasswordForm({ action }: { action: FormAction }) {
  const [state, formAction, pending] = useActionState(action, null);
  useActionFeedback(state);
  // Keyed on success so the fields empty after a change.
  const formKey = state?.ok ? "changed" : "form";
  return (
    <form key={formKey} action={formAction} className="grid max-w-md gap-4">
      <TextField
        name="currentPassword"
        type="password"
        label="Current password"
        autoComplete="current-password"
        required
        error={fieldError(state, "currentPassword")}
      />
      <NewPasswordFields
        name="newPassword"
        label="New password"
        confirmLabel="Confirm new password"
        minLength={12}
        hint="At least 12 characters. A few unrelated words work well. Your other sessions will be signed out."
        errors={{ password: fieldError(state, "newPassword"), confirmPassword: fieldError(state, "confirmPassword") }}
      />
      <div>
        <Button type="submit" pending={pending}>
          Change password
        </Button>
      </div>
    </form>
  );
}

export function RegenerateRecoveryCodes({ action }: { action: FormAction<{ codes: string[] }> }) {
  const [state, formAction, pending] = useActionState(action, null);
  const [open, setOpen] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  useActionFeedback(state);
  const codes = state?.ok ? state.data?.codes : undefined;
  return (
    <div className="grid gap-4">
      <form
        ref={formRef}
        action={(formData) => {
          setOpen(false);
          formAction(formData);
        }}
      >
        <Button variant="secondary" onClick={() => setOpen(true)} pending={pending}>
          Regenerate recovery codes
        </Button>
        <ConfirmDialog
          open={open}
          onOpenChange={setOpen}
          onConfirm={() => formRef.current?.requestSubmit()}
          title="Regenerate recovery codes?"
          description="Your current recovery codes stop working at once. You may be asked for your authentication code first."
          confirmLabel="Regenerate"
          tone="danger"
          pending={pending}
        />
      </form>
      {codes && (
        <Alert tone="warning" title="Save these recovery codes now" live="status">
          <p>Each code works once. They will not be shown again. Store them somewhere safe, such as a password manager.</p>
          <ul aria-label="New recovery codes" className="mt-3 grid grid-cols-2 gap-2 font-mono text-sm sm:grid-cols-5">
            {codes.map((code) => (
              <li key={code}>{code}</li>
            ))}
          </ul>
        </Alert>
      )}
    </div>
  );
}

"use client";
// Pick a new role, then confirm: the person is signed out everywhere by the change.
import { useActionState, useEffect, useRef, useState } from "react";
import { Button } from "@/components/button";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { SelectField, type SelectOption } from "@/components/form-field";
import type { FormAction } from "@/components/confirm-action-button";
import { fieldError, useActionFeedback } from "@/components/use-action-feedback";

export function RoleChangeForm({
  action,
  userId,
  personName,
  currentRole,
  roleOptions,
  compact = false,
}: {
  action: FormAction;
  userId: string;
  personName: string;
  currentRole: string;
  roleOptions: readonly SelectOption[];
  compact?: boolean;
}) {
  const [state, formAction, pending] = useActionState(action, null);
  const [open, setOpen] = useState(false);
  const [role, setRole] = useState(currentRole);
  const formRef = useRef<HTMLFormElement>(null);
  useActionFeedback(state);
  useEffect(() => {
    if (state) setOpen(false);
  }, [state]);
  const roleLabel = roleOptions.find((option) => option.value === role)?.label ?? role;

  return (
    <form ref={formRef} action={formAction} className="flex items-end gap-2">
      <input type="hidden" name="userId" value={userId} />
      <SelectField
        name="role"
        label={compact ? <span className="sr-only">Role of {personName}</span> : "Role"}
        options={roleOptions}
        value={role}
        onChange={(event) => setRole(event.target.value)}
        error={fieldError(state, "role")}
      />
      <Button size={compact ? "sm" : "md"} variant="secondary" disabled={role === currentRole} onClick={() => setOpen(true)}>
        Change role
      </Button>
      <ConfirmDialog
        open={open}
        onOpenChange={setOpen}
        onConfirm={() => formRef.current?.requestSubmit()}
        title={`Change ${personName}'s role to ${roleLabel}?`}
        description="They will be signed out everywhere and get the new role's access when they sign in again. This is recorded in the audit trail."
        confirmLabel="Change role"
        tone="danger"
        pending={pending}
      />
    </form>
  );
}

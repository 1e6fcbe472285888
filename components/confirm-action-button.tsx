"use client";
// A button that asks first (ConfirmDialog), then submits a server action with
// fixed hidden fields and, for recorded operator actions, a "Reason" textarea.
import { useActionState, useEffect, useRef, useState, type ReactNode } from "react";
import { Button, type ButtonVariant } from "@/components/button";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { TextAreaField } from "@/components/form-field";
import type { ActionResult } from "@/lib/auth/define-action";
import { fieldError, useActionFeedback } from "./use-action-feedback";

export type FormAction<T = undefined> = (previous: ActionResult<T> | null, formData: FormData) => Promise<ActionResult<T>>;

interface ConfirmActionButtonProps {
  action: FormAction;
  /** Hidden form fields (ids): never anything the user should not see. */
  fields: Readonly<Record<string, string>>;
  label: string;
  /** Accessible name when the visible label is ambiguous in a table ("Remove Ada Lovelace"). */
  ariaLabel?: string;
  title: ReactNode;
  description?: ReactNode;
  confirmLabel: string;
  tone?: "primary" | "danger";
  variant?: ButtonVariant;
  size?: "sm" | "md";
  /** Asks for a reason (recorded in the audit trail). */
  reason?: { label: string; hint: string };
}

export function ConfirmActionButton({
  action,
  fields,
  label,
  ariaLabel,
  title,
  description,
  confirmLabel,
  tone = "danger",
  variant = "secondary",
  size = "sm",
  reason,
}: ConfirmActionButtonProps) {
  const [state, formAction, pending] = useActionState(action, null);
  const [open, setOpen] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  useActionFeedback(state);

  useEffect(() => {
    if (state?.ok || (state && !state.ok && state.stepUpRequired)) setOpen(false);
  }, [state]);

  return (
    <form ref={formRef} action={formAction} className="inline">
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <Button variant={variant} size={size} onClick={() => setOpen(true)} aria-label={ariaLabel}>
        {label}
      </Button>
      <ConfirmDialog
        open={open}
        onOpenChange={setOpen}
        // requestSubmit runs the browser's own checks (e.g. the reason's minimum length) first.
        onConfirm={() => formRef.current?.requestSubmit()}
        title={title}
        description={description}
        confirmLabel={confirmLabel}
        tone={tone}
        pending={pending}
      >
        {reason && (
          <TextAreaField
            name="reason"
            label={reason.label}
            hint={reason.hint}
            required
            minLength={10}
            maxLength={500}
            rows={3}
            error={fieldError(state, "reason")}
          />
        )}
      </ConfirmDialog>
    </form>
  );
}

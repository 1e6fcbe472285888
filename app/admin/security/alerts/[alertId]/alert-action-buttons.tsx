"use client";
// Acknowledge and Dismiss. Rendered for every alert, whatever its status: the
// action state (and so the result toast) lives here, and a successful action
// re-renders the page without these buttons; were this component unmounted
// with them, the toast would be lost. Acknowledge submits at once (the alert
// stays active); Dismiss asks first, with a required reason.
import { useActionState, useEffect, useRef, useState } from "react";
import { Button } from "@/components/button";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { TextAreaField } from "@/components/form-field";
import type { AlertStatus } from "@/lib/db/generated/enums";
import { fieldError, useActionFeedback } from "@/components/use-action-feedback";
import { acknowledgeAlertAction, dismissAlertAction } from "../actions";

export function AlertActionButtons({ alertId, status }: { alertId: string; status: AlertStatus }) {
  const [acknowledged, acknowledge, acknowledging] = useActionState(acknowledgeAlertAction, null);
  const [dismissed, dismiss, dismissing] = useActionState(dismissAlertAction, null);
  const [dialogOpen, setDialogOpen] = useState(false);
  const dismissForm = useRef<HTMLFormElement>(null);
  useActionFeedback(acknowledged);
  useActionFeedback(dismissed);
  useEffect(() => {
    if (dismissed?.ok) setDialogOpen(false);
  }, [dismissed]);

  const active = status === "OPEN" || status === "ACKNOWLEDGED";
  if (!active) return null;
  return (
    <div className="flex flex-wrap gap-2">
      {status === "OPEN" && (
        <form action={acknowledge}>
          <input type="hidden" name="alertId" value={alertId} />
          <Button type="submit" pending={acknowledging}>
            Acknowledge
          </Button>
        </form>
      )}
      <form ref={dismissForm} action={dismiss}>
        <input type="hidden" name="alertId" value={alertId} />
        <Button variant="secondary" onClick={() => setDialogOpen(true)}>
          Dismiss
        </Button>
        <ConfirmDialog
          open={dialogOpen}
          onOpenChange={setDialogOpen}
          // requestSubmit runs the browser's own checks (the reason's minimum length) first.
          onConfirm={() => dismissForm.current?.requestSubmit()}
          title="Dismiss this alert?"
          description="Dismissing closes it; a repeat after this opens a new alert. Say why, for whoever reviews the logs later."
          confirmLabel="Dismiss alert"
          tone="danger"
          pending={dismissing}
        >
          <TextAreaField
            name="reason"
            label="Reason"
            hint="At least 10 characters, e.g. what you checked and why it is not a threat. Recorded in the audit trail."
            required
            minLength={10}
            maxLength={500}
            rows={3}
            error={fieldError(dismissed, "reason")}
          />
        </ConfirmDialog>
      </form>
    </div>
  );
}

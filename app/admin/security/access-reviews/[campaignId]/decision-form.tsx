"use client";
// One item's decision: Keep / Change role / Revoke with a justification, in a
// dialog. Change and Revoke take effect at once (the person is signed out,
// the connection's Amazon data deleted) and are final for the item.
import { useActionState, useEffect, useId, useRef, useState } from "react";
import { Button } from "@/components/button";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { SelectField, TextAreaField, type SelectOption } from "@/components/form-field";
import type { FormAction } from "@/components/confirm-action-button";
import { fieldError, useActionFeedback } from "@/components/use-action-feedback";

type Decision = "KEEP" | "CHANGE" | "REVOKE";

const EFFECTS: Record<Decision, string> = {
  KEEP: "Nothing changes. You can revise a Keep while the campaign is open.",
  CHANGE: "They get the new role and are signed out everywhere at once. This is final for this item.",
  REVOKE: "Their access ends at once: a user is deactivated and signed out everywhere; an Amazon connection is disconnected and its Amazon data deleted. This is final for this item.",
};

export function DecisionForm({
  action,
  campaignId,
  itemId,
  subjectLabel,
  roleOptions,
  currentDecision,
  final = false,
}: {
  action: FormAction;
  campaignId: string;
  itemId: string;
  subjectLabel: string;
  /** Roles the subject may be changed to; empty for an Amazon connection (no Change). */
  roleOptions: readonly SelectOption[];
  currentDecision: Decision | null;
  /**
   * Change/Revoke recorded: no more decisions. The form stays mounted and
   * shows "Final", so the result of the decision that made it final is still
   * announced (an unmounted form would drop its toast).
   */
  final?: boolean;
}) {
  const [state, formAction, pending] = useActionState(action, null);
  const [open, setOpen] = useState(false);
  const [decision, setDecision] = useState<Decision>("KEEP");
  const formRef = useRef<HTMLFormElement>(null);
  const groupId = useId();
  useActionFeedback(state);
  useEffect(() => {
    if (state?.ok || (state && !state.ok && state.stepUpRequired)) setOpen(false);
  }, [state]);

  const choices: Array<{ value: Decision; label: string }> = [
    { value: "KEEP", label: "Keep" },
    ...(roleOptions.length > 0 ? [{ value: "CHANGE" as const, label: "Change role" }] : []),
    { value: "REVOKE", label: "Revoke" },
  ];

  if (final) return <span className="text-sm text-slate-600">Final</span>;

  return (
    <form ref={formRef} action={formAction} className="inline">
      <input type="hidden" name="campaignId" value={campaignId} />
      <input type="hidden" name="itemId" value={itemId} />
      <Button size="sm" variant="secondary" onClick={() => setOpen(true)} aria-label={`${currentDecision ? "Change decision for" : "Review"} ${subjectLabel}`}>
        {currentDecision ? "Change decision" : "Review"}
      </Button>
      <ConfirmDialog
        open={open}
        onOpenChange={setOpen}
        onConfirm={() => formRef.current?.requestSubmit()}
        title="Review access"
        description={subjectLabel}
        confirmLabel="Record decision"
        tone={decision === "KEEP" ? "primary" : "danger"}
        pending={pending}
      >
        <div className="grid gap-4">
          <fieldset aria-describedby={`${groupId}-effect`}>
            <legend className="text-sm font-medium text-slate-900">Decision</legend>
            <div className="mt-2 flex flex-wrap gap-4">
              {choices.map((choice) => (
                <label key={choice.value} className="flex items-center gap-2 text-sm text-slate-900">
                  <input
                    type="radio"
                    name="decision"
                    value={choice.value}
                    checked={decision === choice.value}
                    onChange={() => setDecision(choice.value)}
                    className="size-4 accent-ember-700"
                  />
                  {choice.label}
                </label>
              ))}
            </div>
            <p id={`${groupId}-effect`} className="mt-2 text-sm text-slate-600">
              {EFFECTS[decision]}
            </p>
          </fieldset>
          {decision === "CHANGE" && (
            <SelectField
              id={`${groupId}-role`}
              name="newRole"
              label="New role"
              options={roleOptions}
              placeholder="Choose a role…"
              required
              error={fieldError(state, "newRole")}
            />
          )}
          <TextAreaField
            id={`${groupId}-justification`}
            name="justification"
            label="Justification"
            hint="Why this decision, e.g. who confirmed the need. At least 10 characters; part of the evidence."
            required
            minLength={10}
            maxLength={1000}
            rows={3}
            error={fieldError(state, "justification")}
          />
        </div>
      </ConfirmDialog>
    </form>
  );
}

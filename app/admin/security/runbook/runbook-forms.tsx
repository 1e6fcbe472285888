"use client";
// The runbook's two forms: save a new version (markdown + change summary) and
// sign off a review (notes). Results come back as toasts; field errors inline.
import { useActionState, useEffect, useRef } from "react";
import { Button } from "@/components/button";
import { TextAreaField, TextField } from "@/components/form-field";
import { fieldError, useActionFeedback } from "@/components/use-action-feedback";
import { saveRunbook, signOffRunbook } from "./actions";

export function SignOffReviewForm({ version }: { version: number }) {
  const [state, formAction, pending] = useActionState(signOffRunbook, null);
  const formRef = useRef<HTMLFormElement>(null);
  useActionFeedback(state);
  useEffect(() => {
    if (state?.ok) formRef.current?.reset();
  }, [state]);
  return (
    <form ref={formRef} action={formAction} className="space-y-4">
      <TextAreaField
        name="notes"
        label="Review notes"
        hint={`What you checked in version ${version}: contact, roles, Amazon address, phases. Required.`}
        required
        minLength={5}
        maxLength={2000}
        rows={3}
        error={fieldError(state, "notes")}
      />
      <Button type="submit" pending={pending}>
        Sign off review
      </Button>
    </form>
  );
}

export function EditRunbookForm({ markdown, version }: { markdown: string; version: number }) {
  const [state, formAction, pending] = useActionState(saveRunbook, null);
  useActionFeedback(state);
  return (
    <form action={formAction} className="space-y-4">
      <TextAreaField
        name="markdown"
        label="Runbook (markdown)"
        hint={`Editing version ${version}. Saving creates version ${version + 1}; earlier versions are kept. {{INCIDENT_CONTACT}} is replaced by the point of contact from settings.`}
        required
        defaultValue={markdown}
        rows={24}
        className="font-mono text-xs"
        error={fieldError(state, "markdown")}
      />
      <TextField name="changeSummary" label="Change summary" required minLength={5} maxLength={500} error={fieldError(state, "changeSummary")} />
      <Button type="submit" pending={pending}>
        Save new version
      </Button>
    </form>
  );
}

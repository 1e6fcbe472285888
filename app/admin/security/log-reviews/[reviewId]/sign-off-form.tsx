"use client";
import { useActionState } from "react";
import { Button } from "@/components/button";
import { TextAreaField } from "@/components/form-field";
import type { FormAction } from "@/components/confirm-action-button";
import { fieldError, useActionFeedback } from "@/components/use-action-feedback";

export function SignOffForm({ action, reviewId }: { action: FormAction; reviewId: string }) {
  const [state, formAction, pending] = useActionState(action, null);
  useActionFeedback(state);
  return (
    <form action={formAction} className="grid max-w-2xl gap-4">
      <input type="hidden" name="reviewId" value={reviewId} />
      <TextAreaField
        name="notes"
        label="Review notes"
        hint="What you checked, what stood out and what you followed up (alerts, incidents, tickets). At least 10 characters. The summary above is frozen with your sign-off."
        required
        minLength={10}
        maxLength={4000}
        rows={5}
        error={fieldError(state, "notes")}
      />
      <div>
        <Button type="submit" pending={pending}>
          Sign off this week
        </Button>
      </div>
    </form>
  );
}

"use client";
import { useActionState } from "react";
import { CodeEntryForm } from "@/components/code-entry-form";
import type { ActionResult } from "@/lib/auth/define-action";
import { confirmStepUp } from "./actions";

export function StepUpForm({ next }: { next: string | null }) {
  const [state, action, pending] = useActionState<ActionResult | null, FormData>(confirmStepUp, null);
  const failure = state && !state.ok ? state : null;
  return (
    <CodeEntryForm
      action={action}
      pending={pending}
      failure={failure}
      next={next}
      submitLabel="Confirm"
      autoFocus
      codeError={failure?.fieldErrors?.code?.[0]}
    />
  );
}

"use client";
import { useActionState } from "react";
import { Alert } from "@/components/alert";
import { Button } from "@/components/button";
import { TextField } from "@/components/form-field";
import type { ActionResult } from "@/lib/auth/define-action";
import { confirmStepUp } from "./actions";

export function StepUpForm({ next }: { next: string | null }) {
  const [state, action, pending] = useActionState<ActionResult | null, FormData>(confirmStepUp, null);
  const failure = state && !state.ok ? state : null;
  return (
    <form action={action} className="space-y-5" noValidate>
      {failure && <Alert tone="error">{failure.error}</Alert>}
      {next && <input type="hidden" name="next" value={next} />}
      <TextField
        name="code"
        label="Authentication code"
        inputMode="numeric"
        autoComplete="one-time-code"
        pattern="[0-9 ]*"
        required
        maxLength={7}
        autoFocus
        error={failure?.fieldErrors?.code?.[0]}
      />
      <Button type="submit" pending={pending}>
        Confirm
      </Button>
    </form>
  );
}

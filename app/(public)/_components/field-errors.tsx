import type { ReactNode } from "react";
import { FormError } from "@/components/form-field";

type ResultLike = { ok: boolean; fieldErrors?: Record<string, string[]> } | null;

/**
 * The inline error for one field of an action result. FormField renders it
 * inside a <p>, so several messages become block-level spans, not a list.
 */
export function fieldError(state: ResultLike, name: string): ReactNode {
  const messages = state && !state.ok ? state.fieldErrors?.[name] : undefined;
  if (!messages || messages.length === 0) return undefined;
  if (messages.length === 1) return messages[0];
  return (
    <>
      {messages.map((message, index) => (
        <span key={message} className={index === 0 ? "block" : "mt-1 block font-normal"}>
          {message}
        </span>
      ))}
    </>
  );
}

/** The action's failure that is not about one field (expired link, rate limit...), as the form's alert. */
export function FormFailure({ state }: { state: { ok: boolean; error?: string; fieldErrors?: Record<string, string[]> } | null }) {
  return <FormError>{state && !state.ok && !state.fieldErrors ? state.error : null}</FormError>;
}

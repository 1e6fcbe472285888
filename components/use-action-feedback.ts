"use client";
// Turns a server action's result into the one feedback pattern: a toast for
// success or failure, and a trip to /step-up when the action needs a fresh
// MFA check (the user comes back here and repeats the click).
import { usePathname, useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { useToast } from "@/components/toast";
import type { ActionResult } from "@/lib/auth/define-action";

export function useActionFeedback<T>(state: ActionResult<T> | null, options: { successTitle?: string } = {}): void {
  const { toast } = useToast();
  const router = useRouter();
  const pathname = usePathname();
  // Each result object is handled once, even if the effect re-runs for other reasons.
  const handled = useRef<ActionResult<T> | null>(null);
  const { successTitle } = options;

  useEffect(() => {
    if (!state || handled.current === state) return;
    handled.current = state;
    if (state.ok) {
      toast({ title: state.message ?? successTitle ?? "Saved.", tone: "success" });
    } else if (state.stepUpRequired) {
      router.push(`/step-up?next=${encodeURIComponent(pathname)}`);
    } else {
      toast({ title: state.error, tone: "error" });
    }
  }, [state, toast, router, pathname, successTitle]);
}

/** The first inline error for `field`, if the last result had one. */
export function fieldError<T>(state: ActionResult<T> | null, field: string): string | undefined {
  if (!state || state.ok) return undefined;
  return state.fieldErrors?.[field]?.[0];
}

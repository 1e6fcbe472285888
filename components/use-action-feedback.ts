"use client";
// Turns a server action's result into the one feedback pattern: a toast for
// success or failure, and a trip to /step-up when the action needs a fresh
// MFA check: the page's address (with its filters) is the way back, and what
// the person typed is kept and the refused form submitted again on return
// (./step-up-draft.tsx).
//
// One rule for mutations (issue 11): the action revalidates the server-rendered
// parts of the screen; a success also invalidates every TanStack query (the
// client-polled parts, e.g. the Amazon connection's live status, which would
// otherwise keep showing its cached "Connected"), and the success toast waits
// for those to be fetched again, so it never announces a change the screen
// does not show yet.
import { useQueryClient } from "@tanstack/react-query";
import { usePathname, useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { rememberFormsForStepUp } from "@/components/step-up-draft";
import { useToast } from "@/components/toast";
import type { ActionResult } from "@/lib/auth/define-action";

export function useActionFeedback<T>(state: ActionResult<T> | null, options: { successTitle?: string } = {}): void {
  const { toast } = useToast();
  const queryClient = useQueryClient();
  const router = useRouter();
  const pathname = usePathname();
  // Each result object is handled once, even if the effect re-runs for other reasons.
  const handled = useRef<ActionResult<T> | null>(null);
  const { successTitle } = options;

  useEffect(() => {
    if (!state || handled.current === state) return;
    handled.current = state;
    if (state.ok) {
      const title = state.message ?? successTitle ?? "Saved.";
      void queryClient.invalidateQueries().finally(() => toast({ title, tone: "success" }));
    } else if (state.stepUpRequired) {
      rememberFormsForStepUp(pathname);
      router.push(`/step-up?next=${encodeURIComponent(`${pathname}${window.location.search}`)}`);
    } else {
      toast({ title: state.error, tone: "error" });
    }
  }, [state, toast, queryClient, router, pathname, successTitle]);
}

/** The first inline error for `field`, if the last result had one. */
export function fieldError<T>(state: ActionResult<T> | null, field: string): string | undefined {
  if (!state || state.ok) return undefined;
  return state.fieldErrors?.[field]?.[0];
}

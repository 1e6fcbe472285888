"use client";
// "Check for new alerts": runs one bounded evaluation now; the result comes back as a toast.
import { useActionState } from "react";
import { Button } from "@/components/button";
import { Icon } from "@/components/icons";
import { useActionFeedback } from "@/components/use-action-feedback";
import { checkForAlertsAction } from "./actions";

export function CheckAlertsButton() {
  const [state, formAction, pending] = useActionState(checkForAlertsAction, null);
  useActionFeedback(state);
  return (
    <form action={formAction}>
      <Button type="submit" variant="secondary" pending={pending} icon={<Icon name="bell" className="size-4" />}>
        Check for new alerts
      </Button>
    </form>
  );
}

"use client";
import { useActionState } from "react";
import { Button } from "@/components/button";
import { useActionFeedback } from "@/components/use-action-feedback";
import { acknowledgeNoticeAction } from "./actions";

export function AcknowledgeButton({ noticeId, title }: { noticeId: string; title: string }) {
  const [state, formAction, pending] = useActionState(acknowledgeNoticeAction, null);
  useActionFeedback(state);
  return (
    <form action={formAction}>
      <input type="hidden" name="noticeId" value={noticeId} />
      <Button type="submit" size="sm" pending={pending} aria-label={`Acknowledge “${title}”`}>
        Acknowledge
      </Button>
    </form>
  );
}

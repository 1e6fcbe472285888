// Plain module (no I/O): how the operator's seller page words deletion records.
// Counts and durations come from lib/time/in-words, like everywhere else.
import type { DeletionReason } from "@/lib/amazon/disconnect";

const DELETION_REASONS: Readonly<Record<DeletionReason, string>> = {
  seller_disconnected: "The seller disconnected Amazon",
  amazon_revoked: "The authorization was revoked on Amazon",
  access_review_revoked: "Revoked in an access review",
};

/** The stored reason in words; an unknown (older) reason is shown as stored. */
export function deletionReasonLabel(reason: string): string {
  return Object.hasOwn(DELETION_REASONS, reason) ? DELETION_REASONS[reason as DeletionReason] : reason;
}

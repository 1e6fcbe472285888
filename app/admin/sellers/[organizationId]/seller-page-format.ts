// Plain module (no I/O): how the operator's seller page words sync runs and
// deletion records. Durations are in words ("1 min 35 s"), not milliseconds.
import type { DeletionReason } from "@/lib/amazon/disconnect";

/** "under a second", "12 s", "1 min 35 s", "1 h 02 min"; null while the run has not finished. */
export function formatSyncDuration(startedAt: Date, finishedAt: Date | null): string | null {
  if (!finishedAt) return null;
  const totalSeconds = Math.max(0, Math.floor((finishedAt.getTime() - startedAt.getTime()) / 1000));
  if (totalSeconds < 1) return "under a second";
  if (totalSeconds < 60) return `${totalSeconds} s`;
  const totalMinutes = Math.floor(totalSeconds / 60);
  if (totalMinutes < 60) return `${totalMinutes} min ${String(totalSeconds % 60).padStart(2, "0")} s`;
  return `${Math.floor(totalMinutes / 60)} h ${String(totalMinutes % 60).padStart(2, "0")} min`;
}

const DELETION_REASONS: Readonly<Record<DeletionReason, string>> = {
  seller_disconnected: "The seller disconnected Amazon",
  amazon_revoked: "The authorization was revoked on Amazon",
  access_review_revoked: "Revoked in an access review",
};

/** The stored reason in words; an unknown (older) reason is shown as stored. */
export function deletionReasonLabel(reason: string): string {
  return Object.hasOwn(DELETION_REASONS, reason) ? DELETION_REASONS[reason as DeletionReason] : reason;
}

/** "1 order" / "1,204 orders". */
export function ordersCount(count: number): string {
  return `${count.toLocaleString("en-US")} ${count === 1 ? "order" : "orders"}`;
}

// Plain module (no I/O): ordering open incidents by how urgently they need
// attention, and the red/amber/green reading of Amazon's 24-hour clock
// (I3, D4) used by the dashboard's stat card and countdowns.
import type { AmazonDeadlineState } from "@/lib/incidents/amazon-deadline";
import type { IncidentSeverity } from "@/lib/db/generated/enums";

const HOUR_MS = 3_600_000;

export interface UrgencyFields {
  severity: IncidentSeverity;
  detectedAt: Date;
  amazonClock: AmazonDeadlineState;
}

export type DeadlineTone = "red" | "amber" | "green" | "none";

/**
 * red: breached, or 4 hours or less left (the 4-hour and 1-hour warnings);
 * amber: 12 hours or less left; green: running with more than 12 hours left;
 * none: no running clock (not applicable, not started, or Amazon notified).
 */
export function deadlineTone(state: AmazonDeadlineState): DeadlineTone {
  if (state.status === "breached") return "red";
  if (state.status !== "running") return "none";
  if (state.msLeft <= 4 * HOUR_MS) return "red";
  if (state.msLeft <= 12 * HOUR_MS) return "amber";
  return "green";
}

// Breached clocks first, then running clocks, then Amazon incidents whose
// clock has not started yet (confirmation will start it), then the rest.
const RANK: Record<AmazonDeadlineState["status"], number> = {
  breached: 0,
  running: 1,
  "not-started": 2,
  notified: 3,
  "not-applicable": 3,
};

const SEVERITY_RANK: Record<IncidentSeverity, number> = { SEV1: 0, SEV2: 1, SEV3: 2, SEV4: 3 };

function deadlineMs(state: AmazonDeadlineState): number {
  return state.status === "breached" || state.status === "running" ? state.deadlineAt.getTime() : Number.POSITIVE_INFINITY;
}

/** Most urgent first: breached (longest overdue first), then least time left, then severity, then oldest. */
export function compareByUrgency(a: UrgencyFields, b: UrgencyFields): number {
  return (
    RANK[a.amazonClock.status] - RANK[b.amazonClock.status] ||
    // Within breached/running, the earlier deadline is the more urgent (longest overdue / least left).
    (deadlineMs(a.amazonClock) === deadlineMs(b.amazonClock) ? 0 : deadlineMs(a.amazonClock) < deadlineMs(b.amazonClock) ? -1 : 1) ||
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    a.detectedAt.getTime() - b.detectedAt.getTime()
  );
}

export function sortByUrgency<T extends UrgencyFields>(incidents: readonly T[]): T[] {
  return [...incidents].sort(compareByUrgency);
}

/** The incident whose running (or breached) clock is the most pressing, if any. */
export function nearestAmazonDeadline<T extends UrgencyFields>(sortedByUrgency: readonly T[]): T | null {
  return sortedByUrgency.find((incident) => incident.amazonClock.status === "breached" || incident.amazonClock.status === "running") ?? null;
}

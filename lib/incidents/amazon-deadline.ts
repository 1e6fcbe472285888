// Amazon's 24-hour notification clock (controls I3, D4). Pure: the caller
// passes "now" (from a Clock), so the 12/4/1-hour marks and the breach are
// tested by moving time, not by waiting. Plain module (no I/O): used by the
// incident screens, the dashboard, the deadline job and the countdown widget.

export const AMAZON_NOTIFICATION_WINDOW_MS = 24 * 3_600_000;
/** Hours left at which a warning is raised, largest first. */
export const DEADLINE_WARNING_HOURS = [12, 4, 1] as const;
export type DeadlineWarningHours = (typeof DEADLINE_WARNING_HOURS)[number];

export interface AmazonClockFields {
  involvesAmazonInformation: boolean;
  confirmedAt: Date | null;
  amazonNotifiedAt: Date | null;
}

export type AmazonDeadlineState =
  /** The incident does not involve Amazon Information: no clock. */
  | { status: "not-applicable" }
  /** Involves Amazon Information but not confirmed yet: the clock has not started. */
  | { status: "not-started" }
  /** Clock running; `warning` is the smallest mark already passed (null before 12 h left). */
  | { status: "running"; deadlineAt: Date; msLeft: number; warning: DeadlineWarningHours | null }
  /** Past the deadline without a recorded notification. */
  | { status: "breached"; deadlineAt: Date; msOverdue: number }
  /** Amazon was notified: the clock stopped; `late` if that happened after the deadline. */
  | { status: "notified"; deadlineAt: Date; notifiedAt: Date; late: boolean };

export function amazonDeadlineAt(confirmedAt: Date): Date {
  return new Date(confirmedAt.getTime() + AMAZON_NOTIFICATION_WINDOW_MS);
}

/** The warning mark reached with `msLeft` remaining (e.g. 11 h left -> 12), or null. */
export function warningFor(msLeft: number): DeadlineWarningHours | null {
  let reached: DeadlineWarningHours | null = null;
  for (const hours of DEADLINE_WARNING_HOURS) if (msLeft <= hours * 3_600_000) reached = hours;
  return reached;
}

export function amazonDeadlineState(incident: AmazonClockFields, now: Date): AmazonDeadlineState {
  if (!incident.involvesAmazonInformation) return { status: "not-applicable" };
  if (incident.confirmedAt === null) return { status: "not-started" };
  const deadlineAt = amazonDeadlineAt(incident.confirmedAt);
  if (incident.amazonNotifiedAt !== null) {
    return { status: "notified", deadlineAt, notifiedAt: incident.amazonNotifiedAt, late: incident.amazonNotifiedAt > deadlineAt };
  }
  const msLeft = deadlineAt.getTime() - now.getTime();
  if (msLeft <= 0) return { status: "breached", deadlineAt, msOverdue: now.getTime() - deadlineAt.getTime() };
  return { status: "running", deadlineAt, msLeft, warning: warningFor(msLeft) };
}

/**
 * "5 h 03 min" / "42 min" / "under a minute": for labels next to the countdown.
 * With `seconds` (a clock that ticks on screen): "5 h 03 min 09 s" / "42 min 05 s" / "9 s".
 */
export function formatDuration(ms: number, options: { seconds?: boolean } = {}): string {
  const totalSeconds = Math.floor(Math.abs(ms) / 1000);
  const totalMinutes = Math.floor(totalSeconds / 60);
  const hours = Math.floor(totalMinutes / 60);
  const minutes = totalMinutes % 60;
  if (options.seconds) {
    const seconds = String(totalSeconds % 60).padStart(2, "0");
    if (totalMinutes < 1) return `${totalSeconds % 60} s`;
    return hours === 0 ? `${minutes} min ${seconds} s` : `${hours} h ${String(minutes).padStart(2, "0")} min ${seconds} s`;
  }
  if (totalMinutes < 1) return "under a minute";
  return hours === 0 ? `${minutes} min` : `${hours} h ${String(minutes).padStart(2, "0")} min`;
}

// Log reviews (control L4): the week arithmetic. Plain module (no I/O).
//
// A review covers one ISO week in UTC: Monday 00:00 (inclusive) to the next
// Monday 00:00 (exclusive). UTC, not the team's working-hours time zone, so a
// period never has 23 or 25 hours and two instances in different zones agree
// on which week an event belongs to.
import { DAY_MS } from "@/lib/time/clock";

export const WEEK_MS = 7 * DAY_MS;

export interface ReviewPeriod {
  periodStart: Date;
  periodEnd: Date;
}

/** Monday 00:00 UTC of the week that contains `at`. */
export function weekStartUtc(at: Date): Date {
  const midnight = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());
  // getUTCDay(): 0 = Sunday ... 6 = Saturday; days since Monday:
  const daysSinceMonday = (at.getUTCDay() + 6) % 7;
  return new Date(midnight - daysSinceMonday * DAY_MS);
}

/** The week that contains `at`. */
export function weekContaining(at: Date): ReviewPeriod {
  const periodStart = weekStartUtc(at);
  return { periodStart, periodEnd: new Date(periodStart.getTime() + WEEK_MS) };
}

/** The last week that has fully ended at `now` (the one a new review covers). */
export function lastCompletedWeek(now: Date): ReviewPeriod {
  const periodEnd = weekStartUtc(now);
  return { periodStart: new Date(periodEnd.getTime() - WEEK_MS), periodEnd };
}

export function logReviewDueAt(periodEnd: Date, graceDays: number): Date {
  return new Date(periodEnd.getTime() + graceDays * DAY_MS);
}

/**
 * The completed weeks that need a review task at `now`: from the week after
 * `latestExistingStart` (the newest task already created) up to the last
 * completed week, at most `maxWeeks` of them (newest kept). Without any task
 * yet, only the last completed week: a fresh install does not owe reviews of
 * weeks before it existed. Backfilling matters when the scheduler was down
 * for a while: a skipped week would be a silent gap in the L4 evidence.
 */
export function periodsToCreate(latestExistingStart: Date | null, now: Date, maxWeeks = 12): ReviewPeriod[] {
  const last = lastCompletedWeek(now);
  if (!latestExistingStart) return [last];
  const periods: ReviewPeriod[] = [];
  for (let start = last.periodStart.getTime(); start > latestExistingStart.getTime() && periods.length < maxWeeks; start -= WEEK_MS) {
    periods.push({ periodStart: new Date(start), periodEnd: new Date(start + WEEK_MS) });
  }
  return periods.reverse();
}

export function isLogReviewOverdue(review: { status: "OPEN" | "COMPLETED"; dueAt: Date }, now: Date): boolean {
  return review.status === "OPEN" && review.dueAt.getTime() < now.getTime();
}

/** "2026-11-23 to 2026-11-29" (the last day shown is the Sunday; the end instant is exclusive). */
export function formatPeriod(period: ReviewPeriod): string {
  const lastDay = new Date(period.periodEnd.getTime() - DAY_MS);
  return `${period.periodStart.toISOString().slice(0, 10)} to ${lastDay.toISOString().slice(0, 10)}`;
}

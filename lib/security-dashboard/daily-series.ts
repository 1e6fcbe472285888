// Plain module (no I/O): the 30 UTC days of the dashboard's activity charts
// and the zero-filling of the per-day counts the database returns (days
// without events have no row).

const DAY_MS = 86_400_000;

export const ACTIVITY_DAYS = 30;

/** The audit actions behind each chart. */
export const ACTIVITY_SERIES = {
  signInFailures: "auth.sign_in_failed",
  lockouts: "auth.lockout",
  mfaFailures: "auth.mfa_failed",
  piiReveals: "orders.pii_revealed",
} as const;

export type ActivitySeriesKey = keyof typeof ACTIVITY_SERIES;
export const ACTIVITY_SERIES_KEYS = Object.keys(ACTIVITY_SERIES) as ActivitySeriesKey[];

export type ActivityDay = { date: string } & Record<ActivitySeriesKey, number>;

export interface ActivityWindow {
  /** Midnight UTC of the first day (inclusive). */
  from: Date;
  /** The "now" the window ends at (inclusive). */
  to: Date;
  /** YYYY-MM-DD of each day, oldest first; the last one is today (UTC). */
  dates: string[];
}

export function utcDateKey(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function activityWindow(now: Date, days = ACTIVITY_DAYS): ActivityWindow {
  const todayMidnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const from = new Date(todayMidnight - (days - 1) * DAY_MS);
  const dates = Array.from({ length: days }, (_, index) => utcDateKey(new Date(from.getTime() + index * DAY_MS)));
  return { from, to: now, dates };
}

export interface DailyCountRow {
  day: string;
  action: string;
  count: number;
}

/** One entry per day of the window, every series present, 0 where the database had no row. */
export function zeroFilledSeries(dates: readonly string[], rows: readonly DailyCountRow[]): ActivityDay[] {
  const keyOfAction = new Map<string, ActivitySeriesKey>(ACTIVITY_SERIES_KEYS.map((key) => [ACTIVITY_SERIES[key], key]));
  const byDay = new Map<string, ActivityDay>(
    dates.map((date) => [date, { date, signInFailures: 0, lockouts: 0, mfaFailures: 0, piiReveals: 0 }]),
  );
  for (const row of rows) {
    const day = byDay.get(row.day);
    const key = keyOfAction.get(row.action);
    if (day && key) day[key] += row.count;
  }
  return dates.map((date) => byDay.get(date) as ActivityDay);
}

export function seriesTotals(days: readonly ActivityDay[]): Record<ActivitySeriesKey, number> {
  const totals: Record<ActivitySeriesKey, number> = { signInFailures: 0, lockouts: 0, mfaFailures: 0, piiReveals: 0 };
  for (const day of days) for (const key of ACTIVITY_SERIES_KEYS) totals[key] += day[key];
  return totals;
}

// Plain module (no I/O): how the dashboard words dates. Times are shown in
// UTC (the audit trail and Amazon's deadline are in UTC); due dates also say
// how far away they are, which is what a glance needs.

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

const dayFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
const relative = new Intl.RelativeTimeFormat("en", { numeric: "auto" });

/** "20 Jul 2041" (UTC). */
export function formatDay(date: Date): string {
  return dayFormat.format(date);
}

/** "in 3 days", "2 hours ago", "today"-ish wording for a due date or a past event. */
export function formatRelative(target: Date, now: Date): string {
  const diff = target.getTime() - now.getTime();
  const abs = Math.abs(diff);
  if (abs < HOUR_MS) return relative.format(Math.round(diff / 60_000), "minute");
  if (abs < DAY_MS) return relative.format(Math.round(diff / HOUR_MS), "hour");
  return relative.format(Math.round(diff / DAY_MS), "day");
}

/** "20 Jul 2041 (in 3 days)". */
export function formatDayWithRelative(date: Date, now: Date): string {
  return `${formatDay(date)} (${formatRelative(date, now)})`;
}

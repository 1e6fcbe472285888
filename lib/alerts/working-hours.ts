// Is a moment inside the configured working hours (settings.workingHours: an
// IANA time zone, HH:MM start and end, ISO weekdays)? Pure; Intl does the
// time-zone arithmetic (including daylight-saving changes), no date library.
import type { SecuritySettings } from "@/lib/security-settings/settings";

type WorkingHours = SecuritySettings["workingHours"];

const ISO_WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", { timeZone, weekday: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The wall-clock weekday (ISO, 1 = Monday) and "HH:MM" of `at` in `timeZone`. */
export function localTime(at: Date, timeZone: string): { isoWeekday: number; hhmm: string } {
  const parts = formatterFor(timeZone).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((item) => item.type === type)?.value ?? "";
  const isoWeekday = ISO_WEEKDAYS[part("weekday")];
  if (isoWeekday === undefined) throw new Error(`Unexpected weekday from Intl for ${timeZone}`);
  return { isoWeekday, hhmm: `${part("hour").padStart(2, "0")}:${part("minute").padStart(2, "0")}` };
}

/** Working hours include the start minute and exclude the end minute (07:00-19:00 means 07:00 to 18:59). */
export function isWithinWorkingHours(at: Date, hours: WorkingHours): boolean {
  const { isoWeekday, hhmm } = localTime(at, hours.timeZone);
  return hours.days.includes(isoWeekday) && hhmm >= hours.start && hhmm < hours.end;
}

const WEEKDAY_NAMES = ["", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

/** "Saturday at 02:13 (Europe/Berlin)": for alert summaries (a time and a zone are not personal data). */
export function describeLocalTime(at: Date, timeZone: string): string {
  const { isoWeekday, hhmm } = localTime(at, timeZone);
  return `${WEEKDAY_NAMES[isoWeekday]} at ${hhmm} (${timeZone})`;
}

/** "Monday to Friday", "every day", "Monday, Wednesday and Friday", "Saturday and Sunday". */
export function describeWorkingDays(days: readonly number[]): string {
  const sorted = [...new Set(days)].filter((day) => day >= 1 && day <= 7).sort((a, b) => a - b);
  if (sorted.length === 7) return "every day";
  // Runs of consecutive days; three or more read as a range.
  const runs: number[][] = [];
  for (const day of sorted) {
    const run = runs.at(-1);
    if (run && run.at(-1) === day - 1) run.push(day);
    else runs.push([day]);
  }
  const parts = runs.flatMap((run) =>
    run.length >= 3 ? [`${WEEKDAY_NAMES[run[0]!]} to ${WEEKDAY_NAMES[run.at(-1)!]}`] : run.map((day) => WEEKDAY_NAMES[day]!),
  );
  return parts.length <= 1 ? (parts[0] ?? "no day") : `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`;
}

/** "07:00 to 19:00, Monday to Friday". */
export function describeWorkingHours(hours: WorkingHours): string {
  return `${hours.start} to ${hours.end}, ${describeWorkingDays(hours.days)}`;
}

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

/** "Saturday 02:13 (Europe/Berlin)": for alert summaries (a time and a zone are not personal data). */
export function describeLocalTime(at: Date, timeZone: string): string {
  const { isoWeekday, hhmm } = localTime(at, timeZone);
  return `${WEEKDAY_NAMES[isoWeekday]} ${hhmm} (${timeZone})`;
}

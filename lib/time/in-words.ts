// Counts and durations as a person says them: "1 failed sign-in",
// "5 failed sign-ins", "15 minutes", "2 h 5 min" is NOT how we write them.
// Plain functions (no locale data): the same text on the server and in the
// browser, so a server-rendered sentence never changes on hydration.

/** "1 order", "3 orders", "1,204 orders"; `plural` defaults to `singular + "s"`. */
export function countInWords(count: number, singular: string, plural = `${singular}s`): string {
  const whole = Math.trunc(count);
  return `${whole.toLocaleString("en-US")} ${Math.abs(whole) === 1 ? singular : plural}`;
}

const UNITS = [
  { name: "day", ms: 86_400_000 },
  { name: "hour", ms: 3_600_000 },
  { name: "minute", ms: 60_000 },
  { name: "second", ms: 1_000 },
] as const;

/**
 * A duration in at most two units, largest first, rounded down:
 * "less than a second", "42 seconds", "3 minutes 5 seconds", "1 hour",
 * "2 days 4 hours". Negative durations are treated as zero.
 */
export function durationInWords(ms: number): string {
  let rest = Math.max(0, Math.floor(ms));
  const parts: string[] = [];
  for (const unit of UNITS) {
    if (parts.length === 2) break;
    const amount = Math.floor(rest / unit.ms);
    if (amount > 0) {
      parts.push(countInWords(amount, unit.name));
      rest -= amount * unit.ms;
    } else if (parts.length > 0) {
      // "1 hour 0 minutes" says nothing the first unit did not.
      break;
    }
  }
  return parts.length === 0 ? "less than a second" : parts.join(" ");
}

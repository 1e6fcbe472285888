import { describe, expect, it } from "vitest";
import { formatDay, formatDayWithRelative, formatRelative } from "./format";

const NOW = new Date("2026-05-04T12:00:00Z");

describe("dashboard date wording", () => {
  it("formats days in UTC", () => {
    expect(formatDay(new Date("2026-05-04T23:30:00-02:00"))).toBe("5 May 2026");
  });

  it("says how far a date is, in minutes, hours or days", () => {
    expect(formatRelative(new Date(NOW.getTime() + 3 * 86_400_000), NOW)).toBe("in 3 days");
    expect(formatRelative(new Date(NOW.getTime() - 86_400_000), NOW)).toBe("yesterday");
    expect(formatRelative(new Date(NOW.getTime() - 5 * 3_600_000), NOW)).toBe("5 hours ago");
    expect(formatRelative(new Date(NOW.getTime() + 10 * 60_000), NOW)).toBe("in 10 minutes");
    expect(formatDayWithRelative(new Date(NOW.getTime() + 2 * 86_400_000), NOW)).toBe("6 May 2026 (in 2 days)");
  });
});

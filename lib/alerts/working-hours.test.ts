import { describe, expect, it } from "vitest";
import { describeLocalTime, describeWorkingDays, describeWorkingHours, isWithinWorkingHours, localTime } from "./working-hours";

const weekdays = { timeZone: "Europe/Berlin", start: "07:00", end: "19:00", days: [1, 2, 3, 4, 5] };

describe("working hours", () => {
  it("reads the wall clock in the configured zone (winter and summer time)", () => {
    // 2026-01-14 is a Wednesday; Berlin is UTC+1 in January, UTC+2 in July.
    expect(localTime(new Date("2026-01-14T06:30:00Z"), "Europe/Berlin")).toEqual({ isoWeekday: 3, hhmm: "07:30" });
    expect(localTime(new Date("2026-07-15T06:30:00Z"), "Europe/Berlin")).toEqual({ isoWeekday: 3, hhmm: "08:30" });
    expect(localTime(new Date("2026-01-14T23:30:00Z"), "America/New_York")).toEqual({ isoWeekday: 3, hhmm: "18:30" });
    expect(localTime(new Date("2026-01-14T00:05:00Z"), "UTC")).toEqual({ isoWeekday: 3, hhmm: "00:05" });
  });

  it("is inside on a working day between start (inclusive) and end (exclusive)", () => {
    expect(isWithinWorkingHours(new Date("2026-01-14T06:00:00Z"), weekdays)).toBe(true); // 07:00 Berlin
    expect(isWithinWorkingHours(new Date("2026-01-14T17:59:00Z"), weekdays)).toBe(true); // 18:59
    expect(isWithinWorkingHours(new Date("2026-01-14T18:00:00Z"), weekdays)).toBe(false); // 19:00
    expect(isWithinWorkingHours(new Date("2026-01-14T05:59:00Z"), weekdays)).toBe(false); // 06:59
  });

  it("is outside on days that are not working days", () => {
    expect(isWithinWorkingHours(new Date("2026-01-17T10:00:00Z"), weekdays)).toBe(false); // Saturday
    expect(isWithinWorkingHours(new Date("2026-01-17T10:00:00Z"), { ...weekdays, days: [6] })).toBe(true);
  });

  it("the same instant can be inside in one zone and outside in another", () => {
    const at = new Date("2026-01-14T02:00:00Z");
    expect(isWithinWorkingHours(at, { ...weekdays, timeZone: "Asia/Tokyo" })).toBe(true); // 11:00 Tokyo
    expect(isWithinWorkingHours(at, weekdays)).toBe(false); // 03:00 Berlin
  });

  it("describes a moment for a summary", () => {
    expect(describeLocalTime(new Date("2026-01-17T01:13:00Z"), "Europe/Berlin")).toBe("Saturday at 02:13 (Europe/Berlin)");
  });

  it("describes the working days and hours in words", () => {
    expect(describeWorkingDays([1, 2, 3, 4, 5])).toBe("Monday to Friday");
    expect(describeWorkingDays([7, 6, 5, 4, 3, 2, 1])).toBe("every day");
    expect(describeWorkingDays([1, 3, 5])).toBe("Monday, Wednesday and Friday");
    expect(describeWorkingDays([6, 7])).toBe("Saturday and Sunday");
    expect(describeWorkingDays([2])).toBe("Tuesday");
    expect(describeWorkingDays([1, 2, 3, 5, 6])).toBe("Monday to Wednesday, Friday and Saturday");
    expect(describeWorkingHours(weekdays)).toBe("07:00 to 19:00, Monday to Friday");
  });
});

import { describe, expect, it } from "vitest";
import {
  formatPeriod,
  isLogReviewOverdue,
  lastCompletedWeek,
  logReviewDueAt,
  periodsToCreate,
  weekContaining,
  weekStartUtc,
} from "./log-review-periods";

const at = (iso: string) => new Date(iso);

describe("weekStartUtc", () => {
  it("is Monday 00:00 UTC for every day of the week", () => {
    // 2026-11-23 is a Monday.
    for (const day of ["2026-11-23T00:00:00Z", "2026-11-25T13:45:00Z", "2026-11-29T23:59:59.999Z"]) {
      expect(weekStartUtc(at(day)).toISOString()).toBe("2026-11-23T00:00:00.000Z");
    }
  });

  it("puts Monday 00:00 in the new week and Sunday 23:59 in the old one", () => {
    expect(weekStartUtc(at("2026-11-30T00:00:00Z")).toISOString()).toBe("2026-11-30T00:00:00.000Z");
    expect(weekStartUtc(at("2026-11-29T23:59:59Z")).toISOString()).toBe("2026-11-23T00:00:00.000Z");
  });

  it("crosses month and year boundaries", () => {
    // 2027-01-01 is a Friday; its week started on Monday 2026-12-28.
    expect(weekStartUtc(at("2027-01-01T08:00:00Z")).toISOString()).toBe("2026-12-28T00:00:00.000Z");
  });

  it("ignores local time zones (a Monday 00:30 in Berlin is still Sunday in UTC)", () => {
    expect(weekStartUtc(at("2026-11-30T00:30:00+01:00")).toISOString()).toBe("2026-11-23T00:00:00.000Z");
  });
});

describe("periods", () => {
  it("the week containing a moment spans exactly 7 days", () => {
    const week = weekContaining(at("2026-11-25T10:00:00Z"));
    expect(week.periodEnd.getTime() - week.periodStart.getTime()).toBe(7 * 86_400_000);
  });

  it("the last completed week ends at the current week's Monday", () => {
    const week = lastCompletedWeek(at("2026-12-02T09:00:00Z"));
    expect(week.periodStart.toISOString()).toBe("2026-11-23T00:00:00.000Z");
    expect(week.periodEnd.toISOString()).toBe("2026-11-30T00:00:00.000Z");
    expect(formatPeriod(week)).toBe("2026-11-23 to 2026-11-29");
  });

  it("on Monday 00:00 exactly, the week that just ended is the last completed one", () => {
    expect(lastCompletedWeek(at("2026-11-30T00:00:00Z")).periodStart.toISOString()).toBe("2026-11-23T00:00:00.000Z");
  });

  it("due date is the end plus the grace days", () => {
    expect(logReviewDueAt(at("2026-11-30T00:00:00Z"), 3).toISOString()).toBe("2026-12-03T00:00:00.000Z");
  });

  it("overdue only while open and past due", () => {
    const dueAt = at("2026-12-03T00:00:00Z");
    expect(isLogReviewOverdue({ status: "OPEN", dueAt }, at("2026-12-03T00:00:00Z"))).toBe(false);
    expect(isLogReviewOverdue({ status: "OPEN", dueAt }, at("2026-12-03T00:00:01Z"))).toBe(true);
    expect(isLogReviewOverdue({ status: "COMPLETED", dueAt }, at("2027-01-01T00:00:00Z"))).toBe(false);
  });
});

describe("periodsToCreate", () => {
  const now = at("2026-12-16T12:00:00Z"); // a Wednesday; last completed week starts 2026-12-07

  it("creates only the last completed week when there is no task yet", () => {
    expect(periodsToCreate(null, now).map((p) => p.periodStart.toISOString())).toEqual(["2026-12-07T00:00:00.000Z"]);
  });

  it("creates nothing when the last completed week already has a task", () => {
    expect(periodsToCreate(at("2026-12-07T00:00:00Z"), now)).toEqual([]);
  });

  it("backfills the weeks missed since the newest task, oldest first", () => {
    expect(periodsToCreate(at("2026-11-16T00:00:00Z"), now).map((p) => p.periodStart.toISOString())).toEqual([
      "2026-11-23T00:00:00.000Z",
      "2026-11-30T00:00:00.000Z",
      "2026-12-07T00:00:00.000Z",
    ]);
  });

  it("caps the backfill, keeping the newest weeks", () => {
    const periods = periodsToCreate(at("2025-01-06T00:00:00Z"), now, 2);
    expect(periods.map((p) => p.periodStart.toISOString())).toEqual(["2026-11-30T00:00:00.000Z", "2026-12-07T00:00:00.000Z"]);
  });
});

import { describe, expect, it } from "vitest";
import { activityWindow, seriesTotals, zeroFilledSeries } from "./daily-series";

describe("activityWindow", () => {
  it("covers 30 UTC days ending today, starting at midnight UTC", () => {
    const window = activityWindow(new Date("2026-03-01T00:30:00+02:00")); // 2026-02-28T22:30Z
    expect(window.dates).toHaveLength(30);
    expect(window.dates.at(-1)).toBe("2026-02-28");
    expect(window.dates[0]).toBe("2026-01-30");
    expect(window.from.toISOString()).toBe("2026-01-30T00:00:00.000Z");
    expect(new Set(window.dates).size).toBe(30);
  });

  it("crosses a leap day", () => {
    expect(activityWindow(new Date("2028-03-01T12:00:00Z"), 2).dates).toEqual(["2028-02-29", "2028-03-01"]);
  });
});

describe("zeroFilledSeries", () => {
  it("puts each count on its day and series, zeros elsewhere, and ignores unknown days and actions", () => {
    const days = zeroFilledSeries(
      ["2026-01-01", "2026-01-02", "2026-01-03"],
      [
        { day: "2026-01-01", action: "auth.sign_in_failed", count: 4 },
        { day: "2026-01-03", action: "auth.lockout", count: 1 },
        { day: "2026-01-03", action: "orders.pii_revealed", count: 2 },
        { day: "2026-01-03", action: "auth.mfa_failed", count: 3 },
        { day: "2025-12-31", action: "auth.lockout", count: 9 },
        { day: "2026-01-02", action: "auth.sign_in", count: 9 },
      ],
    );
    expect(days).toEqual([
      { date: "2026-01-01", signInFailures: 4, lockouts: 0, mfaFailures: 0, piiReveals: 0 },
      { date: "2026-01-02", signInFailures: 0, lockouts: 0, mfaFailures: 0, piiReveals: 0 },
      { date: "2026-01-03", signInFailures: 0, lockouts: 1, mfaFailures: 3, piiReveals: 2 },
    ]);
    expect(seriesTotals(days)).toEqual({ signInFailures: 4, lockouts: 1, mfaFailures: 3, piiReveals: 2 });
  });
});

import { describe, expect, it } from "vitest";
import { amazonDeadlineState } from "@/lib/incidents/amazon-deadline";
import { compareByUrgency, deadlineTone, nearestAmazonDeadline, sortByUrgency, type UrgencyFields } from "./incident-urgency";

const NOW = new Date("2026-05-04T12:00:00Z");
const HOUR = 3_600_000;

function incident(
  name: string,
  clock: { amazon?: boolean; confirmedHoursAgo?: number; notified?: boolean },
  severity: UrgencyFields["severity"] = "SEV2",
  detectedHoursAgo = 48,
): UrgencyFields & { name: string } {
  const confirmedAt = clock.confirmedHoursAgo === undefined ? null : new Date(NOW.getTime() - clock.confirmedHoursAgo * HOUR);
  return {
    name,
    severity,
    detectedAt: new Date(NOW.getTime() - detectedHoursAgo * HOUR),
    amazonClock: amazonDeadlineState(
      { involvesAmazonInformation: clock.amazon ?? false, confirmedAt, amazonNotifiedAt: clock.notified && confirmedAt ? NOW : null },
      NOW,
    ),
  };
}

describe("deadlineTone", () => {
  const running = (hoursLeft: number) => amazonDeadlineState({ involvesAmazonInformation: true, confirmedAt: new Date(NOW.getTime() - (24 - hoursLeft) * HOUR), amazonNotifiedAt: null }, NOW);

  it("is green above 12 hours left, amber from 12, red from 4 and when breached", () => {
    expect(deadlineTone(running(12.01))).toBe("green");
    expect(deadlineTone(running(12))).toBe("amber");
    expect(deadlineTone(running(4.01))).toBe("amber");
    expect(deadlineTone(running(4))).toBe("red");
    expect(deadlineTone(running(0.5))).toBe("red");
    expect(deadlineTone(running(-1))).toBe("red");
  });

  it("is none when no clock runs", () => {
    expect(deadlineTone({ status: "not-applicable" })).toBe("none");
    expect(deadlineTone({ status: "not-started" })).toBe("none");
    expect(deadlineTone({ status: "notified", deadlineAt: NOW, notifiedAt: NOW, late: false })).toBe("none");
  });
});

describe("sortByUrgency", () => {
  it("puts breached first (longest overdue first), then least time left, then unstarted Amazon clocks, then severity and age", () => {
    const sorted = sortByUrgency([
      incident("sev1 no amazon", {}, "SEV1"),
      incident("notified", { amazon: true, confirmedHoursAgo: 5, notified: true }, "SEV4"),
      incident("running 20h", { amazon: true, confirmedHoursAgo: 4 }),
      incident("breached 1h", { amazon: true, confirmedHoursAgo: 25 }),
      incident("not started", { amazon: true }),
      incident("running 2h", { amazon: true, confirmedHoursAgo: 22 }, "SEV4"),
      incident("breached 10h", { amazon: true, confirmedHoursAgo: 34 }),
      incident("sev3 older", {}, "SEV3", 100),
      incident("sev3 newer", {}, "SEV3", 10),
    ]);
    expect(sorted.map((item) => item.name)).toEqual([
      "breached 10h",
      "breached 1h",
      "running 2h",
      "running 20h",
      "not started",
      "sev1 no amazon",
      "sev3 older",
      "sev3 newer",
      "notified",
    ]);
    expect(nearestAmazonDeadline(sorted)?.name).toBe("breached 10h");
  });

  it("finds no nearest deadline without a running or breached clock", () => {
    expect(nearestAmazonDeadline(sortByUrgency([incident("a", {}), incident("b", { amazon: true })]))).toBeNull();
  });

  it("is a consistent comparator (antisymmetric)", () => {
    const a = incident("a", { amazon: true, confirmedHoursAgo: 3 });
    const b = incident("b", {}, "SEV1");
    expect(Math.sign(compareByUrgency(a, b))).toBe(-Math.sign(compareByUrgency(b, a)));
  });
});

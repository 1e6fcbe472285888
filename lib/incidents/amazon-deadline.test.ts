import { describe, expect, it } from "vitest";
import { ManualClock } from "@/lib/time/clock";
import { amazonDeadlineState, formatDuration, warningFor } from "./amazon-deadline";

const confirmedAt = new Date("2026-11-29T08:00:00.000Z");
const base = { involvesAmazonInformation: true, confirmedAt, amazonNotifiedAt: null };

describe("Amazon's 24-hour notification clock", () => {
  it("does not run for incidents without Amazon Information, nor before confirmation", () => {
    expect(amazonDeadlineState({ ...base, involvesAmazonInformation: false }, new Date()).status).toBe("not-applicable");
    expect(amazonDeadlineState({ ...base, confirmedAt: null }, new Date()).status).toBe("not-started");
  });

  it("warns at 12, 4 and 1 hours left and flags the breach at 24 hours", () => {
    const clock = new ManualClock(confirmedAt);
    const at = (hours: number) => {
      clock.set(confirmedAt.getTime() + hours * 3_600_000);
      return amazonDeadlineState(base, clock.now());
    };
    expect(at(0)).toMatchObject({ status: "running", warning: null, msLeft: 24 * 3_600_000 });
    expect(at(11.99)).toMatchObject({ status: "running", warning: null });
    expect(at(12)).toMatchObject({ status: "running", warning: 12 });
    expect(at(19.99)).toMatchObject({ status: "running", warning: 12 });
    expect(at(20)).toMatchObject({ status: "running", warning: 4 });
    expect(at(23)).toMatchObject({ status: "running", warning: 1 });
    expect(at(23.999)).toMatchObject({ status: "running", warning: 1 });
    expect(at(24)).toMatchObject({ status: "breached", msOverdue: 0 });
    expect(at(30)).toMatchObject({ status: "breached", msOverdue: 6 * 3_600_000 });
  });

  it("stops when Amazon is notified, and remembers whether that was late", () => {
    const onTime = amazonDeadlineState({ ...base, amazonNotifiedAt: new Date("2026-11-30T07:59:00.000Z") }, new Date("2026-12-05T00:00:00Z"));
    expect(onTime).toMatchObject({ status: "notified", late: false });
    const late = amazonDeadlineState({ ...base, amazonNotifiedAt: new Date("2026-11-30T08:00:01.000Z") }, new Date("2026-12-05T00:00:00Z"));
    expect(late).toMatchObject({ status: "notified", late: true });
  });

  it("maps time left to the warning mark and formats durations", () => {
    expect(warningFor(13 * 3_600_000)).toBeNull();
    expect(warningFor(3 * 3_600_000)).toBe(4);
    expect(warningFor(59 * 60_000)).toBe(1);
    expect(formatDuration(5 * 3_600_000 + 3 * 60_000)).toBe("5 h 03 min");
    expect(formatDuration(42 * 60_000)).toBe("42 min");
    expect(formatDuration(30_000)).toBe("under a minute");
    // The ticking form (dashboard clocks) moves every second.
    expect(formatDuration(5 * 3_600_000 + 3 * 60_000 + 9_000, { seconds: true })).toBe("5 h 03 min 09 s");
    expect(formatDuration(42 * 60_000 + 5_000, { seconds: true })).toBe("42 min 05 s");
    expect(formatDuration(9_400, { seconds: true })).toBe("9 s");
  });
});


import { describe, expect, it } from "vitest";
import { deletionReasonLabel, formatSyncDuration, ordersCount } from "./seller-page-format";

const start = new Date("2026-12-03T10:00:00Z");
const after = (ms: number) => new Date(start.getTime() + ms);

describe("formatSyncDuration", () => {
  it("says how long a finished run took, in words", () => {
    expect(formatSyncDuration(start, after(400))).toBe("under a second");
    expect(formatSyncDuration(start, after(12_900))).toBe("12 s");
    expect(formatSyncDuration(start, after(95_000))).toBe("1 min 35 s");
    expect(formatSyncDuration(start, after(60_000))).toBe("1 min 00 s");
    expect(formatSyncDuration(start, after(3_725_000))).toBe("1 h 02 min");
  });

  it("has no duration for a running run, and never a negative one", () => {
    expect(formatSyncDuration(start, null)).toBeNull();
    expect(formatSyncDuration(start, after(-5_000))).toBe("under a second");
  });
});

describe("deletionReasonLabel", () => {
  it("words the known reasons and shows an unknown one as stored", () => {
    expect(deletionReasonLabel("seller_disconnected")).toBe("The seller disconnected Amazon");
    expect(deletionReasonLabel("amazon_revoked")).toBe("The authorization was revoked on Amazon");
    expect(deletionReasonLabel("access_review_revoked")).toBe("Revoked in an access review");
    expect(deletionReasonLabel("legacy_cleanup")).toBe("legacy_cleanup");
    expect(deletionReasonLabel("__proto__")).toBe("__proto__");
  });
});

describe("ordersCount", () => {
  it("counts with a thousands separator and the right noun", () => {
    expect(ordersCount(0)).toBe("0 orders");
    expect(ordersCount(1)).toBe("1 order");
    expect(ordersCount(1204)).toBe("1,204 orders");
  });
});

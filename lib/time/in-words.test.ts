import { describe, expect, it } from "vitest";
import { countInWords, durationInWords } from "./in-words";

describe("countInWords", () => {
  it("uses the singular for one and the plural otherwise, with thousands separators", () => {
    expect(countInWords(1, "failed sign-in")).toBe("1 failed sign-in");
    expect(countInWords(0, "order")).toBe("0 orders");
    expect(countInWords(5, "failed sign-in")).toBe("5 failed sign-ins");
    expect(countInWords(1204, "order")).toBe("1,204 orders");
    expect(countInWords(2, "entry", "entries")).toBe("2 entries");
    expect(countInWords(-1, "day")).toBe("-1 day");
  });
});

describe("durationInWords", () => {
  it("names at most two units, largest first, and never '0 minutes'", () => {
    expect(durationInWords(0)).toBe("less than a second");
    expect(durationInWords(999)).toBe("less than a second");
    expect(durationInWords(1_000)).toBe("1 second");
    expect(durationInWords(42_500)).toBe("42 seconds");
    expect(durationInWords(15 * 60_000)).toBe("15 minutes");
    expect(durationInWords(3 * 60_000 + 5_000)).toBe("3 minutes 5 seconds");
    expect(durationInWords(3_600_000)).toBe("1 hour");
    expect(durationInWords(3_600_000 + 5_000)).toBe("1 hour");
    expect(durationInWords(2 * 86_400_000 + 4 * 3_600_000 + 59 * 60_000)).toBe("2 days 4 hours");
    expect(durationInWords(-5_000)).toBe("less than a second");
  });
});

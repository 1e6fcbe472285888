import { describe, expect, it } from "vitest";
import { MAX_LOCKOUT_MS, afterFailedPassword, isLocked, lockoutDurationMs, tooManyAttemptsMessage } from "./lockout";

const MINUTE = 60_000;
const settings = { threshold: 5, baseMinutes: 15 };

describe("lockoutDurationMs", () => {
  it("doubles with every earlier lockout, starting at the base", () => {
    expect(lockoutDurationMs(0, 15)).toBe(15 * MINUTE);
    expect(lockoutDurationMs(1, 15)).toBe(30 * MINUTE);
    expect(lockoutDurationMs(2, 15)).toBe(60 * MINUTE);
    expect(lockoutDurationMs(3, 15)).toBe(120 * MINUTE);
  });

  it("is capped at a day and never negative", () => {
    expect(lockoutDurationMs(10, 15)).toBe(MAX_LOCKOUT_MS);
    expect(lockoutDurationMs(1000, 15)).toBe(MAX_LOCKOUT_MS);
    expect(lockoutDurationMs(-3, 15)).toBe(15 * MINUTE);
  });
});

describe("afterFailedPassword", () => {
  const now = new Date("2026-01-01T10:00:00Z");

  it("counts failures below the threshold without locking", () => {
    let state = { failedSignInCount: 0, lockoutCount: 0, lockedUntil: null as Date | null };
    for (let attempt = 1; attempt < 5; attempt += 1) {
      const next = afterFailedPassword(state, now, settings);
      expect(next.locked).toBe(false);
      expect(next.failedSignInCount).toBe(attempt);
      state = next;
    }
  });

  it("locks at the 5th failure, resets the counter and grows the next lockout", () => {
    const first = afterFailedPassword({ failedSignInCount: 4, lockoutCount: 0, lockedUntil: null }, now, settings);
    expect(first).toMatchObject({ locked: true, failedSignInCount: 0, lockoutCount: 1 });
    expect(first.lockedUntil?.getTime()).toBe(now.getTime() + 15 * MINUTE);
    expect(isLocked(first, now)).toBe(true);
    expect(isLocked(first, new Date(now.getTime() + 15 * MINUTE))).toBe(false);

    const second = afterFailedPassword({ failedSignInCount: 4, lockoutCount: 1, lockedUntil: null }, now, settings);
    expect(second.lockedUntil?.getTime()).toBe(now.getTime() + 30 * MINUTE);
  });
});

describe("tooManyAttemptsMessage", () => {
  it("rounds up to whole minutes", () => {
    expect(tooManyAttemptsMessage(1)).toBe("Too many attempts. Try again in 1 minute.");
    expect(tooManyAttemptsMessage(61)).toBe("Too many attempts. Try again in 2 minutes.");
    expect(tooManyAttemptsMessage(900)).toBe("Too many attempts. Try again in 15 minutes.");
  });
});

import { afterEach, describe, expect, it, vi } from "vitest";
import { RATE_LIMITS, consumeRateLimit, createRateLimiter, resetRateLimit, type RateLimitName } from "./index";

describe("rate limits (memory store)", () => {
  afterEach(() => vi.useRealTimers());

  it("has a rule for every name, each with a positive budget and window", () => {
    for (const [name, rule] of Object.entries(RATE_LIMITS)) {
      expect(rule.points, name).toBeGreaterThan(0);
      expect(rule.windowSeconds, name).toBeGreaterThan(0);
    }
    expect(RATE_LIMITS["sign-in:ip"]).toEqual({ points: 20, windowSeconds: 900 });
    expect(RATE_LIMITS["password-reset:account"]).toEqual({ points: 5, windowSeconds: 3600 });
  });

  it("limits invitations per organization, per inviter and per link, with only a generous per-address backstop", () => {
    expect(RATE_LIMITS["invitation-send:organization"]).toEqual({ points: 50, windowSeconds: 3600 });
    expect(RATE_LIMITS["invitation-send:inviter"]).toEqual({ points: 20, windowSeconds: 3600 });
    expect(RATE_LIMITS["invitation-accept:token"]).toEqual({ points: 10, windowSeconds: 3600 });
    expect(RATE_LIMITS["invitation-accept:ip"]).toEqual({ points: 200, windowSeconds: 3600 });
    // The old shared per-address budget (20 an hour for sending AND accepting) is gone.
    expect(Object.keys(RATE_LIMITS)).not.toContain("invitation:ip");
    // One office's team fits in its organization's budget; one person cannot use it all up.
    expect(RATE_LIMITS["invitation-send:inviter"].points).toBeLessThan(RATE_LIMITS["invitation-send:organization"].points);
  });

  it.each(Object.keys(RATE_LIMITS) as RateLimitName[])("%s allows its budget, then refuses with a retry time", async (name) => {
    const limiter = createRateLimiter({ kind: "memory" });
    const { points, windowSeconds } = RATE_LIMITS[name];
    for (let i = 0; i < points; i += 1) expect(await limiter.consume(name, "key-1")).toEqual({ allowed: true });
    const refused = await limiter.consume(name, "key-1");
    expect(refused.allowed).toBe(false);
    if (!refused.allowed) {
      expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(1);
      expect(refused.retryAfterSeconds).toBeLessThanOrEqual(windowSeconds);
    }
    // Other keys and other names are counted separately.
    expect(await limiter.consume(name, "key-2")).toEqual({ allowed: true });
  });

  it("counts names separately for the same key", async () => {
    const limiter = createRateLimiter({ kind: "memory" });
    for (let i = 0; i < RATE_LIMITS["sign-in:account"].points; i += 1) await limiter.consume("sign-in:account", "jane@example.com");
    expect((await limiter.consume("sign-in:account", "jane@example.com")).allowed).toBe(false);
    expect((await limiter.consume("mfa:account", "jane@example.com")).allowed).toBe(true);
  });

  it("treats keys case-insensitively (e-mail addresses)", async () => {
    const limiter = createRateLimiter({ kind: "memory" });
    for (let i = 0; i < 5; i += 1) await limiter.consume("password-reset:account", "Jane@Example.com");
    expect((await limiter.consume("password-reset:account", "jane@example.com ")).allowed).toBe(false);
  });

  it("reset forgets the attempts", async () => {
    const limiter = createRateLimiter({ kind: "memory" });
    for (let i = 0; i < 10; i += 1) await limiter.consume("step-up:account", "u1");
    expect((await limiter.consume("step-up:account", "u1")).allowed).toBe(false);
    await limiter.reset("step-up:account", "u1");
    expect((await limiter.consume("step-up:account", "u1")).allowed).toBe(true);
  });

  it("refund gives back one point, so only unrefunded attempts count", async () => {
    const limiter = createRateLimiter({ kind: "memory" });
    // 100 successful sign-ins (each refunded) and 19 failures stay under sign-in:ip's 20.
    for (let i = 0; i < 100; i += 1) {
      expect((await limiter.consume("sign-in:ip", "10.1.2.3")).allowed).toBe(true);
      await limiter.refund("sign-in:ip", "10.1.2.3");
    }
    for (let i = 0; i < 19; i += 1) expect((await limiter.consume("sign-in:ip", "10.1.2.3")).allowed).toBe(true);
    expect((await limiter.consume("sign-in:ip", "10.1.2.3")).allowed).toBe(true);
    expect((await limiter.consume("sign-in:ip", "10.1.2.3")).allowed).toBe(false);
  });

  it("allows again after the window", async () => {
    vi.useFakeTimers({ now: new Date("2026-01-01T00:00:00Z") });
    const limiter = createRateLimiter({ kind: "memory" });
    for (let i = 0; i < 10; i += 1) await limiter.consume("sign-up:ip", "198.51.100.7");
    expect((await limiter.consume("sign-up:ip", "198.51.100.7")).allowed).toBe(false);
    vi.setSystemTime(new Date("2026-01-01T01:00:01Z"));
    vi.advanceTimersByTime(3_601_000);
    expect((await limiter.consume("sign-up:ip", "198.51.100.7")).allowed).toBe(true);
  });

  it("the module functions use the process limiter (memory without REDIS_URL)", async () => {
    const key = `module-${Date.now()}`;
    for (let i = 0; i < 5; i += 1) expect((await consumeRateLimit("password-reset:ip", key)).allowed).toBe(true);
    expect((await consumeRateLimit("password-reset:ip", key)).allowed).toBe(false);
    await resetRateLimit("password-reset:ip", key);
    expect((await consumeRateLimit("password-reset:ip", key)).allowed).toBe(true);
  });
});

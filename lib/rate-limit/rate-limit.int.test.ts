// Against the real Redis (127.0.0.1:6379, or RATE_LIMIT_TEST_REDIS_URL), with a
// key prefix unique to this run so parallel runs and real data are untouched.
import { randomUUID } from "node:crypto";
import { createServer, type AddressInfo } from "node:net";
import type Redis from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FAIL_CLOSED_RETRY_SECONDS, RATE_LIMITS, createRateLimitRedisClient, createRateLimiter } from "./index";

const REDIS_URL = process.env.RATE_LIMIT_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const keyPrefix = `firefeed-test:rl:${randomUUID()}`;

let redis: Redis;

beforeAll(async () => {
  redis = createRateLimitRedisClient(REDIS_URL);
  // enableOfflineQueue is false: wait until connected before the first command.
  if (redis.status !== "ready") await new Promise<void>((resolve, reject) => {
    redis.once("ready", resolve);
    redis.once("end", () => reject(new Error("Redis is not reachable")));
  });
});

afterAll(async () => {
  const keys = await redis.keys(`${keyPrefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

describe("rate limits on Redis", () => {
  it("allow the budget, then refuse with retryAfterSeconds >= 1", async () => {
    const limiter = createRateLimiter({ kind: "redis", client: redis }, { keyPrefix });
    const { points, windowSeconds } = RATE_LIMITS["sign-in:ip"];
    for (let i = 0; i < points; i += 1) expect(await limiter.consume("sign-in:ip", "203.0.113.9")).toEqual({ allowed: true });
    const refused = await limiter.consume("sign-in:ip", "203.0.113.9");
    expect(refused.allowed).toBe(false);
    if (!refused.allowed) {
      expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(1);
      expect(refused.retryAfterSeconds).toBeLessThanOrEqual(windowSeconds);
    }
  });

  it("share counts between limiter instances (i.e. between processes)", async () => {
    const first = createRateLimiter({ kind: "redis", client: redis }, { keyPrefix });
    const second = createRateLimiter({ kind: "redis", client: redis }, { keyPrefix });
    for (let i = 0; i < 5; i += 1) await (i % 2 === 0 ? first : second).consume("password-reset:account", "jane@example.com");
    expect((await second.consume("password-reset:account", "jane@example.com")).allowed).toBe(false);
    await first.reset("password-reset:account", "jane@example.com");
    expect((await second.consume("password-reset:account", "jane@example.com")).allowed).toBe(true);
  });

  it("store no raw keys (no e-mail address in Redis)", async () => {
    const limiter = createRateLimiter({ kind: "redis", client: redis }, { keyPrefix });
    await limiter.consume("mfa:account", "someone@example.com");
    const keys = await redis.keys(`${keyPrefix}*`);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.join(" ")).not.toContain("someone");
  });

  it("fail closed when Redis cannot be reached", async () => {
    // A port that was free a moment ago and is closed now.
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, "127.0.0.1", () => {
        const { port: free } = server.address() as AddressInfo;
        server.close(() => resolve(free));
      });
    });
    const deadRedis = createRateLimitRedisClient(`redis://127.0.0.1:${port}`);
    try {
      const limiter = createRateLimiter({ kind: "redis", client: deadRedis }, { keyPrefix });
      const started = Date.now();
      expect(await limiter.consume("sign-in:ip", "203.0.113.10")).toEqual({
        allowed: false,
        retryAfterSeconds: FAIL_CLOSED_RETRY_SECONDS,
      });
      expect(await limiter.consume("sign-in:account", "x@example.com")).toEqual({
        allowed: false,
        retryAfterSeconds: FAIL_CLOSED_RETRY_SECONDS,
      });
      // Refused at once, not after waiting on a dead socket.
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      deadRedis.disconnect();
    }
  });
});

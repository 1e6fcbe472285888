import { describe, expect, it } from "vitest";
import { DEFAULT_OPERATION_RATES, TokenBucketRateLimiter } from "./rate-limiter";
import { virtualClock } from "./spapi.test-support";

describe("TokenBucketRateLimiter", () => {
  it("carries the documented default rates and bursts", () => {
    expect(DEFAULT_OPERATION_RATES.searchOrders).toEqual({ rate: 0.0056, burst: 20 });
    expect(DEFAULT_OPERATION_RATES.getOrder).toEqual({ rate: 0.5, burst: 30 });
    expect(DEFAULT_OPERATION_RATES.getOrdersV0).toEqual({ rate: 0.0167, burst: 20 });
    expect(DEFAULT_OPERATION_RATES.createRestrictedDataToken).toEqual({ rate: 1, burst: 10 });
  });

  it("lets a burst through, then paces at the refill rate", async () => {
    const clock = virtualClock();
    const limiter = new TokenBucketRateLimiter({ now: clock.now, sleep: clock.sleep });
    for (let i = 0; i < 20; i += 1) expect(await limiter.acquire("searchOrders", "S1")).toBe(0);
    const waited = await limiter.acquire("searchOrders", "S1");
    expect(waited).toBe(Math.ceil(1000 / 0.0056)); // ~179 s: one token at 0.0056/s
  });

  it("keeps separate buckets per operation and per selling partner", async () => {
    const clock = virtualClock();
    const limiter = new TokenBucketRateLimiter({ now: clock.now, sleep: clock.sleep, rates: { getOrder: { rate: 1, burst: 1 } } });
    expect(await limiter.acquire("getOrder", "S1")).toBe(0);
    expect(await limiter.acquire("getOrder", "S2")).toBe(0);
    expect(await limiter.acquire("getOrderV0", "S1")).toBe(0);
    expect(await limiter.acquire("getOrder", "S1")).toBe(1000);
  });

  it("queues concurrent callers in order without a lock", () => {
    const clock = virtualClock();
    const limiter = new TokenBucketRateLimiter({ now: clock.now, sleep: clock.sleep, rates: { getOrder: { rate: 2, burst: 1 } } });
    expect([1, 2, 3, 4].map(() => limiter.reserve("getOrder", "S"))).toEqual([0, 500, 1000, 1500]);
  });

  it("timeScale speeds up the refill for tests; drain empties the bucket after a 429", async () => {
    const clock = virtualClock();
    const limiter = new TokenBucketRateLimiter({ now: clock.now, sleep: clock.sleep, timeScale: 1000 });
    for (let i = 0; i < 20; i += 1) await limiter.acquire("searchOrders", "S1");
    expect(await limiter.acquire("searchOrders", "S1")).toBe(Math.ceil(1000 / (0.0056 * 1000)));
    limiter.drain("getOrder", "S1");
    expect(limiter.reserve("getOrder", "S1")).toBe(Math.ceil(1000 / (0.5 * 1000)));
  });

  it("uses the sandbox plan (5/s, burst 15) for every operation in the sandbox", () => {
    const limiter = new TokenBucketRateLimiter({ now: () => 0, sleep: () => Promise.resolve(), sandbox: true });
    expect(limiter.rateFor("searchOrders")).toEqual({ rate: 5, burst: 15 });
  });
});

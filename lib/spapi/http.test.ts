import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  InsecureEndpointError,
  SpApiNotFoundError,
  SpApiQuotaExceededError,
  SpApiResponseShapeError,
  SpApiServerError,
  SpApiUnauthorizedError,
  SpApiValidationError,
} from "./errors";
import { buildSpApiUrl, spapiRequest } from "./http";
import { TokenBucketRateLimiter } from "./rate-limiter";
import { DEFAULT_RETRY_POLICY, backoffDelayMs } from "./retry";
import { capturingLogger, jsonResponse, scriptedFetch, testConfig, testDeps, virtualClock } from "./spapi.test-support";

const QUOTA = { errors: [{ code: "QuotaExceeded", message: "You exceeded your quota for the requested resource.", details: "" }] };
const INTERNAL = { errors: [{ code: "InternalFailure", message: "We encountered an internal error.", details: "" }] };
const ACCESS_TOKEN = "Atza|FAKE-ACCESSTOKENSECRET0123456789";
const schema = z.object({ ok: z.boolean() });

function request(fetch: typeof globalThis.fetch, extra: Partial<Parameters<typeof spapiRequest>[0]> = {}, random = () => 0.5) {
  const clock = virtualClock();
  const deps = testDeps(fetch, clock, random);
  const promise = spapiRequest({
    config: testConfig(),
    region: "NA",
    method: "GET",
    path: "/orders/2026-01-01/orders",
    query: { marketplaceIds: ["ATVPDKIKX0DER", "A2EUQ1WTGCTBG2"], lastUpdatedAfter: "2026-11-01T00:00:00Z" },
    accessToken: ACCESS_TOKEN,
    operation: "searchOrders",
    sellerId: "A2SELLER",
    schema,
    deps,
    ...extra,
  });
  return { promise, clock };
}

describe("backoff", () => {
  it("is full jitter: uniform below min(cap, base * 2^(n-1))", () => {
    const policy = DEFAULT_RETRY_POLICY;
    for (let attempt = 1; attempt <= 8; attempt += 1) {
      const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      expect(backoffDelayMs(attempt, policy, () => 0)).toBe(0);
      expect(backoffDelayMs(attempt, policy, () => 0.999999)).toBeLessThan(ceiling);
      expect(backoffDelayMs(attempt, policy, () => 0.999999)).toBeGreaterThanOrEqual(ceiling * 0.99);
      expect(backoffDelayMs(attempt, policy, () => 0.5)).toBe(Math.floor(ceiling / 2));
    }
    expect(backoffDelayMs(20, policy, () => 0.999999)).toBeLessThanOrEqual(policy.maxDelayMs);
  });
});

describe("spapiRequest", () => {
  it("sends the LWA token in x-amz-access-token, a user agent and comma-joined arrays; no SigV4", async () => {
    const { fetch, requests } = scriptedFetch([jsonResponse(200, { ok: true }, { "x-amzn-RequestId": "req-1" })]);
    const { promise } = request(fetch);
    const response = await promise;
    expect(response).toMatchObject({ data: { ok: true }, status: 200, requestId: "req-1", attempts: 1 });
    const sent = requests[0]!;
    expect(sent.headers["x-amz-access-token"]).toBe(ACCESS_TOKEN);
    expect(sent.headers["user-agent"]).toContain("Language=TypeScript");
    expect(sent.headers.accept).toBe("application/json");
    expect(sent.headers.authorization).toBeUndefined();
    expect(sent.headers["x-amz-date"]).toBeUndefined();
    const url = new URL(sent.url);
    expect(url.origin).toBe("https://sellingpartnerapi-na.amazon.com");
    expect(url.searchParams.get("marketplaceIds")).toBe("ATVPDKIKX0DER,A2EUQ1WTGCTBG2");
  });

  it("retries 429 and 5xx with jittered exponential backoff, then succeeds", async () => {
    const { fetch, requests } = scriptedFetch([
      jsonResponse(429, QUOTA),
      jsonResponse(500, INTERNAL),
      jsonResponse(503, INTERNAL),
      new TypeError("fetch failed"),
      jsonResponse(200, { ok: true }),
    ]);
    const { promise, clock } = request(fetch);
    const response = await promise;
    expect(response.attempts).toBe(5);
    expect(requests).toHaveLength(5);
    // random() = 0.5: half of 1 s, 2 s, 4 s, 8 s.
    expect(clock.sleeps).toEqual([500, 1000, 2000, 4000]);
  });

  it("gives up after maxAttempts with a typed error", async () => {
    const { fetch, requests } = scriptedFetch([jsonResponse(429, QUOTA)]);
    const { promise } = request(fetch);
    const error = await promise.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SpApiQuotaExceededError);
    expect(error).toMatchObject({ status: 429, code: "QuotaExceeded", attempts: 5 });
    expect(requests).toHaveLength(DEFAULT_RETRY_POLICY.maxAttempts);

    const servers = scriptedFetch([jsonResponse(502, undefined)]);
    await expect(request(servers.fetch).promise).rejects.toBeInstanceOf(SpApiServerError);
    expect(servers.requests).toHaveLength(5);
  });

  it("stops retrying when the next backoff would pass the total deadline", async () => {
    const { fetch, requests } = scriptedFetch([jsonResponse(500, INTERNAL)]);
    const policy = { ...DEFAULT_RETRY_POLICY, maxAttempts: 50, totalDeadlineMs: 10_000 };
    const { promise, clock } = request(fetch, { retryPolicy: policy }, () => 0.99);
    await expect(promise).rejects.toBeInstanceOf(SpApiServerError);
    expect(clock.sleeps.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(10_000);
    expect(requests.length).toBeLessThan(50);
  });

  it.each([
    [400, { errors: [{ code: "InvalidInput", message: "Invalid Input" }] }, SpApiValidationError],
    [403, { errors: [{ code: "Unauthorized", message: "Access to requested resource is denied." }] }, SpApiUnauthorizedError],
    [404, { errors: [{ code: "NotFound", message: "nope" }] }, SpApiNotFoundError],
  ])("does not retry HTTP %i", async (status, body, errorClass) => {
    const { fetch, requests } = scriptedFetch([jsonResponse(status, body, { "x-amzn-RequestId": "rid-9" })]);
    const error = await request(fetch).promise.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(errorClass);
    expect(error).toMatchObject({ status, code: body.errors[0]!.code, requestId: "rid-9", operation: "searchOrders" });
    expect(requests).toHaveLength(1);
  });

  it("turns a schema mismatch into SpApiResponseShapeError without copying the body", async () => {
    const pii = { ok: "yes", buyerEmail: "jane.doe@marketplace.amazon.com", name: "Jane Doe" };
    const { fetch } = scriptedFetch([jsonResponse(200, pii)]);
    const error = (await request(fetch).promise.catch((e: unknown) => e)) as SpApiResponseShapeError;
    expect(error).toBeInstanceOf(SpApiResponseShapeError);
    expect(error.issuePaths).toEqual(["ok"]);
    expect(error.message).not.toContain("jane");
    expect(error.message).not.toContain("Jane");
    expect(error.message).not.toContain("yes");

    const notJson = scriptedFetch([new Response("<html>proxy</html>", { status: 200 })]);
    await expect(request(notJson.fetch).promise).rejects.toBeInstanceOf(SpApiResponseShapeError);
  });

  it("never puts the token or the query into error messages or logs", async () => {
    const { fetch } = scriptedFetch([jsonResponse(403, { errors: [{ code: "Unauthorized", message: ACCESS_TOKEN }] })]);
    const { logger, lines } = capturingLogger();
    const clock = virtualClock();
    const error = (await spapiRequest({
      config: testConfig(),
      region: "EU",
      method: "GET",
      path: "/orders/v0/orders",
      query: { BuyerEmail: "jane.doe@example.com" },
      accessToken: ACCESS_TOKEN,
      operation: "getOrdersV0",
      sellerId: "A2SELLER",
      schema,
      deps: { fetch, now: clock.now, sleep: clock.sleep, random: () => 0.5, logger },
    }).catch((e: unknown) => e)) as Error;
    const everything = JSON.stringify(lines) + error.message + String(error.stack);
    expect(everything).not.toContain("Atza|");
    expect(everything).not.toContain("jane.doe");
  });

  it("refuses to send over plain HTTP outside tests", async () => {
    const insecure = testConfig({ endpoints: { NA: "https://a.example", EU: "https://b.example", FE: "https://c.example" } });
    const mutated = { ...insecure, endpoints: { ...insecure.endpoints, NA: "http://sellingpartnerapi-na.amazon.com" } };
    expect(() => buildSpApiUrl(mutated, "NA", "/orders/v0/orders")).toThrow(InsecureEndpointError);
    const { fetch, requests } = scriptedFetch([jsonResponse(200, { ok: true })]);
    await expect(request(fetch, { config: mutated }).promise).rejects.toBeInstanceOf(InsecureEndpointError);
    expect(requests).toHaveLength(0);
  });

  it("rejects path traversal and queries in the path", () => {
    const config = testConfig();
    for (const path of ["orders", "//evil.example/x", "/orders/../tokens", "/orders?x=1", "/a\\b"]) {
      expect(() => buildSpApiUrl(config, "NA", path)).toThrow();
    }
  });

  it("paces requests through the token bucket", async () => {
    const clock = virtualClock();
    const limiter = new TokenBucketRateLimiter({ now: clock.now, sleep: clock.sleep, rates: { getOrder: { rate: 0.5, burst: 2 } } });
    const { fetch } = scriptedFetch([jsonResponse(200, { ok: true })]);
    const deps = testDeps(fetch, clock);
    const call = () =>
      spapiRequest({
        config: testConfig(),
        region: "NA",
        method: "GET",
        path: "/orders/2026-01-01/orders/111-1234567-1234567",
        accessToken: ACCESS_TOKEN,
        operation: "getOrder",
        sellerId: "A2SELLER",
        schema,
        rateLimiter: limiter,
        deps,
      });
    await call();
    await call();
    expect(clock.sleeps).toEqual([]);
    await call();
    expect(clock.sleeps).toEqual([2000]); // 1 token at 0.5/s
  });
});

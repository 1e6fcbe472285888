// The fake over real HTTP on a random loopback port: it must behave as amazon.md says,
// because the SP-API client and the onboarding journeys are tested against it.
import { afterEach, describe, expect, it } from "vitest";
import {
  DEMO_SELLING_PARTNER_ID,
  FAKE_LWA_CLIENT_ID,
  FAKE_LWA_CLIENT_SECRET,
  FAKE_SPAPI_APP_ID,
  startFakeAmazon,
  type FakeAmazon,
  type FakeAmazonOptions,
} from "./server";
import { portalEnvForFake } from "./main";

const REDIRECT_URI = "http://localhost:3000/api/amazon/callback";
const USER_AGENT = "FireFeedPortal/0.1 (Language=TypeScript/5.9; Platform=Node/20)";

let fake: FakeAmazon | undefined;

afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});

async function start(options: Partial<FakeAmazonOptions> = {}): Promise<FakeAmazon> {
  fake = await startFakeAmazon({ host: "127.0.0.1", port: 0, ...options });
  return fake;
}

function consentUrl(server: FakeAmazon, params: Record<string, string>): string {
  const url = new URL("/apps/authorize/consent", server.url);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return url.toString();
}

/** Clicks a consent button the way a browser without JavaScript submits the form. */
async function submitConsent(server: FakeAmazon, state: string, decision: "confirm" | "cancel"): Promise<URL> {
  const page = await fetch(consentUrl(server, { application_id: FAKE_SPAPI_APP_ID, state, redirect_uri: REDIRECT_URI }));
  expect(page.status).toBe(200);
  const html = await page.text();
  const form = new URLSearchParams();
  for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    form.set(match[1] ?? "", (match[2] ?? "").replaceAll("&amp;", "&"));
  }
  form.set("selling_partner_id", DEMO_SELLING_PARTNER_ID);
  form.set("decision", decision);
  const response = await fetch(new URL("/apps/authorize/confirm", server.url), {
    method: "POST",
    body: form,
    redirect: "manual",
  });
  expect(response.status).toBe(302);
  return new URL(response.headers.get("location") ?? "");
}

async function lwaToken(server: FakeAmazon, fields: Record<string, string>): Promise<Response> {
  return fetch(new URL("/auth/o2/token", server.url), {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded;charset=UTF-8" },
    body: new URLSearchParams({ client_id: FAKE_LWA_CLIENT_ID, client_secret: FAKE_LWA_CLIENT_SECRET, ...fields }),
  });
}

async function authorize(server: FakeAmazon): Promise<{ accessToken: string; refreshToken: string }> {
  const callback = await submitConsent(server, "state-1", "confirm");
  const response = await lwaToken(server, {
    grant_type: "authorization_code",
    code: callback.searchParams.get("spapi_oauth_code") ?? "",
    redirect_uri: REDIRECT_URI,
  });
  const body = (await response.json()) as { access_token: string; refresh_token: string };
  return { accessToken: body.access_token, refreshToken: body.refresh_token };
}

function spApi(server: FakeAmazon, path: string, accessToken: string | undefined, init: RequestInit = {}): Promise<Response> {
  const headers: Record<string, string> = { "user-agent": USER_AGENT, ...(init.headers as Record<string, string> | undefined) };
  if (typeof accessToken === "string") headers["x-amz-access-token"] = accessToken;
  return fetch(new URL(path, server.url), { ...init, headers });
}

async function control(server: FakeAmazon, body: Record<string, unknown>): Promise<Record<string, unknown>> {
  const response = await fetch(new URL("/__control", server.url), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

const monthAgo = () => new Date(Date.now() - 31 * 86_400_000).toISOString();

interface Order2026 {
  orderId: string;
  buyer?: { buyerEmail: string };
  recipient?: { deliveryAddress: { phone: string } };
  fulfillment?: { fulfillmentStatus: string };
}

describe("consent and LWA", () => {
  it("serves a script-free consent page and redirects Confirm with state, selling_partner_id and a code that exchanges for tokens", async () => {
    const server = await start();
    const page = await fetch(consentUrl(server, { application_id: FAKE_SPAPI_APP_ID, state: "abc<x>", redirect_uri: REDIRECT_URI }));
    const html = await page.text();
    expect(html).toContain("FireFeed Portal (demo) wants access to your Amazon seller account");
    expect(html).toContain("A2DEMOSELLER01");
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toContain("abc<x>");
    expect(page.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(page.headers.get("referrer-policy")).toBe("no-referrer");

    const callback = await submitConsent(server, "state-123", "confirm");
    expect(`${callback.origin}${callback.pathname}`).toBe(REDIRECT_URI);
    expect(callback.searchParams.get("state")).toBe("state-123");
    expect(callback.searchParams.get("selling_partner_id")).toBe(DEMO_SELLING_PARTNER_ID);
    const code = callback.searchParams.get("spapi_oauth_code") ?? "";
    expect(code).toMatch(/^[A-Za-z0-9]{20}$/);

    const response = await lwaToken(server, { grant_type: "authorization_code", code, redirect_uri: REDIRECT_URI });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ token_type: "bearer", expires_in: 3600 });
    expect(body.access_token).toMatch(/^Atza\|/);
    expect(body.refresh_token).toMatch(/^Atzr\|/);
    expect(String(body.access_token).length).toBeLessThanOrEqual(2048);
  });

  it("redirects Cancel with error=access_denied and no code", async () => {
    const server = await start();
    const callback = await submitConsent(server, "s", "cancel");
    expect(callback.searchParams.get("error")).toBe("access_denied");
    expect(callback.searchParams.get("spapi_oauth_code")).toBeNull();
    expect(callback.searchParams.get("state")).toBe("s");
  });

  it("shows MD5101 for an unregistered redirect_uri or app id, and MD1000 for a draft app without version=beta", async () => {
    const server = await start();
    const badRedirect = await fetch(consentUrl(server, { application_id: FAKE_SPAPI_APP_ID, state: "s", redirect_uri: "https://evil.example/cb" }));
    expect(badRedirect.status).toBe(400);
    expect(await badRedirect.text()).toContain("MD5101");
    const badApp = await fetch(consentUrl(server, { application_id: "amzn1.sp.solution.other", state: "s" }));
    expect(await badApp.text()).toContain("MD5101");

    server.control.setDraftApp(true);
    const draft = await fetch(consentUrl(server, { application_id: FAKE_SPAPI_APP_ID, state: "s" }));
    expect(await draft.text()).toContain("MD1000");
    const beta = await fetch(consentUrl(server, { application_id: FAKE_SPAPI_APP_ID, state: "s", version: "beta" }));
    expect(beta.status).toBe(200);
  });

  it("makes the code single use and lets it expire after 5 minutes (injected clock)", async () => {
    let clock = Date.parse("2026-11-01T12:00:00Z");
    const server = await start({ now: () => clock });
    const first = await submitConsent(server, "s", "confirm");
    const code = first.searchParams.get("spapi_oauth_code") ?? "";
    expect((await lwaToken(server, { grant_type: "authorization_code", code, redirect_uri: REDIRECT_URI })).status).toBe(200);
    const reused = await lwaToken(server, { grant_type: "authorization_code", code, redirect_uri: REDIRECT_URI });
    expect(reused.status).toBe(400);
    expect(await reused.json()).toMatchObject({ error: "invalid_grant", error_description: "The request has an invalid grant parameter : code" });

    const second = await submitConsent(server, "s", "confirm");
    clock += 5 * 60_000 + 1;
    const expired = await lwaToken(server, { grant_type: "authorization_code", code: second.searchParams.get("spapi_oauth_code") ?? "", redirect_uri: REDIRECT_URI });
    expect(expired.status).toBe(400);
    expect(await expired.json()).toMatchObject({ error: "invalid_grant", error_description: "The request has an invalid grant parameter : code" });
  });

  it("rejects a wrong client secret with invalid_client", async () => {
    const server = await start();
    const response = await lwaToken(server, { grant_type: "refresh_token", refresh_token: "Atzr|FAKE-x", client_secret: "amzn1.oa2-cs.v1.wrong" });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: "invalid_client" });
  });

  it("refreshes with the same refresh token and a new access token; a revoked one gets invalid_grant", async () => {
    const server = await start();
    const { accessToken, refreshToken } = await authorize(server);
    const refreshed = await lwaToken(server, { grant_type: "refresh_token", refresh_token: refreshToken });
    const body = (await refreshed.json()) as { access_token: string; refresh_token: string };
    expect(body.refresh_token).toBe(refreshToken);
    expect(body.access_token).not.toBe(accessToken);

    server.control.revokeRefreshToken(DEMO_SELLING_PARTNER_ID);
    const revoked = await lwaToken(server, { grant_type: "refresh_token", refresh_token: refreshToken });
    expect(revoked.status).toBe(400);
    expect(await revoked.json()).toMatchObject({
      error: "invalid_grant",
      error_description: "The request has an invalid grant parameter : refresh_token. User may have revoked or didn't grant the permission.",
    });
    const call = await spApi(server, `/orders/2026-01-01/orders?lastUpdatedAfter=${monthAgo()}`, body.access_token);
    expect(call.status).toBe(403);
  });

  it("tampers with the state when corruptStateNext is on", async () => {
    const server = await start();
    await control(server, { action: "corruptStateNext", n: 1 });
    expect((await submitConsent(server, "good", "confirm")).searchParams.get("state")).not.toBe("good");
    expect((await submitConsent(server, "good", "confirm")).searchParams.get("state")).toBe("good");
  });
});

describe("SP-API auth and headers", () => {
  it("answers 403 with Amazon's shape for a bad or missing token, without a rate-limit header", async () => {
    const server = await start();
    const bad = await spApi(server, `/orders/2026-01-01/orders?lastUpdatedAfter=${monthAgo()}`, "Atza|FAKE-not-a-token");
    expect(bad.status).toBe(403);
    expect(bad.headers.get("x-amzn-ratelimit-limit")).toBeNull();
    expect(bad.headers.get("x-amzn-requestid")).toBeTruthy();
    expect(await bad.json()).toEqual({
      errors: [{ code: "Unauthorized", message: "Access to requested resource is denied.", details: "The access token you provided is revoked, malformed or invalid." }],
    });
    const missing = await spApi(server, `/orders/2026-01-01/orders?lastUpdatedAfter=${monthAgo()}`, undefined);
    expect(((await missing.json()) as { errors: { details: string }[] }).errors[0]?.details).toBe("Access token is missing in the request header.");
  });

  it("expires access tokens on demand", async () => {
    const server = await start();
    const { accessToken } = await authorize(server);
    const path = `/orders/2026-01-01/orders?lastUpdatedAfter=${monthAgo()}`;
    expect((await spApi(server, path, accessToken)).status).toBe(200);
    await control(server, { action: "expireAccessTokens" });
    expect((await spApi(server, path, accessToken)).status).toBe(403);
  });

  it("requires Language= in the user-agent and rejects one over 500 characters", async () => {
    const server = await start();
    const { accessToken } = await authorize(server);
    const path = `/orders/2026-01-01/orders?lastUpdatedAfter=${monthAgo()}`;
    const noLanguage = await spApi(server, path, accessToken, { headers: { "user-agent": "curl/8" } });
    expect(noLanguage.status).toBe(400);
    const tooLong = await spApi(server, path, accessToken, { headers: { "user-agent": `${USER_AGENT}${"x".repeat(500)}` } });
    expect(tooLong.status).toBe(400);
    expect(((await tooLong.json()) as { errors: { code: string }[] }).errors[0]?.code).toBe("InvalidInput");
  });

  it("throttles after the documented burst with Amazon's exact 429 body and no rate-limit header", async () => {
    const server = await start();
    const { accessToken } = await authorize(server);
    const path = `/orders/2026-01-01/orders?lastUpdatedAfter=${monthAgo()}&maxResultsPerPage=1`;
    for (let i = 0; i < 20; i += 1) {
      const response = await spApi(server, path, accessToken);
      expect(response.status).toBe(200);
      expect(response.headers.get("x-amzn-ratelimit-limit")).toBe("0.0056");
    }
    const throttled = await spApi(server, path, accessToken);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get("x-amzn-ratelimit-limit")).toBeNull();
    expect(await throttled.text()).toBe('{"errors":[{"code":"QuotaExceeded","message":"You exceeded your quota for the requested resource.","details":""}]}');
  });

  it("refills buckets faster with timeScale", async () => {
    const server = await start({ scenario: { timeScale: 1000 } });
    const { accessToken } = await authorize(server);
    const path = `/orders/v0/orders?MarketplaceIds=ATVPDKIKX0DER&LastUpdatedAfter=${monthAgo()}&MaxResultsPerPage=1`;
    for (let i = 0; i < 20; i += 1) await spApi(server, path, accessToken);
    // 0.0167/s x 1000 = ~17 tokens per second: one token is back within 100 ms.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await spApi(server, path, accessToken)).status).toBe(200);
  });

  it("injects 429s, 500s and delays through the switches", async () => {
    const server = await start();
    const { accessToken } = await authorize(server);
    const path = `/orders/2026-01-01/orders?lastUpdatedAfter=${monthAgo()}`;
    await control(server, { action: "fail429Next", n: 2, operation: "searchOrders" });
    server.control.fail500Next(1);
    expect((await spApi(server, path, accessToken)).status).toBe(429);
    expect((await spApi(server, path, accessToken)).status).toBe(429);
    const failed = await spApi(server, path, accessToken);
    expect(failed.status).toBe(500);
    expect(((await failed.json()) as { errors: { code: string }[] }).errors[0]?.code).toBe("InternalFailure");
    expect((await spApi(server, path, accessToken)).status).toBe(200);

    server.control.fail500Next(1, "lwa.token");
    expect((await lwaToken(server, { grant_type: "client_credentials", scope: "sellingpartnerapi::notifications" })).status).toBe(500);

    await control(server, { action: "delayMs", ms: 150 });
    const started = Date.now();
    await spApi(server, path, accessToken);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    server.control.reset();
    expect(server.state.stats().delayMs).toBe(0);
  });
});

describe("Orders API 2026-01-01", () => {
  it("pages through every order exactly once", async () => {
    const server = await start({ orderCount: 57 });
    const { accessToken } = await authorize(server);
    const filters = `lastUpdatedAfter=${encodeURIComponent(monthAgo())}&marketplaceIds=ATVPDKIKX0DER,A2EUQ1WTGCTBG2`;
    const seen: string[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const tokenParam = nextToken === undefined ? "" : `&paginationToken=${encodeURIComponent(nextToken)}`;
      const response = await spApi(server, `/orders/2026-01-01/orders?${filters}&maxResultsPerPage=10${tokenParam}`, accessToken);
      expect(response.status).toBe(200);
      const body = (await response.json()) as { orders: Order2026[]; pagination: { nextToken?: string }; lastUpdatedBefore: string };
      expect(body.lastUpdatedBefore).toMatch(/Z$/);
      seen.push(...body.orders.map((order) => order.orderId));
      nextToken = body.pagination.nextToken;
      pages += 1;
    } while (nextToken !== undefined);
    expect(pages).toBe(6);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.sort()).toEqual(server.state.orders.map((order) => order.orderId).sort());
    for (const id of seen) expect(id).toMatch(/^\d{3}-\d{7}-\d{7}$/);
  });

  it("rejects a page request whose filters differ from the first page, and bad parameters", async () => {
    const server = await start();
    const { accessToken } = await authorize(server);
    const first = await spApi(server, `/orders/2026-01-01/orders?lastUpdatedAfter=${monthAgo()}&maxResultsPerPage=5`, accessToken);
    const { pagination } = (await first.json()) as { pagination: { nextToken: string } };
    const changed = await spApi(server, `/orders/2026-01-01/orders?createdAfter=${monthAgo()}&paginationToken=${encodeURIComponent(pagination.nextToken)}`, accessToken);
    expect(changed.status).toBe(400);
    expect(changed.headers.get("x-amzn-ratelimit-limit")).toBe("0.0056");
    const both = await spApi(server, `/orders/2026-01-01/orders?lastUpdatedAfter=${monthAgo()}&createdAfter=${monthAgo()}`, accessToken);
    expect(both.status).toBe(400);
    const tooBig = await spApi(server, `/orders/2026-01-01/orders?lastUpdatedAfter=${monthAgo()}&maxResultsPerPage=101`, accessToken);
    expect(tooBig.status).toBe(400);
    const tooRecent = await spApi(server, `/orders/2026-01-01/orders?lastUpdatedAfter=${monthAgo()}&lastUpdatedBefore=${new Date().toISOString()}`, accessToken);
    expect(tooRecent.status).toBe(400);
  });

  it("returns buyer and recipient PII only when includedData names them, and never for Pending orders", async () => {
    const server = await start();
    const { accessToken } = await authorize(server);
    const base = `/orders/2026-01-01/orders?lastUpdatedAfter=${monthAgo()}`;
    const plain = (await (await spApi(server, base, accessToken)).json()) as { orders: Order2026[] };
    expect(plain.orders.some((order) => order.buyer !== undefined || order.recipient !== undefined)).toBe(false);

    const withPii = (await (await spApi(server, `${base}&includedData=BUYER,RECIPIENT,FULFILLMENT`, accessToken)).json()) as { orders: Order2026[] };
    const shipped = withPii.orders.filter((order) => order.fulfillment?.fulfillmentStatus === "SHIPPED");
    expect(shipped.length).toBeGreaterThan(0);
    for (const order of shipped) {
      expect(order.buyer?.buyerEmail).toMatch(/@marketplace\.amazon\.com$/);
      expect(order.recipient?.deliveryAddress.phone).toMatch(/^\+1 \d{3}-555-01\d{2}$/);
    }
    const pending = withPii.orders.filter((order) => order.fulfillment?.fulfillmentStatus === "PENDING");
    expect(pending.length).toBeGreaterThan(0);
    for (const order of pending) expect(order.buyer).toBeUndefined();

    const one = server.state.orders.find((order) => order.status === "Shipped");
    const single = await spApi(server, `/orders/2026-01-01/orders/${one?.orderId}?includedData=BUYER`, accessToken);
    const singleBody = (await single.json()) as { order: Order2026 };
    expect(singleBody.order.buyer?.buyerEmail).toBe(one?.buyer.buyerEmail);
    expect(singleBody.order.recipient).toBeUndefined();
    expect((await spApi(server, "/orders/2026-01-01/orders/999-0000000-0000000", accessToken)).status).toBe(404);
  });

  it("sees touched and added orders in an incremental sync", async () => {
    const server = await start({ scenario: { settleLagMs: 0 } });
    const { accessToken } = await authorize(server);
    const watermark = new Date(server.state.now() + 1000).toISOString();
    server.control.advanceTime(2000);
    const touched = server.control.touchOrders(3);
    const added = (await control(server, { action: "addOrders", n: 2 })).orderIds as string[];
    server.control.advanceTime(1000);
    const response = await spApi(server, `/orders/2026-01-01/orders?lastUpdatedAfter=${watermark}`, accessToken);
    const body = (await response.json()) as { orders: Order2026[] };
    expect(body.orders.map((order) => order.orderId).sort()).toEqual([...touched, ...added].sort());
  });
});

describe("Orders API v0 and the Tokens API", () => {
  it("omits ShippingAddress and BuyerInfo with an LWA token and includes them with an RDT that names them", async () => {
    const server = await start();
    const { accessToken } = await authorize(server);
    const path = `/orders/v0/orders?MarketplaceIds=ATVPDKIKX0DER&LastUpdatedAfter=${monthAgo()}`;
    const plain = (await (await spApi(server, path, accessToken)).json()) as { payload: { Orders: Record<string, unknown>[]; LastUpdatedBefore: string } };
    expect(plain.payload.Orders.length).toBeGreaterThan(0);
    expect(plain.payload.LastUpdatedBefore).toBeTruthy();
    for (const order of plain.payload.Orders) {
      expect(order.ShippingAddress).toBeUndefined();
      expect(order.BuyerInfo).toBeUndefined();
      if (order.OrderStatus === "Pending") expect(order.OrderTotal).toBeUndefined();
      else expect(typeof (order.OrderTotal as { Amount: unknown }).Amount).toBe("string");
    }

    const rdtResponse = await spApi(server, "/tokens/2021-03-01/restrictedDataToken", accessToken, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        restrictedResources: [
          { method: "GET", path: "/orders/v0/orders", dataElements: ["buyerInfo", "shippingAddress"] },
          { method: "GET", path: "/orders/v0/orders/{orderId}/address" },
        ],
      }),
    });
    expect(rdtResponse.status).toBe(200);
    const rdt = (await rdtResponse.json()) as { restrictedDataToken: string; expiresIn: number };
    expect(rdt.restrictedDataToken).toMatch(/^Atz\.sprdt\|/);
    expect(rdt.expiresIn).toBe(3600);

    const withPii = (await (await spApi(server, path, rdt.restrictedDataToken)).json()) as { payload: { Orders: Record<string, unknown>[] } };
    const shipped = withPii.payload.Orders.filter((order) => order.OrderStatus === "Shipped");
    expect(shipped.length).toBeGreaterThan(0);
    for (const order of shipped) {
      expect((order.BuyerInfo as { BuyerEmail: string }).BuyerEmail).toMatch(/@marketplace\.amazon\.com$/);
      expect(order.ShippingAddress).toBeDefined();
    }

    const orderId = String(shipped[0]?.AmazonOrderId);
    const address = (await (await spApi(server, `/orders/v0/orders/${orderId}/address`, rdt.restrictedDataToken)).json()) as { payload: { ShippingAddress?: unknown } };
    expect(address.payload.ShippingAddress).toBeDefined();
    // The RDT opens only what it names.
    expect((await spApi(server, `/orders/v0/orders/${orderId}/buyerInfo`, rdt.restrictedDataToken)).status).toBe(403);
    expect((await spApi(server, `/orders/2026-01-01/orders/${orderId}`, rdt.restrictedDataToken)).status).toBe(403);
    const lwaAddress = (await (await spApi(server, `/orders/v0/orders/${orderId}/address`, accessToken)).json()) as { payload: { ShippingAddress?: unknown } };
    expect(lwaAddress.payload.ShippingAddress).toBeUndefined();
  });

  it("paginates v0 with NextToken alone", async () => {
    const server = await start({ orderCount: 25 });
    const { accessToken } = await authorize(server);
    const first = (await (await spApi(server, `/orders/v0/orders?MarketplaceIds=ATVPDKIKX0DER,A2EUQ1WTGCTBG2&CreatedAfter=${monthAgo()}&MaxResultsPerPage=20`, accessToken)).json()) as {
      payload: { Orders: unknown[]; NextToken: string; CreatedBefore: string };
    };
    expect(first.payload.Orders).toHaveLength(20);
    const second = (await (await spApi(server, `/orders/v0/orders?MarketplaceIds=ATVPDKIKX0DER&NextToken=${encodeURIComponent(first.payload.NextToken)}`, accessToken)).json()) as {
      payload: { Orders: unknown[]; NextToken?: string };
    };
    expect(second.payload.Orders).toHaveLength(5);
    expect(second.payload.NextToken).toBeUndefined();
  });

  it("validates RDT requests: at most 50 resources, dataElements only where allowed", async () => {
    const server = await start();
    const { accessToken } = await authorize(server);
    const post = (body: unknown) =>
      spApi(server, "/tokens/2021-03-01/restrictedDataToken", accessToken, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    const tooMany = Array.from({ length: 51 }, () => ({ method: "GET", path: "/orders/v0/orders/{orderId}/address" }));
    expect((await post({ restrictedResources: tooMany })).status).toBe(400);
    expect((await post({ restrictedResources: [{ method: "GET", path: "/orders/v0/orders/{orderId}/address", dataElements: ["buyerInfo"] }] })).status).toBe(400);
    expect((await post({ restrictedResources: [{ method: "GET", path: "/orders/v0/orders", dataElements: ["creditCard"] }] })).status).toBe(400);
  });
});

describe("data and state", () => {
  it("generates deterministic, fictional orders", async () => {
    const a = await startFakeAmazon({ host: "127.0.0.1", seed: 7, orderCount: 30 });
    const b = await startFakeAmazon({ host: "127.0.0.1", seed: 7, orderCount: 30 });
    try {
      expect(a.state.orders.map((order) => order.orderId)).toEqual(b.state.orders.map((order) => order.orderId));
      for (const order of a.state.orders) {
        expect(order.shippingAddress.phone).toMatch(/^\+1 \d{3}-555-01\d{2}$/);
        expect(["ATVPDKIKX0DER", "A2EUQ1WTGCTBG2"]).toContain(order.marketplaceId);
      }
    } finally {
      await a.stop();
      await b.stop();
    }
  });

  it("reports counters on /__state without any PII", async () => {
    const server = await start();
    const { accessToken } = await authorize(server);
    await spApi(server, `/orders/2026-01-01/orders?lastUpdatedAfter=${monthAgo()}&includedData=BUYER,RECIPIENT`, accessToken);
    const response = await fetch(new URL("/__state", server.url));
    const text = await response.text();
    const body = JSON.parse(text) as { requestsByOperation: Record<string, number>; tokensIssued: { refreshTokens: number } };
    expect(body.requestsByOperation.searchOrders).toBe(1);
    expect(body.tokensIssued.refreshTokens).toBe(1);
    for (const order of server.state.orders) {
      expect(text).not.toContain(order.buyer.buyerEmail);
      expect(text).not.toContain(order.shippingAddress.phone);
    }
    expect(text).not.toContain("Atza|");
  });

  it("prints the env a portal needs", () => {
    const env = portalEnvForFake("http://127.0.0.1:4555");
    expect(env.SPAPI_LWA_TOKEN_URL).toBe("http://127.0.0.1:4555/auth/o2/token");
    expect(env.SPAPI_CLIENT_ID).toBe(FAKE_LWA_CLIENT_ID);
  });
});

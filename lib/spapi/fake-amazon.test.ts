// Integration: the SP-API client against the local fake of LWA + SP-API over
// real HTTP on a loopback port (control T5). No database, so it runs in the
// unit project. Real clock and sleep; the fake's and our token buckets run
// 1000x faster, and backoff delays are shortened, so the suite stays quick.
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  DEMO_SELLING_PARTNER_ID,
  startFakeAmazon,
  type FakeAmazon,
  type FakeOrder,
} from "@/tools/fake-amazon/server";
import { createSpApiClient, type OrdersApiVersion } from "./client";
import { consentUrl, type SpApiConfig } from "./config";
import { silentLogger } from "./deps";
import { LwaInvalidGrantError, SpApiQuotaExceededError } from "./errors";
import { exchangeAuthorizationCode } from "./lwa";
import type { NormalizedOrder, SearchOrdersPage } from "./orders";
import { DEFAULT_RETRY_POLICY } from "./retry";
import { fakeAmazonConfig } from "./spapi.test-support";

const MARKETPLACES = ["ATVPDKIKX0DER", "A2EUQ1WTGCTBG2"];
const FAST_RETRY = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 5, maxDelayMs: 50 };

let fake: FakeAmazon | undefined;
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});

async function start(): Promise<{ fake: FakeAmazon; config: SpApiConfig }> {
  fake = await startFakeAmazon({ host: "127.0.0.1", port: 0, orderCount: 120, scenario: { timeScale: 1000 } });
  const url = fake.url;
  const config = fakeAmazonConfig(url);
  return { fake, config };
}

/** Consent steps 1-4: our consent URL, the seller confirms, we exchange the code. */
async function authorize(server: FakeAmazon, config: SpApiConfig) {
  const url = new URL(consentUrl(config, { region: "NA", state: "state-abc" }));
  const page = await fetch(url);
  expect(page.status).toBe(200);
  const form = new URLSearchParams({
    application_id: url.searchParams.get("application_id") ?? "",
    state: "state-abc",
    redirect_uri: url.searchParams.get("redirect_uri") ?? "",
    selling_partner_id: DEMO_SELLING_PARTNER_ID,
    decision: "confirm",
  });
  const decision = await fetch(new URL("/apps/authorize/confirm", server.url), { method: "POST", body: form, redirect: "manual" });
  const callback = new URL(decision.headers.get("location") ?? "");
  expect(callback.searchParams.get("state")).toBe("state-abc");
  return exchangeAuthorizationCode(config, callback.searchParams.get("spapi_oauth_code") ?? "", { deps: { logger: silentLogger } });
}

function client(config: SpApiConfig, refreshToken: string, ordersApiVersion: OrdersApiVersion, extra: Partial<Parameters<typeof createSpApiClient>[0]> = {}) {
  return createSpApiClient({
    config,
    refreshToken,
    sellerId: DEMO_SELLING_PARTNER_ID,
    region: "NA",
    ordersApiVersion,
    ordersPageSize: 10,
    rateLimitTimeScale: 1000,
    retryPolicy: FAST_RETRY,
    deps: { logger: silentLogger },
    ...extra,
  });
}

async function readAllPages(source: ReturnType<typeof client>["orders"], lastUpdatedAfter: string) {
  const orders: NormalizedOrder[] = [];
  let page: SearchOrdersPage | undefined;
  let pages = 0;
  do {
    page = await source.searchOrdersUpdatedSince({
      marketplaceIds: MARKETPLACES,
      lastUpdatedAfter,
      lastUpdatedBefore: page?.lastUpdatedBefore,
      pageToken: page?.nextPageToken,
    });
    orders.push(...page.orders);
    pages += 1;
  } while (page.nextPageToken);
  return { orders, pages, lastUpdatedBefore: page.lastUpdatedBefore };
}

function expectedOrders(server: FakeAmazon, after: string, before: string): FakeOrder[] {
  return server.state.orders.filter(
    (o) => o.sellingPartnerId === DEMO_SELLING_PARTNER_ID && o.lastUpdatedTime >= Date.parse(after) && o.lastUpdatedTime <= Date.parse(before),
  );
}

const isPending = (o: FakeOrder) => o.status === "Pending" || o.status === "PendingAvailability";
const since = () => new Date(Date.now() - 40 * 86_400_000).toISOString();

describe("SP-API client against the local fake Amazon", () => {
  it("exchanges the authorization code for a refresh token", async () => {
    const { fake: server, config } = await start();
    const tokens = await authorize(server, config);
    expect(tokens.refreshToken.startsWith("Atzr|")).toBe(true);
    expect(tokens.accessToken.startsWith("Atza|")).toBe(true);
    expect(tokens.expiresAt.getTime()).toBeGreaterThan(Date.now() + 3_500_000);
    // A code works once.
    await expect(exchangeAuthorizationCode(config, "bogus-code", { deps: { logger: silentLogger } })).rejects.toBeInstanceOf(LwaInvalidGrantError);
  });

  it.each(["2026-01-01", "v0"] as const)("%s: pages through every order exactly once, with PII", async (version) => {
    const { fake: server, config } = await start();
    const { refreshToken } = await authorize(server, config);
    const after = since();
    const { orders, pages, lastUpdatedBefore } = await readAllPages(client(config, refreshToken, version).orders, after);
    const expected = expectedOrders(server, after, lastUpdatedBefore);
    expect(pages).toBeGreaterThan(5);
    const ids = orders.map((o) => o.amazonOrderId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids)).toEqual(new Set(expected.map((o) => o.orderId)));

    const byId = new Map(orders.map((o) => [o.amazonOrderId, o]));
    for (const fakeOrder of expected) {
      const order = byId.get(fakeOrder.orderId)!;
      expect(order.marketplaceId).toBe(fakeOrder.marketplaceId);
      if (isPending(fakeOrder)) {
        expect(order.pii).toEqual({});
      } else {
        expect(order.pii.buyerEmail).toBe(fakeOrder.buyer.buyerEmail);
        expect(order.pii.buyerName).toBe(fakeOrder.buyer.buyerName);
        expect(order.pii.shipping?.addressLine1).toBe(fakeOrder.shippingAddress.addressLine1);
        expect(order.pii.shipping?.postalCode).toBe(fakeOrder.shippingAddress.postalCode);
      }
    }
    if (version === "v0") expect(server.state.stats().tokensIssued.restrictedDataTokens).toBe(1);
    else expect(server.state.stats().tokensIssued.restrictedDataTokens).toBe(0);
  });

  it("v0 and 2026-01-01 normalize the same order alike", async () => {
    const { fake: server, config } = await start();
    const { refreshToken } = await authorize(server, config);
    const shipped = server.state.orders.find((o) => o.status === "Shipped")!;
    const fromNew = await client(config, refreshToken, "2026-01-01").orders.getOrder(shipped.orderId);
    const fromOld = await client(config, refreshToken, "v0").orders.getOrder(shipped.orderId);
    const { orderTotal: totalNew, items, ...restNew } = fromNew;
    const { orderTotal: totalOld, ...restOld } = fromOld;
    expect(restNew).toEqual(restOld);
    // Line items come with 2026-01-01 only: what was bought, never who bought it.
    expect(items?.map((item) => item.asin)).toEqual(shipped.items.map((item) => item.asin));
    expect(items?.every((item) => item.title && item.quantity > 0 && item.unitPrice)).toBe(true);
    expect(Number(totalNew?.amount)).toBe(Number(totalOld?.amount));
    expect(totalNew?.currencyCode).toBe(totalOld?.currencyCode);
    expect(fromNew.status).toBe("SHIPPED");
  });

  it("v0 without an RDT gets orders but no PII", async () => {
    const { fake: server, config } = await start();
    const { refreshToken } = await authorize(server, config);
    const { orders } = await readAllPages(client(config, refreshToken, "v0", { v0WithPii: false }).orders, since());
    expect(orders.length).toBeGreaterThan(0);
    expect(orders.every((o) => Object.keys(o.pii).length === 0)).toBe(true);
    expect(server.state.stats().tokensIssued.restrictedDataTokens).toBe(0);
  });

  it("completes despite a 429 burst and 500s (and an LWA 500)", async () => {
    const { fake: server, config } = await start();
    const { refreshToken } = await authorize(server, config);
    server.control.fail500Next(1, "lwa.token");
    // Four failures in a row on one call (the fifth attempt, the last allowed, succeeds) ...
    server.control.fail429Next(3, "searchOrders");
    server.control.fail500Next(1, "searchOrders");
    const after = since();
    const { orders, lastUpdatedBefore } = await readAllPages(client(config, refreshToken, "2026-01-01").orders, after);
    expect(orders.length).toBe(expectedOrders(server, after, lastUpdatedBefore).length);
    const stats = server.state.stats();
    expect(stats.injectedFailures).toBeGreaterThanOrEqual(5);
    expect(stats.pendingInjections.every((p) => p.remaining === 0)).toBe(true);
  });

  it("gives up typed when failures outlast the retries", async () => {
    const { fake: server, config } = await start();
    const { refreshToken } = await authorize(server, config);
    server.control.fail429Next(5, "getOrder");
    const error = await client(config, refreshToken, "2026-01-01").orders.getOrder(server.state.orders[0]!.orderId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SpApiQuotaExceededError);
    expect(error).toMatchObject({ status: 429, code: "QuotaExceeded", attempts: 5 });
  });

  it("refreshes an expired access token transparently", async () => {
    const { fake: server, config } = await start();
    const { refreshToken } = await authorize(server, config);
    const onRevoked = vi.fn();
    const api = client(config, refreshToken, "2026-01-01", { onRevoked });
    const orderId = server.state.orders[0]!.orderId;
    await api.orders.getOrder(orderId);
    const issued = server.state.stats().tokensIssued.accessTokens;
    server.control.expireAccessTokens();
    expect((await api.orders.getOrder(orderId)).amazonOrderId).toBe(orderId);
    expect(server.state.stats().tokensIssued.accessTokens).toBe(issued + 1);
    expect(onRevoked).not.toHaveBeenCalled();
  });

  it("a revoked refresh token calls onRevoked and fails typed", async () => {
    const { fake: server, config } = await start();
    const { refreshToken } = await authorize(server, config);
    const onRevoked = vi.fn();
    const api = client(config, refreshToken, "v0", { onRevoked });
    const orderId = server.state.orders[0]!.orderId;
    await api.orders.getOrder(orderId);
    server.control.revokeRefreshToken(DEMO_SELLING_PARTNER_ID);
    const error = (await api.orders.getOrder(orderId).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(LwaInvalidGrantError);
    expect(error.message).not.toContain(refreshToken);
    expect(onRevoked).toHaveBeenCalledTimes(1);
    expect(onRevoked).toHaveBeenCalledWith("invalid_grant");
    expect(api.revoked).toBe(true);
  });
});

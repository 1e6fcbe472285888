import { describe, expect, it, vi } from "vitest";
import { createSpApiClient } from "./client";
import { LwaInvalidGrantError, SpApiResponseShapeError, SpApiUnauthorizedError } from "./errors";
import {
  getOrder2026ResponseSchema,
  getOrderV0ResponseSchema,
  normalizeOrder2026,
  normalizeOrderV0,
  searchOrders2026ResponseSchema,
} from "./orders";
import { TEST_REFRESH_TOKEN, jsonResponse, scriptedFetch, testConfig, testDeps, type RecordedRequest } from "./spapi.test-support";

const ORDER_2026 = {
  orderId: "902-1845936-5435065",
  createdTime: "2026-01-19T03:58:30Z",
  lastUpdatedTime: "2026-01-19T03:58:32Z",
  salesChannel: { channelName: "AMAZON", marketplaceId: "ATVPDKIKX0DER", marketplaceName: "Amazon.com" },
  buyer: { buyerName: "Avery Example", buyerEmail: "abc123@marketplace.amazon.com" },
  recipient: {
    deliveryAddress: {
      name: "Avery Example",
      addressLine1: "123 Test Street",
      city: "SEATTLE",
      stateOrRegion: "WA",
      postalCode: "98121-2778",
      countryCode: "US",
      phone: "+1 206-555-0100",
      addressType: "COMMERCIAL",
    },
  },
  proceeds: { grandTotal: { amount: "11.01", currencyCode: "USD" } },
  fulfillment: {
    fulfillmentStatus: "UNSHIPPED",
    fulfilledBy: "MERCHANT",
    deliverByWindow: { earliestDateTime: "2026-01-22T00:00:00Z", latestDateTime: "2026-01-25T23:59:59Z" },
  },
  orderItems: [{ orderItemId: "1", quantityOrdered: 1, product: { asin: "B0TEST" } }],
  someFutureField: { anything: true },
};

const ORDER_V0 = {
  AmazonOrderId: "902-1845936-5435065",
  PurchaseDate: "2026-01-19T03:58:30Z",
  LastUpdateDate: "2026-01-19T03:58:32Z",
  OrderStatus: "Unshipped",
  FulfillmentChannel: "MFN",
  SalesChannel: "Amazon.com",
  OrderTotal: { CurrencyCode: "USD", Amount: "11.01" },
  NumberOfItemsShipped: 0,
  NumberOfItemsUnshipped: 1,
  MarketplaceId: "ATVPDKIKX0DER",
  LatestDeliveryDate: "2026-01-25T23:59:59Z",
  ShippingAddress: {
    Name: "Avery Example",
    AddressLine1: "123 Test Street",
    City: "SEATTLE",
    StateOrRegion: "WA",
    PostalCode: "98121-2778",
    CountryCode: "US",
    Phone: "+1 206-555-0100",
    AddressType: "Commercial",
  },
  BuyerInfo: { BuyerEmail: "abc123@marketplace.amazon.com", BuyerName: "Avery Example" },
};

describe("normalization", () => {
  it("maps v0 and 2026-01-01 to the same NormalizedOrder", () => {
    const fromNew = normalizeOrder2026(getOrder2026ResponseSchema.parse({ order: ORDER_2026 }).order);
    const fromOld = normalizeOrderV0(getOrderV0ResponseSchema.parse({ payload: ORDER_V0 }).payload);
    // Only 2026-01-01 carries line items (v0 needs a getOrderItems call per order).
    const { items, ...newWithoutItems } = fromNew;
    expect(items).toEqual([{ asin: "B0TEST", quantity: 1 }]);
    expect(fromOld.items).toBeUndefined();
    expect(newWithoutItems).toEqual(fromOld);
    expect(newWithoutItems).toEqual({
      amazonOrderId: "902-1845936-5435065",
      marketplaceId: "ATVPDKIKX0DER",
      status: "UNSHIPPED",
      purchaseDate: "2026-01-19T03:58:30Z",
      lastUpdateDate: "2026-01-19T03:58:32Z",
      orderTotal: { amount: "11.01", currencyCode: "USD" },
      fulfillmentChannel: "MERCHANT",
      itemCount: 1,
      latestDeliveryDate: "2026-01-25T23:59:59Z",
      pii: {
        buyerName: "Avery Example",
        buyerEmail: "abc123@marketplace.amazon.com",
        shipping: {
          name: "Avery Example",
          addressLine1: "123 Test Street",
          city: "SEATTLE",
          stateOrRegion: "WA",
          postalCode: "98121-2778",
          countryCode: "US",
          phone: "+1 206-555-0100",
        },
      },
    });
  });

  it("normalizes statuses of both APIs and keeps unknown ones as UNKNOWN", () => {
    const v0 = (OrderStatus: string) => normalizeOrderV0({ ...ORDER_V0, OrderStatus }).status;
    const v2026 = (fulfillmentStatus: string) =>
      normalizeOrder2026({ ...ORDER_2026, fulfillment: { fulfillmentStatus } }).status;
    expect(v0("Canceled")).toBe("CANCELLED");
    expect(v2026("CANCELLED")).toBe("CANCELLED");
    expect(v0("PendingAvailability")).toBe("PENDING_AVAILABILITY");
    expect(v0("InvoiceUnconfirmed")).toBe("INVOICE_UNCONFIRMED");
    expect(v2026("SOMETHING_NEW")).toBe("UNKNOWN");
  });

  it("accepts numeric amounts and orders without PII (pending / no roles)", () => {
    const { buyer: _b, recipient: _r, proceeds: _p, ...bare } = ORDER_2026;
    const parsed = getOrder2026ResponseSchema.parse({ order: { ...bare, proceeds: { grandTotal: { amount: 42.5, currencyCode: "EUR" } } } });
    const order = normalizeOrder2026(parsed.order);
    expect(order.orderTotal).toEqual({ amount: "42.5", currencyCode: "EUR" });
    expect(order.pii).toEqual({});
  });

  it("fails loudly on shape drift", () => {
    expect(searchOrders2026ResponseSchema.safeParse({ orders: [{ ...ORDER_2026, orderItems: undefined }] }).success).toBe(false);
    expect(getOrderV0ResponseSchema.safeParse({ payload: { ...ORDER_V0, OrderTotal: { CurrencyCode: "USD", Amount: "ten" } } }).success).toBe(false);
    expect(getOrderV0ResponseSchema.safeParse(ORDER_V0).success).toBe(false); // no payload wrapper
  });
});

const lwaOk = (n: number) => jsonResponse(200, { access_token: `Atza|FAKE-lwa${n}`, refresh_token: TEST_REFRESH_TOKEN, token_type: "bearer", expires_in: 3600 });
const isLwa = (r: RecordedRequest) => r.url.endsWith("/auth/o2/token");

/** Routes requests by path so one fetch can play LWA and SP-API. */
function amazon(handlers: { lwa: () => Response; spapi: (r: RecordedRequest) => Response }) {
  return scriptedFetch([(r) => (isLwa(r) ? handlers.lwa() : handlers.spapi(r))]);
}

describe("createSpApiClient", () => {
  it("2026-01-01: asks for BUYER,RECIPIENT with the LWA token and paginates with repeated filters", async () => {
    let n = 0;
    const { fetch, requests } = amazon({
      lwa: () => lwaOk(++n),
      spapi: (r) => {
        const url = new URL(r.url);
        const page2 = url.searchParams.has("paginationToken");
        return jsonResponse(200, {
          orders: [{ ...ORDER_2026, orderId: page2 ? "111-0000000-0000002" : "111-0000000-0000001" }],
          pagination: page2 ? {} : { nextToken: "next-1" },
          lastUpdatedBefore: url.searchParams.get("lastUpdatedBefore"),
        });
      },
    });
    const client = createSpApiClient({ config: testConfig(), refreshToken: TEST_REFRESH_TOKEN, sellerId: "S1", region: "NA", ordersApiVersion: "2026-01-01", deps: testDeps(fetch) });
    const params = { marketplaceIds: ["ATVPDKIKX0DER"], lastUpdatedAfter: "2026-10-01T00:00:00Z" };
    const page1 = await client.orders.searchOrdersUpdatedSince(params);
    expect(page1.nextPageToken).toBe("next-1");
    const page2 = await client.orders.searchOrdersUpdatedSince({ ...params, lastUpdatedBefore: page1.lastUpdatedBefore, pageToken: page1.nextPageToken });
    expect(page2.nextPageToken).toBeUndefined();
    expect([...page1.orders, ...page2.orders].map((o) => o.amazonOrderId)).toEqual(["111-0000000-0000001", "111-0000000-0000002"]);
    const calls = requests.filter((r) => !isLwa(r)).map((r) => new URL(r.url));
    expect(calls[0]!.searchParams.get("includedData")).toContain("BUYER,RECIPIENT");
    expect(calls[1]!.searchParams.get("lastUpdatedBefore")).toBe(calls[0]!.searchParams.get("lastUpdatedBefore"));
    expect(calls[1]!.searchParams.get("paginationToken")).toBe("next-1");
    expect(requests.filter(isLwa)).toHaveLength(1); // the access token is cached
    expect(requests.filter((r) => !isLwa(r)).every((r) => r.headers["x-amz-access-token"] === "Atza|FAKE-lwa1")).toBe(true);
  });

  it("v0: gets an RDT for buyerInfo + shippingAddress and sends it instead of the LWA token", async () => {
    const { fetch, requests } = amazon({
      lwa: () => lwaOk(1),
      spapi: (r) =>
        r.url.includes("/tokens/")
          ? jsonResponse(200, { restrictedDataToken: "Atz.sprdt|rdt1", expiresIn: 3600 })
          : r.url.includes("/orders/v0/orders/")
            ? jsonResponse(200, { payload: ORDER_V0 })
            : jsonResponse(200, { payload: { Orders: [ORDER_V0], LastUpdatedBefore: "2026-11-01T00:00:00Z" } }),
    });
    const client = createSpApiClient({ config: testConfig(), refreshToken: TEST_REFRESH_TOKEN, sellerId: "S1", region: "NA", ordersApiVersion: "v0", deps: testDeps(fetch) });
    const page = await client.orders.searchOrdersUpdatedSince({ marketplaceIds: ["ATVPDKIKX0DER"], lastUpdatedAfter: "2026-10-01T00:00:00Z" });
    const one = await client.orders.getOrder("902-1845936-5435065");
    expect(page.orders[0]).toEqual(one);
    expect(one.pii.buyerEmail).toBe("abc123@marketplace.amazon.com");

    const rdtRequest = requests.find((r) => r.url.includes("/tokens/2021-03-01/restrictedDataToken"))!;
    expect(rdtRequest.method).toBe("POST");
    expect(rdtRequest.headers["x-amz-access-token"]).toBe("Atza|FAKE-lwa1");
    expect(rdtRequest.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(rdtRequest.body!)).toEqual({
      restrictedResources: [
        { method: "GET", path: "/orders/v0/orders", dataElements: ["buyerInfo", "shippingAddress"] },
        { method: "GET", path: "/orders/v0/orders/{orderId}", dataElements: ["buyerInfo", "shippingAddress"] },
      ],
    });
    const orderCalls = requests.filter((r) => r.url.includes("/orders/v0/"));
    expect(orderCalls.every((r) => r.headers["x-amz-access-token"] === "Atz.sprdt|rdt1")).toBe(true);
    expect(requests.filter((r) => r.url.includes("/tokens/"))).toHaveLength(1); // RDT cached
    const query = new URL(orderCalls[0]!.url).searchParams;
    expect(query.get("MarketplaceIds")).toBe("ATVPDKIKX0DER");
    expect(query.get("LastUpdatedAfter")).toBe("2026-10-01T00:00:00Z");
  });

  it("a 403 is retried once with a fresh token (expired token), not reported as revoked", async () => {
    let n = 0;
    const { fetch } = amazon({
      lwa: () => lwaOk(++n),
      spapi: (r) =>
        r.headers["x-amz-access-token"] === "Atza|FAKE-lwa1"
          ? jsonResponse(403, { errors: [{ code: "Unauthorized", message: "Access to requested resource is denied." }] })
          : jsonResponse(200, { order: ORDER_2026 }),
    });
    const onRevoked = vi.fn();
    const client = createSpApiClient({ config: testConfig(), refreshToken: TEST_REFRESH_TOKEN, sellerId: "S1", region: "NA", ordersApiVersion: "2026-01-01", onRevoked, deps: testDeps(fetch) });
    expect((await client.orders.getOrder("902-1845936-5435065")).amazonOrderId).toBe("902-1845936-5435065");
    expect(onRevoked).not.toHaveBeenCalled();
    expect(n).toBe(2);
  });

  it("a persistent 403 or invalid_grant calls onRevoked once and stops calling Amazon", async () => {
    const forbidden = amazon({
      lwa: () => lwaOk(1),
      spapi: () => jsonResponse(403, { errors: [{ code: "Unauthorized", message: "Access to requested resource is denied." }] }),
    });
    const onRevoked = vi.fn();
    const client = createSpApiClient({ config: testConfig(), refreshToken: TEST_REFRESH_TOKEN, sellerId: "S1", region: "NA", ordersApiVersion: "2026-01-01", onRevoked, deps: testDeps(forbidden.fetch) });
    await expect(client.orders.getOrder("902-1845936-5435065")).rejects.toBeInstanceOf(SpApiUnauthorizedError);
    expect(onRevoked).toHaveBeenCalledWith("unauthorized");
    const sent = forbidden.requests.length;
    await expect(client.orders.getOrder("902-1845936-5435065")).rejects.toBeInstanceOf(SpApiUnauthorizedError);
    expect(forbidden.requests.length).toBe(sent);
    expect(client.revoked).toBe(true);

    const revoked = amazon({ lwa: () => jsonResponse(400, { error: "invalid_grant" }), spapi: () => jsonResponse(200, {}) });
    const onRevoked2 = vi.fn();
    const client2 = createSpApiClient({ config: testConfig(), refreshToken: TEST_REFRESH_TOKEN, sellerId: "S1", region: "NA", ordersApiVersion: "v0", onRevoked: onRevoked2, deps: testDeps(revoked.fetch) });
    await expect(client2.orders.getOrder("902-1845936-5435065")).rejects.toBeInstanceOf(LwaInvalidGrantError);
    expect(onRevoked2).toHaveBeenCalledTimes(1);
    expect(onRevoked2).toHaveBeenCalledWith("invalid_grant");
  });

  it("shape errors surface typed and carry no PII", async () => {
    const { fetch } = amazon({ lwa: () => lwaOk(1), spapi: () => jsonResponse(200, { order: { ...ORDER_2026, createdTime: "Avery Example" } }) });
    const client = createSpApiClient({ config: testConfig(), refreshToken: TEST_REFRESH_TOKEN, sellerId: "S1", region: "NA", ordersApiVersion: "2026-01-01", deps: testDeps(fetch) });
    const error = (await client.orders.getOrder("902-1845936-5435065").catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(SpApiResponseShapeError);
    expect(error.message).toContain("order.createdTime");
    expect(error.message).not.toContain("Avery");
  });

  it("rejects malformed order ids before calling Amazon", async () => {
    const { fetch, requests } = amazon({ lwa: () => lwaOk(1), spapi: () => jsonResponse(200, {}) });
    const client = createSpApiClient({ config: testConfig(), refreshToken: TEST_REFRESH_TOKEN, sellerId: "S1", region: "NA", ordersApiVersion: "2026-01-01", deps: testDeps(fetch) });
    await expect(client.orders.getOrder("../tokens")).rejects.toThrow(RangeError);
    expect(requests).toHaveLength(0);
  });
});

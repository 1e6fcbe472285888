// Server-side only (see deps.ts for why lib/spapi does not import "server-only").
//
// Orders behind ONE interface. The Orders API 2026-01-01 is the default; the
// deprecated v0 API (migration deadline 27 March 2027) stays available for
// sellers whose app roles still need it, with a Restricted Data Token for its
// PII. Both normalize to the same NormalizedOrder, so the sync engine does not
// care which one ran. Schemas are strict on the fields we use (shape drift
// fails loudly with SpApiResponseShapeError) and `.passthrough()` elsewhere,
// because Amazon adds fields without a version bump.
import { z } from "zod";
import { SpApiResponseShapeError } from "./errors";
import type { HttpMethod, QueryValue } from "./http";
import type { SpApiOperation } from "./rate-limiter";

// ---------------------------------------------------------------------------
// The normalized model

export const NORMALIZED_ORDER_STATUSES = [
  "PENDING_AVAILABILITY",
  "PENDING",
  "UNSHIPPED",
  "PARTIALLY_SHIPPED",
  "SHIPPED",
  "INVOICE_UNCONFIRMED",
  "CANCELLED",
  "UNFULFILLABLE",
  /** A status Amazon added after this code was written: kept, not fatal. */
  "UNKNOWN",
] as const;
export type NormalizedOrderStatus = (typeof NORMALIZED_ORDER_STATUSES)[number];

export interface NormalizedShippingAddress {
  name?: string;
  companyName?: string;
  addressLine1?: string;
  addressLine2?: string;
  addressLine3?: string;
  city?: string;
  districtOrCounty?: string;
  stateOrRegion?: string;
  municipality?: string;
  postalCode?: string;
  countryCode?: string;
  phone?: string;
}

/** Everything in here is buyer PII: encrypt at rest, never log, delete 30 days after delivery. */
export interface NormalizedOrderPii {
  buyerName?: string;
  buyerEmail?: string;
  buyerPhone?: string;
  buyerCompanyName?: string;
  shipping?: NormalizedShippingAddress;
}

/** One line of an order: what was bought, never who bought it. */
export interface NormalizedOrderItem {
  asin?: string;
  sellerSku?: string;
  title?: string;
  quantity: number;
  /** Decimal string and ISO 4217 code; absent while an order is pending. */
  unitPrice?: { amount: string; currencyCode: string };
}

export interface NormalizedOrder {
  amazonOrderId: string;
  /** Empty only when a v0 response omitted MarketplaceId and no single marketplace was queried. */
  marketplaceId: string;
  status: NormalizedOrderStatus;
  /** ISO 8601. */
  purchaseDate: string;
  lastUpdateDate: string;
  orderTotal?: { amount: string; currencyCode: string };
  fulfillmentChannel?: "AMAZON" | "MERCHANT";
  itemCount?: number;
  /** Line items (2026-01-01 only: v0's getOrders has none, they need a getOrderItems call per order). */
  items?: NormalizedOrderItem[];
  /** Earliest package ship time (2026-01-01 with PACKAGES); v0 does not report it. */
  shippedAt?: string;
  /** Neither API reports an actual delivery time in the order; kept for when one does. */
  deliveredAt?: string;
  /** End of the promised delivery window: the retention clock's fallback when deliveredAt is unknown. */
  latestDeliveryDate?: string;
  pii: NormalizedOrderPii;
}

export interface SearchOrdersParams {
  sellerId?: string;
  marketplaceIds: readonly string[];
  /** ISO 8601. */
  lastUpdatedAfter: string;
  /** ISO 8601, at least 2 minutes before now (Amazon's rule). */
  lastUpdatedBefore?: string;
  pageToken?: string;
}

export interface SearchOrdersPage {
  orders: NormalizedOrder[];
  nextPageToken?: string;
  /** The window end Amazon applied: the next sync's lastUpdatedAfter once all pages are read. */
  lastUpdatedBefore: string;
}

export interface OrdersSource {
  readonly apiVersion: "2026-01-01" | "v0";
  searchOrdersUpdatedSince(params: SearchOrdersParams): Promise<SearchOrdersPage>;
  getOrder(orderId: string): Promise<NormalizedOrder>;
}

/** What an orders source needs from the client: one authorized, rate-limited, validated call. */
export interface SpApiCallRequest<T> {
  operation: SpApiOperation;
  method: HttpMethod;
  path: string;
  query?: Record<string, QueryValue>;
  body?: unknown;
  schema: z.ZodType<T>;
  /** Use this token (an RDT) instead of the LWA access token. */
  restrictedToken?: RestrictedTokenProvider;
}

export interface SpApiCaller {
  call<T>(request: SpApiCallRequest<T>): Promise<T>;
}

export interface RestrictedTokenProvider {
  getToken(): Promise<string>;
  /** Drop the cached token (Amazon rejected it). */
  invalidate(): void;
}

// ---------------------------------------------------------------------------
// Shared helpers

const isoDateTime = z.string().refine((value) => !Number.isNaN(Date.parse(value)), "not a date-time");
const optionalText = z.string().optional().nullable();
/** Amazon documents amounts as decimal strings; accept numbers too and keep the exact text. */
const isDecimalText = (value: string) => {
  const [whole = "", fraction, ...rest] = value.replace(/^-/, "").split(".");
  return rest.length === 0 && /^\d+$/.test(whole) && (fraction === undefined || /^\d+$/.test(fraction));
};
const decimalAmount = z.union([z.string().refine(isDecimalText, "not a decimal"), z.number().finite()]).transform(String);
const ORDER_ID = /^[A-Za-z0-9-]{1,64}$/;

const clean = (value: string | null | undefined) => (value === null || value === undefined || value === "" ? undefined : value);

function compact<T extends object>(value: T): T | undefined {
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  return entries.length ? (Object.fromEntries(entries) as T) : undefined;
}

function assertOrderId(orderId: string): string {
  if (!ORDER_ID.test(orderId)) throw new RangeError("invalid Amazon order id");
  return orderId;
}

// ---------------------------------------------------------------------------
// Orders API 2026-01-01 (camelCase, no payload wrapper)

const money2026 = z.object({ amount: decimalAmount, currencyCode: z.string().min(3).max(3) }).passthrough();
const window2026 = z.object({ earliestDateTime: isoDateTime.optional(), latestDateTime: isoDateTime.optional() }).passthrough();

const address2026 = z
  .object({
    name: optionalText,
    companyName: optionalText,
    addressLine1: optionalText,
    addressLine2: optionalText,
    addressLine3: optionalText,
    city: optionalText,
    districtOrCounty: optionalText,
    stateOrRegion: optionalText,
    municipality: optionalText,
    postalCode: optionalText,
    countryCode: optionalText,
    phone: optionalText,
    addressType: optionalText,
  })
  .passthrough();

export const order2026Schema = z
  .object({
    orderId: z.string().min(1),
    createdTime: isoDateTime,
    lastUpdatedTime: isoDateTime,
    salesChannel: z
      .object({ channelName: z.string().optional(), marketplaceId: z.string().min(1), marketplaceName: z.string().optional() })
      .passthrough(),
    buyer: z
      .object({ buyerName: optionalText, buyerEmail: optionalText, buyerCompanyName: optionalText, buyerPurchaseOrderNumber: optionalText })
      .passthrough()
      .optional(),
    recipient: z.object({ deliveryAddress: address2026.optional() }).passthrough().optional(),
    proceeds: z.object({ grandTotal: money2026.optional() }).passthrough().optional(),
    fulfillment: z
      .object({
        fulfillmentStatus: z.string().optional(),
        fulfilledBy: z.string().optional(),
        shipByWindow: window2026.optional(),
        deliverByWindow: window2026.optional(),
      })
      .passthrough()
      .optional(),
    orderItems: z.array(
      z
        .object({
          orderItemId: z.string().optional(),
          quantityOrdered: z.number().int().nonnegative(),
          product: z
            .object({
              asin: optionalText,
              sellerSku: optionalText,
              title: optionalText,
              price: z.object({ unitPrice: money2026.optional() }).passthrough().optional(),
            })
            .passthrough()
            .optional(),
        })
        .passthrough(),
    ),
    packages: z.array(z.object({ shipTime: isoDateTime.optional() }).passthrough()).optional(),
  })
  .passthrough();
export type Order2026 = z.infer<typeof order2026Schema>;

export const searchOrders2026ResponseSchema = z
  .object({
    orders: z.array(order2026Schema),
    pagination: z.object({ nextToken: z.string().min(1).optional() }).passthrough().optional(),
    lastUpdatedBefore: isoDateTime.optional(),
    createdBefore: isoDateTime.optional(),
  })
  .passthrough();

export const getOrder2026ResponseSchema = z.object({ order: order2026Schema }).passthrough();

const STATUS_2026: Record<string, NormalizedOrderStatus> = {
  PENDING_AVAILABILITY: "PENDING_AVAILABILITY",
  PENDING: "PENDING",
  UNSHIPPED: "UNSHIPPED",
  PARTIALLY_SHIPPED: "PARTIALLY_SHIPPED",
  SHIPPED: "SHIPPED",
  CANCELLED: "CANCELLED",
  UNFULFILLABLE: "UNFULFILLABLE",
};

export function normalizeOrder2026(order: Order2026): NormalizedOrder {
  const address = order.recipient?.deliveryAddress;
  const shipping = address
    ? compact<NormalizedShippingAddress>({
        name: clean(address.name),
        companyName: clean(address.companyName),
        addressLine1: clean(address.addressLine1),
        addressLine2: clean(address.addressLine2),
        addressLine3: clean(address.addressLine3),
        city: clean(address.city),
        districtOrCounty: clean(address.districtOrCounty),
        stateOrRegion: clean(address.stateOrRegion),
        municipality: clean(address.municipality),
        postalCode: clean(address.postalCode),
        countryCode: clean(address.countryCode),
        phone: clean(address.phone),
      })
    : undefined;
  const grandTotal = order.proceeds?.grandTotal;
  const fulfilledBy = order.fulfillment?.fulfilledBy;
  const shipTimes = (order.packages ?? []).map((p) => p.shipTime).filter((t): t is string => Boolean(t)).sort();
  return dropUndefined({
    amazonOrderId: order.orderId,
    marketplaceId: order.salesChannel.marketplaceId,
    status: STATUS_2026[order.fulfillment?.fulfillmentStatus ?? ""] ?? "UNKNOWN",
    purchaseDate: order.createdTime,
    lastUpdateDate: order.lastUpdatedTime,
    orderTotal: grandTotal ? { amount: grandTotal.amount, currencyCode: grandTotal.currencyCode } : undefined,
    fulfillmentChannel: fulfilledBy === "AMAZON" ? "AMAZON" : fulfilledBy === "MERCHANT" ? "MERCHANT" : undefined,
    itemCount: order.orderItems.reduce((sum, item) => sum + item.quantityOrdered, 0),
    items: order.orderItems.map((item) =>
      dropUndefined<NormalizedOrderItem>({
        asin: clean(item.product?.asin),
        sellerSku: clean(item.product?.sellerSku),
        title: clean(item.product?.title),
        quantity: item.quantityOrdered,
        unitPrice: item.product?.price?.unitPrice
          ? { amount: item.product.price.unitPrice.amount, currencyCode: item.product.price.unitPrice.currencyCode }
          : undefined,
      }),
    ),
    shippedAt: shipTimes[0],
    latestDeliveryDate: order.fulfillment?.deliverByWindow?.latestDateTime,
    pii: dropUndefined({
      buyerName: clean(order.buyer?.buyerName),
      buyerEmail: clean(order.buyer?.buyerEmail),
      buyerCompanyName: clean(order.buyer?.buyerCompanyName),
      shipping,
    }),
  });
}

/**
 * Amazon wants a `…Before` at least 2 minutes in the past; 3 leaves room for
 * clock skew. An explicit window end also makes the next sync's start exact.
 */
export const WINDOW_END_LAG_MS = 3 * 60_000;

function defaultWindowEnd(now: () => number): string {
  return new Date(Math.floor((now() - WINDOW_END_LAG_MS) / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** BUYER and RECIPIENT carry the PII (they replace v0's getOrderBuyerInfo/getOrderAddress); the rest fill the order. */
export const DEFAULT_INCLUDED_DATA_2026 = ["BUYER", "RECIPIENT", "PROCEEDS", "FULFILLMENT", "PACKAGES"] as const;

export class OrdersApi20260101 implements OrdersSource {
  readonly apiVersion = "2026-01-01" as const;

  constructor(
    private readonly caller: SpApiCaller,
    private readonly options: { now?: () => number; includedData?: readonly string[]; maxResultsPerPage?: number } = {},
  ) {}

  private get includedData() {
    return this.options.includedData ?? DEFAULT_INCLUDED_DATA_2026;
  }

  async searchOrdersUpdatedSince(params: SearchOrdersParams): Promise<SearchOrdersPage> {
    // The pagination token expires after 24 h, and the filters must be repeated with
    // it, the window end included: pass the first page's lastUpdatedBefore along.
    if (params.pageToken && !params.lastUpdatedBefore) {
      throw new RangeError("searchOrders: pass the first page's lastUpdatedBefore with pageToken (the filters must be repeated)");
    }
    const lastUpdatedBefore = params.lastUpdatedBefore ?? (params.pageToken ? undefined : defaultWindowEnd(this.options.now ?? Date.now));
    const data = await this.caller.call({
      operation: "searchOrders",
      method: "GET",
      path: "/orders/2026-01-01/orders",
      query: {
        lastUpdatedAfter: params.lastUpdatedAfter,
        lastUpdatedBefore,
        marketplaceIds: params.marketplaceIds.length ? params.marketplaceIds : undefined,
        includedData: this.includedData,
        maxResultsPerPage: this.options.maxResultsPerPage ?? 100,
        paginationToken: params.pageToken,
      },
      schema: searchOrders2026ResponseSchema,
    });
    const windowEnd = data.lastUpdatedBefore ?? lastUpdatedBefore;
    if (!windowEnd) throw new SpApiResponseShapeError({ operation: "searchOrders", status: 200 }, ["lastUpdatedBefore"]);
    return dropUndefined({
      orders: data.orders.map(normalizeOrder2026),
      nextPageToken: data.pagination?.nextToken,
      lastUpdatedBefore: windowEnd,
    });
  }

  async getOrder(orderId: string): Promise<NormalizedOrder> {
    const data = await this.caller.call({
      operation: "getOrder",
      method: "GET",
      path: `/orders/2026-01-01/orders/${encodeURIComponent(assertOrderId(orderId))}`,
      query: { includedData: this.includedData },
      schema: getOrder2026ResponseSchema,
    });
    return normalizeOrder2026(data.order);
  }
}

// ---------------------------------------------------------------------------
// Orders API v0 (deprecated; PascalCase, `payload` wrapper, Money.Amount strings)

const moneyV0 = z.object({ CurrencyCode: z.string().min(3).max(3), Amount: decimalAmount }).passthrough();

const addressV0 = z
  .object({
    Name: optionalText,
    CompanyName: optionalText,
    AddressLine1: optionalText,
    AddressLine2: optionalText,
    AddressLine3: optionalText,
    City: optionalText,
    County: optionalText,
    District: optionalText,
    StateOrRegion: optionalText,
    Municipality: optionalText,
    PostalCode: optionalText,
    CountryCode: optionalText,
    Phone: optionalText,
    AddressType: optionalText,
  })
  .passthrough();

export const orderV0Schema = z
  .object({
    AmazonOrderId: z.string().min(1),
    PurchaseDate: isoDateTime,
    LastUpdateDate: isoDateTime,
    OrderStatus: z.string().min(1),
    FulfillmentChannel: z.string().optional(),
    MarketplaceId: z.string().optional(),
    OrderTotal: moneyV0.optional(),
    NumberOfItemsShipped: z.number().int().nonnegative().optional(),
    NumberOfItemsUnshipped: z.number().int().nonnegative().optional(),
    LatestDeliveryDate: isoDateTime.optional(),
    ShippingAddress: addressV0.optional(),
    BuyerInfo: z
      .object({ BuyerEmail: optionalText, BuyerName: optionalText, BuyerCompanyName: optionalText })
      .passthrough()
      .optional(),
  })
  .passthrough();
export type OrderV0 = z.infer<typeof orderV0Schema>;

export const getOrdersV0ResponseSchema = z
  .object({
    payload: z
      .object({
        Orders: z.array(orderV0Schema),
        NextToken: z.string().min(1).optional(),
        LastUpdatedBefore: isoDateTime.optional(),
        CreatedBefore: isoDateTime.optional(),
      })
      .passthrough(),
  })
  .passthrough();

export const getOrderV0ResponseSchema = z.object({ payload: orderV0Schema }).passthrough();

const STATUS_V0: Record<string, NormalizedOrderStatus> = {
  PendingAvailability: "PENDING_AVAILABILITY",
  Pending: "PENDING",
  Unshipped: "UNSHIPPED",
  PartiallyShipped: "PARTIALLY_SHIPPED",
  Shipped: "SHIPPED",
  InvoiceUnconfirmed: "INVOICE_UNCONFIRMED",
  Canceled: "CANCELLED",
  Unfulfillable: "UNFULFILLABLE",
};

export function normalizeOrderV0(order: OrderV0, fallbackMarketplaceId = ""): NormalizedOrder {
  const address = order.ShippingAddress;
  const shipping = address
    ? compact<NormalizedShippingAddress>({
        name: clean(address.Name),
        companyName: clean(address.CompanyName),
        addressLine1: clean(address.AddressLine1),
        addressLine2: clean(address.AddressLine2),
        addressLine3: clean(address.AddressLine3),
        city: clean(address.City),
        districtOrCounty: clean(address.County) ?? clean(address.District),
        stateOrRegion: clean(address.StateOrRegion),
        municipality: clean(address.Municipality),
        postalCode: clean(address.PostalCode),
        countryCode: clean(address.CountryCode),
        phone: clean(address.Phone),
      })
    : undefined;
  const counted = order.NumberOfItemsShipped !== undefined || order.NumberOfItemsUnshipped !== undefined;
  const channel = order.FulfillmentChannel;
  return dropUndefined({
    amazonOrderId: order.AmazonOrderId,
    marketplaceId: order.MarketplaceId ?? fallbackMarketplaceId,
    status: STATUS_V0[order.OrderStatus] ?? "UNKNOWN",
    purchaseDate: order.PurchaseDate,
    lastUpdateDate: order.LastUpdateDate,
    orderTotal: order.OrderTotal ? { amount: order.OrderTotal.Amount, currencyCode: order.OrderTotal.CurrencyCode } : undefined,
    fulfillmentChannel: channel === "AFN" ? "AMAZON" : channel === "MFN" ? "MERCHANT" : undefined,
    itemCount: counted ? (order.NumberOfItemsShipped ?? 0) + (order.NumberOfItemsUnshipped ?? 0) : undefined,
    latestDeliveryDate: order.LatestDeliveryDate,
    pii: dropUndefined({
      buyerName: clean(order.BuyerInfo?.BuyerName),
      buyerEmail: clean(order.BuyerInfo?.BuyerEmail),
      buyerCompanyName: clean(order.BuyerInfo?.BuyerCompanyName),
      shipping,
    }),
  });
}

export const restrictedDataTokenResponseSchema = z
  .object({ restrictedDataToken: z.string().min(1).max(4096), expiresIn: z.number().int().positive() })
  .passthrough();

export interface RestrictedResource {
  method: HttpMethod;
  path: string;
  dataElements?: readonly ("buyerInfo" | "shippingAddress" | "buyerTaxInformation")[];
}

/** The RDT for v0 orders: getOrders and getOrder (generic path) with buyer info and shipping address. */
export const V0_ORDER_PII_RESOURCES: readonly RestrictedResource[] = [
  { method: "GET", path: "/orders/v0/orders", dataElements: ["buyerInfo", "shippingAddress"] },
  { method: "GET", path: "/orders/v0/orders/{orderId}", dataElements: ["buyerInfo", "shippingAddress"] },
];

/** Refresh an RDT when less than this is left of its 1-hour life. */
export const RDT_REFRESH_MARGIN_MS = 60_000;

/**
 * Restricted Data Token from the Tokens API (created with the LWA token),
 * cached in memory until shortly before it expires; concurrent callers share
 * one creation.
 */
export class RestrictedDataTokenCache implements RestrictedTokenProvider {
  private cached: { token: string; expiresAt: number } | undefined;
  private inFlight: Promise<string> | undefined;

  constructor(
    private readonly caller: SpApiCaller,
    private readonly resources: readonly RestrictedResource[],
    private readonly now: () => number,
    private readonly marginMs = RDT_REFRESH_MARGIN_MS,
  ) {}

  async getToken(): Promise<string> {
    if (this.cached && this.cached.expiresAt - this.now() > this.marginMs) return this.cached.token;
    this.inFlight ??= this.create().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async create(): Promise<string> {
    const requestedAt = this.now();
    const data = await this.caller.call({
      operation: "createRestrictedDataToken",
      method: "POST",
      path: "/tokens/2021-03-01/restrictedDataToken",
      body: { restrictedResources: this.resources },
      schema: restrictedDataTokenResponseSchema,
    });
    this.cached = { token: data.restrictedDataToken, expiresAt: requestedAt + data.expiresIn * 1000 };
    return data.restrictedDataToken;
  }

  invalidate(): void {
    this.cached = undefined;
  }
}

export class OrdersApiV0 implements OrdersSource {
  readonly apiVersion = "v0" as const;
  private readonly rdt: RestrictedDataTokenCache | undefined;

  /**
   * `withPii: false` calls with the LWA token: Amazon then omits ShippingAddress
   * and BuyerInfo (for sellers whose app lacks the restricted roles).
   */
  constructor(
    private readonly caller: SpApiCaller,
    options: { now: () => number; withPii?: boolean; maxResultsPerPage?: number },
  ) {
    this.rdt = options.withPii === false ? undefined : new RestrictedDataTokenCache(caller, V0_ORDER_PII_RESOURCES, options.now);
    this.maxResultsPerPage = options.maxResultsPerPage ?? 100;
    this.now = options.now;
  }

  private readonly maxResultsPerPage: number;
  private readonly now: () => number;

  async searchOrdersUpdatedSince(params: SearchOrdersParams): Promise<SearchOrdersPage> {
    // With NextToken the other filters are not repeated: it only paginates.
    const lastUpdatedBefore = params.lastUpdatedBefore ?? (params.pageToken ? undefined : defaultWindowEnd(this.now));
    const query: Record<string, QueryValue> = params.pageToken
      ? { MarketplaceIds: params.marketplaceIds, NextToken: params.pageToken }
      : {
          MarketplaceIds: params.marketplaceIds,
          LastUpdatedAfter: params.lastUpdatedAfter,
          LastUpdatedBefore: lastUpdatedBefore,
          MaxResultsPerPage: this.maxResultsPerPage,
        };
    const data = await this.caller.call({
      operation: "getOrdersV0",
      method: "GET",
      path: "/orders/v0/orders",
      query,
      schema: getOrdersV0ResponseSchema,
      restrictedToken: this.rdt,
    });
    const windowEnd = data.payload.LastUpdatedBefore ?? lastUpdatedBefore;
    if (!windowEnd) throw new SpApiResponseShapeError({ operation: "getOrdersV0", status: 200 }, ["payload.LastUpdatedBefore"]);
    const fallbackMarketplace = params.marketplaceIds.length === 1 ? (params.marketplaceIds[0] ?? "") : "";
    return dropUndefined({
      orders: data.payload.Orders.map((order) => normalizeOrderV0(order, fallbackMarketplace)),
      nextPageToken: data.payload.NextToken,
      lastUpdatedBefore: windowEnd,
    });
  }

  async getOrder(orderId: string): Promise<NormalizedOrder> {
    const data = await this.caller.call({
      operation: "getOrderV0",
      method: "GET",
      path: `/orders/v0/orders/${encodeURIComponent(assertOrderId(orderId))}`,
      schema: getOrderV0ResponseSchema,
      restrictedToken: this.rdt,
    });
    return normalizeOrderV0(data.payload);
  }
}

// Local fake of Login with Amazon (LWA) + Selling Partner API, for tests and the demo mode.
// Follows /work/shared/docs/amazon.md (paths, shapes, headers, error bodies); where Amazon's
// behaviour is undocumented the choice is marked [U] here and listed in README.md.
// Dev/test only: it holds fake PII in memory and must never be reachable from outside loopback.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { type AddressInfo } from "node:net";
import { randomBytes, randomUUID } from "node:crypto";
import { z } from "zod";
import {
  FAKE_APP_NAME,
  FAKE_LWA_CLIENT_ID,
  FAKE_LWA_CLIENT_SECRET,
  FAKE_SELLERS,
  FAKE_SPAPI_APP_ID,
  MARKETPLACES,
  createPrng,
  generateOrders,
  orderTotal,
  type FakeOrder,
  type V0OrderStatus,
} from "./fake-data";
import { CONSENT_STYLE_HASH, renderConsentError, renderConsentPage } from "./consent-page";

export * from "./fake-data";

/** Documented default usage plans (rate = tokens per second, burst = bucket size). */
export const OPERATION_LIMITS = {
  searchOrders: { rate: 0.0056, burst: 20 },
  getOrder: { rate: 0.5, burst: 30 },
  "v0.getOrders": { rate: 0.0167, burst: 20 },
  "v0.getOrder": { rate: 0.5, burst: 30 },
  "v0.getOrderAddress": { rate: 0.5, burst: 30 },
  "v0.getOrderBuyerInfo": { rate: 0.5, burst: 30 },
  createRestrictedDataToken: { rate: 1, burst: 10 },
} as const;

export type SpApiOperation = keyof typeof OPERATION_LIMITS;
/** Operations failure switches can target: the SP-API ones plus the LWA token endpoint. */
export type FakeOperation = SpApiOperation | "lwa.token";
const FAKE_OPERATIONS = [...(Object.keys(OPERATION_LIMITS) as SpApiOperation[]), "lwa.token"] as const;

export interface FakeScenario {
  /** App still in Draft: the consent URL must carry version=beta or the page shows MD1000. */
  draftApp: boolean;
  /** Multiplies the token-bucket refill rate, so tests need not wait minutes for a refill. */
  timeScale: number;
  /** Turn per-operation rate limiting off entirely (benchmarks). */
  rateLimits: boolean;
  /** Added latency on every Amazon route (not on /__control or /__state). */
  delayMs: number;
  /** Amazon requires ...Before to be at least 2 minutes in the past; tests may lower it. */
  settleLagMs: number;
  /** Lifetime of a spapi_oauth_code (5 minutes at Amazon). */
  authorizationCodeTtlMs: number;
}

export const DEFAULT_SCENARIO: Readonly<FakeScenario> = Object.freeze({
  draftApp: false,
  timeScale: 1,
  rateLimits: true,
  delayMs: 0,
  settleLagMs: 120_000,
  authorizationCodeTtlMs: 300_000,
});

export interface FakeAmazonOptions {
  /** 0 (default) picks a random free port. */
  port?: number;
  /** Loopback only by default; the fake carries fake PII and a control endpoint. */
  host?: string;
  seed?: number;
  /** Number of generated orders (default 120; up to 10,000 for benchmarks). */
  orderCount?: number;
  scenario?: Partial<FakeScenario>;
  /** Registered OAuth redirect URIs (the first is used when the consent URL has none). */
  redirectUris?: string[];
  /** Clock injection for expiry tests; control.advanceTime() shifts it further. */
  now?: () => number;
}

export interface FakeStats {
  requestsByOperation: Record<string, number>;
  responsesByStatus: Record<string, number>;
  tokensIssued: { authorizationCodes: number; accessTokens: number; refreshTokens: number; restrictedDataTokens: number };
  throttled: number;
  injectedFailures: number;
  orderCount: number;
  draftApp: boolean;
  delayMs: number;
  pendingInjections: { kind: "429" | "500"; operation: FakeOperation | "any"; remaining: number }[];
}

export interface FakeAmazonState {
  /** Canonical orders INCLUDING PII (tests prove the portal never stores this plaintext). */
  readonly orders: FakeOrder[];
  /** Counters without PII (the same data GET /__state returns). */
  stats(): FakeStats;
  /** The fake's current time in ms (injected clock + advanceTime offset). */
  now(): number;
}

export interface FakeControl {
  fail429Next(n: number, operation?: FakeOperation): void;
  fail500Next(n: number, operation?: FakeOperation): void;
  delayMs(ms: number): void;
  expireAccessTokens(): void;
  revokeRefreshToken(sellingPartnerId: string): void;
  setDraftApp(draft: boolean): void;
  /** The next n consent confirmations redirect with a tampered state value. */
  corruptStateNext(n: number): void;
  /** Moves the fake's clock forward (codes, tokens, buckets and the 2-minute rule follow it). */
  advanceTime(ms: number): void;
  /** Bumps lastUpdatedTime of n orders to now (and moves Unshipped ones to Shipped); returns their ids. */
  touchOrders(n: number): string[];
  /** Adds n new orders created now; returns their ids. */
  addOrders(n: number): string[];
  /** Clears failure switches, delay, clock offset, rate-limit buckets and counters; restores the initial scenario. Keeps orders and tokens. */
  reset(): void;
}

export interface FakeAmazon {
  url: string;
  port: number;
  state: FakeAmazonState;
  control: FakeControl;
  stop(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Wire constants from amazon.md

const QUOTA_EXCEEDED = { errors: [{ code: "QuotaExceeded", message: "You exceeded your quota for the requested resource.", details: "" }] };
const ACCESS_DENIED_MESSAGE = "Access to requested resource is denied.";
const TOKEN_INVALID_DETAILS = "The access token you provided is revoked, malformed or invalid.";
const TOKEN_MISSING_DETAILS = "Access token is missing in the request header.";
// [U] Amazon's InternalFailure message text is not documented.
const INTERNAL_FAILURE = { errors: [{ code: "InternalFailure", message: "We encountered an internal error. Please try again.", details: "" }] };
const ACCESS_TOKEN_TTL_S = 3600;
const PAGINATION_TOKEN_TTL_MS = 24 * 3600 * 1000;
const MAX_USER_AGENT_LENGTH = 500;

const V0_STATUSES = ["PendingAvailability", "Pending", "Unshipped", "PartiallyShipped", "Shipped", "InvoiceUnconfirmed", "Canceled", "Unfulfillable"] as const;
const V2026_STATUS: Record<V0OrderStatus, string> = {
  PendingAvailability: "PENDING_AVAILABILITY",
  Pending: "PENDING",
  Unshipped: "UNSHIPPED",
  PartiallyShipped: "PARTIALLY_SHIPPED",
  Shipped: "SHIPPED",
  // [U] InvoiceUnconfirmed has no documented v2026 counterpart; the fake never generates it.
  InvoiceUnconfirmed: "SHIPPED",
  Canceled: "CANCELLED",
  Unfulfillable: "UNFULFILLABLE",
};
const INCLUDED_DATA = ["BUYER", "RECIPIENT", "PROCEEDS", "EXPENSE", "PROMOTION", "CANCELLATION", "FULFILLMENT", "PACKAGES", "TAX", "PAYMENT", "FULFILLMENT_ORDERS"] as const;
type IncludedData = (typeof INCLUDED_DATA)[number];
const DATA_ELEMENTS = ["buyerInfo", "shippingAddress", "buyerTaxInformation"] as const;
type DataElement = (typeof DATA_ELEMENTS)[number];

// Restricted operations an RDT can name (generic form); dataElements only for the first ones.
const RESTRICTED_PATHS = [
  { path: "/orders/v0/orders", dataElements: true },
  { path: "/orders/v0/orders/{orderId}", dataElements: true },
  { path: "/orders/v0/orders/{orderId}/orderItems", dataElements: true },
  { path: "/orders/v0/orders/{orderId}/address", dataElements: false },
  { path: "/orders/v0/orders/{orderId}/buyerInfo", dataElements: false },
  { path: "/orders/v0/orders/{orderId}/orderItems/buyerInfo", dataElements: false },
] as const;

// ---------------------------------------------------------------------------------------------
// Internal records

interface RdtResource {
  method: string;
  path: string;
  dataElements: DataElement[];
}

interface AccessTokenRecord {
  kind: "lwa" | "grantless" | "rdt";
  sellingPartnerId: string | undefined;
  expiresAt: number;
  revoked: boolean;
  resources: RdtResource[];
}

interface RefreshTokenRecord {
  sellingPartnerId: string;
  clientId: string;
  revoked: boolean;
}

interface AuthorizationCodeRecord {
  sellingPartnerId: string;
  redirectUri: string;
  expiresAt: number;
  used: boolean;
}

interface OrderQuery {
  dateField: "createdTime" | "lastUpdatedTime";
  after: number;
  before: number;
  marketplaceIds: string[] | undefined;
  statuses: V0OrderStatus[] | undefined;
  fulfillmentChannels: ("MFN" | "AFN")[] | undefined;
  amazonOrderIds: string[] | undefined;
}

interface PaginationRecord {
  api: "v0" | "v2026";
  sellingPartnerId: string;
  filterKey: string;
  orderIds: string[];
  offset: number;
  pageSize: number;
  beforeIso: string;
  dateField: OrderQuery["dateField"];
  expiresAt: number;
}

interface Injection {
  kind: "429" | "500";
  operation: FakeOperation | undefined;
  remaining: number;
}

class InputError extends Error {}

// ---------------------------------------------------------------------------------------------
// Helpers

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

function randomToken(prefix: string, bytes: number): string {
  return `${prefix}${randomBytes(bytes).toString("base64url")}`;
}

function parseIsoTime(name: string, value: string): number {
  const ms = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) throw new InputError(`${name} must be an ISO 8601 date-time.`);
  return ms;
}

/** Amazon array query parameters are comma-separated; repeated parameters are accepted too. */
function listParam(params: URLSearchParams, name: string): string[] | undefined {
  const values = params.getAll(name).flatMap((value) => value.split(",")).map((value) => value.trim()).filter(Boolean);
  return values.length === 0 ? undefined : values;
}

function enumList<T extends string>(params: URLSearchParams, name: string, allowed: readonly T[]): T[] | undefined {
  const values = listParam(params, name);
  if (values === undefined) return undefined;
  for (const value of values) {
    if (!(allowed as readonly string[]).includes(value)) throw new InputError(`${name} contains an invalid value.`);
  }
  return values as T[];
}

async function readBody(request: IncomingMessage, limit = 1_000_000): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) throw new InputError("Request body too large.");
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Matches a request path against an RDT resource path (specific, or generic with {placeholders}). */
function pathMatches(pattern: string, actual: string): boolean {
  const patternParts = pattern.split("/");
  const actualParts = actual.split("/");
  if (patternParts.length !== actualParts.length) return false;
  return patternParts.every((part, index) => (part.startsWith("{") && part.endsWith("}")) || part === actualParts[index]);
}

const rdtRequestSchema = z.object({
  targetApplication: z.string().min(1).optional(),
  restrictedResources: z
    .array(
      z.object({
        method: z.enum(["GET", "PUT", "POST", "DELETE"]),
        path: z.string().startsWith("/"),
        dataElements: z.array(z.enum(DATA_ELEMENTS)).optional(),
      }),
    )
    .min(1)
    .max(50),
});

const nonNegativeInt = z.number().int().min(0).max(1_000_000);
const operationSchema = z.enum(FAKE_OPERATIONS).optional();
export const controlRequestSchema = z.discriminatedUnion("action", [
  z.object({ action: z.literal("fail429Next"), n: nonNegativeInt, operation: operationSchema }),
  z.object({ action: z.literal("fail500Next"), n: nonNegativeInt, operation: operationSchema }),
  z.object({ action: z.literal("delayMs"), ms: nonNegativeInt }),
  z.object({ action: z.literal("expireAccessTokens") }),
  z.object({ action: z.literal("revokeRefreshToken"), sellingPartnerId: z.string().min(1) }),
  z.object({ action: z.literal("setDraftApp"), draft: z.boolean() }),
  z.object({ action: z.literal("corruptStateNext"), n: nonNegativeInt }),
  z.object({ action: z.literal("advanceTime"), ms: nonNegativeInt }),
  z.object({ action: z.literal("touchOrders"), n: nonNegativeInt }),
  z.object({ action: z.literal("addOrders"), n: z.number().int().min(0).max(10_000) }),
  z.object({ action: z.literal("reset") }),
]);
export type FakeControlRequest = z.infer<typeof controlRequestSchema>;

// ---------------------------------------------------------------------------------------------

export async function startFakeAmazon(options: FakeAmazonOptions = { host: "127.0.0.1" }): Promise<FakeAmazon> {
  const initialScenario: FakeScenario = { ...DEFAULT_SCENARIO, ...options.scenario };
  let scenario: FakeScenario = { ...initialScenario };
  const baseClock = options.now ?? Date.now;
  let clockOffsetMs = 0;
  const now = () => baseClock() + clockOffsetMs;
  const random = createPrng(options.seed ?? 20260101);
  const usedOrderIds = new Set<string>();
  const orders: FakeOrder[] = generateOrders(random, options.orderCount ?? 120, now(), usedOrderIds);
  const ordersById = new Map(orders.map((order) => [order.orderId, order]));
  const registeredRedirectUris = options.redirectUris ?? [
    "http://localhost:3000/api/amazon/callback",
     
    "http://127.0.0.1:3000/api/amazon/callback",
  ];

  const accessTokens = new Map<string, AccessTokenRecord>();
  const refreshTokens = new Map<string, RefreshTokenRecord>();
  const authorizationCodes = new Map<string, AuthorizationCodeRecord>();
  const paginationTokens = new Map<string, PaginationRecord>();
  const buckets = new Map<string, { tokens: number; updatedAt: number }>();
  let injections: Injection[] = [];
  let corruptStateRemaining = 0;

  const emptyStats = () => ({
    requestsByOperation: {} as Record<string, number>,
    responsesByStatus: {} as Record<string, number>,
    tokensIssued: { authorizationCodes: 0, accessTokens: 0, refreshTokens: 0, restrictedDataTokens: 0 },
    throttled: 0,
    injectedFailures: 0,
  });
  let counters = emptyStats();

  const stats = (): FakeStats => ({
    ...structuredClone(counters),
    orderCount: orders.length,
    draftApp: scenario.draftApp,
    delayMs: scenario.delayMs,
    pendingInjections: injections.map((entry) => ({ kind: entry.kind, operation: entry.operation ?? "any", remaining: entry.remaining })),
  });

  const countRequest = (operation: string) => {
    counters.requestsByOperation[operation] = (counters.requestsByOperation[operation] ?? 0) + 1;
  };

  /** Takes the first matching injected failure, if any. `undefined` targets any SP-API operation (not LWA). */
  const takeInjection = (operation: FakeOperation): Injection["kind"] | undefined => {
    const entry = injections.find(
      (candidate) => candidate.remaining > 0 && (candidate.operation === operation || (candidate.operation === undefined && operation !== "lwa.token")),
    );
    if (entry === undefined) return undefined;
    entry.remaining -= 1;
    injections = injections.filter((candidate) => candidate.remaining > 0);
    counters.injectedFailures += 1;
    return entry.kind;
  };

  const takeRateToken = (operation: SpApiOperation, sellingPartnerId: string): boolean => {
    if (!scenario.rateLimits) return true;
    const { rate, burst } = OPERATION_LIMITS[operation];
    const key = `${operation}:${sellingPartnerId}`;
    const at = now();
    const bucket = buckets.get(key) ?? { tokens: burst, updatedAt: at };
    bucket.tokens = Math.min(burst, bucket.tokens + ((at - bucket.updatedAt) / 1000) * rate * scenario.timeScale);
    bucket.updatedAt = at;
    buckets.set(key, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  };

  const issueAccessToken = (record: Omit<AccessTokenRecord, "expiresAt" | "revoked">, prefix: string): string => {
    const token = randomToken(prefix, 96);
    accessTokens.set(token, { ...record, expiresAt: now() + ACCESS_TOKEN_TTL_S * 1000, revoked: false });
    return token;
  };

  // -------------------------------------------------------------------------------------------
  // Responses

  const send = (
    response: ServerResponse,
    status: number,
    body: unknown,
    extra: { rateLimit?: number; headers?: Record<string, string>; contentType?: string } = {},
  ) => {
    counters.responsesByStatus[String(status)] = (counters.responsesByStatus[String(status)] ?? 0) + 1;
    response.statusCode = status;
    response.setHeader("x-amzn-RequestId", randomUUID());
    // Amazon sends the limit best-effort on 20x, 400 and 404 only, never on 429 or 401/403.
    if (extra.rateLimit !== undefined && (status === 200 || status === 400 || status === 404)) {
      response.setHeader("x-amzn-RateLimit-Limit", String(extra.rateLimit));
    }
    for (const [name, value] of Object.entries(extra.headers ?? {})) response.setHeader(name, value);
    if (typeof body === "string") {
      response.setHeader("content-type", extra.contentType ?? "text/html; charset=utf-8");
      response.end(body);
    } else {
      response.setHeader("content-type", "application/json");
      response.end(JSON.stringify(body));
    }
  };

  const spApiError = (response: ServerResponse, status: number, code: string, message: string, details?: string, rateLimit?: number) => {
    const headers: Record<string, string> = status === 403 ? { "x-amzn-ErrorType": "AccessDeniedException" } : {};
    send(response, status, { errors: [{ code, message, ...(details === undefined ? {} : { details }) }] }, { rateLimit, headers });
  };

  const lwaError = (response: ServerResponse, status: number, error: string, description: string) => {
    send(
      response,
      status,
      { error_description: description, error, error_index: randomBytes(8).toString("hex"), request_id: randomUUID() },
      { headers: { "Cache-Control": "no-store", Pragma: "no-cache" } },
    );
  };

  // -------------------------------------------------------------------------------------------
  // Consent page (Seller Central)

  type ConsentCheck = { ok: true; redirectUri: string } | { ok: false; code: string | undefined; message: string };

  const checkConsentParams = (applicationId: string | null, redirectUri: string | null, version: string | null, state: string | null): ConsentCheck => {
    if (applicationId !== FAKE_SPAPI_APP_ID) return { ok: false, code: "MD5101", message: "The application or its redirect URI is not registered." };
    if (redirectUri !== null && !registeredRedirectUris.includes(redirectUri)) {
      return { ok: false, code: "MD5101", message: "The redirect URI does not match any registered OAuth redirect URI." };
    }
    if (scenario.draftApp && version !== "beta") return { ok: false, code: "MD1000", message: "This application is in Draft: add version=beta to the authorization URL." };
    // [U] Amazon's behaviour without state is undocumented; the fake refuses so the portal cannot forget it.
    if (state === null || state === "") return { ok: false, code: undefined, message: "The request is missing the state parameter." };
    const resolved = redirectUri ?? registeredRedirectUris[0];
    if (resolved === undefined) return { ok: false, code: "MD5101", message: "The application has no registered OAuth redirect URI." };
    return { ok: true, redirectUri: resolved };
  };

  const consentHeaders = (formTarget?: string): Record<string, string> => {
    // form-action must also allow the redirect target: browsers apply it to the redirect after the POST.
    const formAction = formTarget === undefined ? "'self'" : `'self' ${new URL(formTarget).origin}`;
    return {
      "Content-Security-Policy": `default-src 'none'; style-src '${CONSENT_STYLE_HASH}'; form-action ${formAction}; frame-ancestors 'none'; base-uri 'none'`,
      "Referrer-Policy": "no-referrer",
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "no-store",
    };
  };

  const handleConsentPage = (url: URL, response: ServerResponse) => {
    countRequest("consent");
    const params = url.searchParams;
    const check = checkConsentParams(params.get("application_id"), params.get("redirect_uri"), params.get("version"), params.get("state"));
    if (!check.ok) {
      send(response, 400, renderConsentError(check.code, check.message), { headers: consentHeaders() });
      return;
    }
    const html = renderConsentPage({
      applicationId: FAKE_SPAPI_APP_ID,
      appName: FAKE_APP_NAME,
      state: params.get("state") ?? "",
      redirectUri: check.redirectUri,
      version: params.get("version") ?? undefined,
    });
    send(response, 200, html, { headers: consentHeaders(check.redirectUri) });
  };

  const handleConsentDecision = async (request: IncomingMessage, response: ServerResponse) => {
    countRequest("consent.confirm");
    const form = new URLSearchParams(await readBody(request, 64_000));
    const check = checkConsentParams(form.get("application_id"), form.get("redirect_uri"), form.get("version"), form.get("state"));
    const sellingPartnerId = form.get("selling_partner_id") ?? "";
    if (!check.ok) {
      send(response, 400, renderConsentError(check.code, check.message), { headers: consentHeaders() });
      return;
    }
    if (!FAKE_SELLERS.some((seller) => seller.sellingPartnerId === sellingPartnerId)) {
      send(response, 400, renderConsentError(undefined, "Unknown selling account."), { headers: consentHeaders() });
      return;
    }
    let state = form.get("state") ?? "";
    if (corruptStateRemaining > 0) {
      corruptStateRemaining -= 1;
      state = `${state}-tampered`;
    }
    const target = new URL(check.redirectUri);
    target.searchParams.set("state", state);
    if (form.get("decision") === "confirm") {
      const code = randomToken("", 15).replace(/[^A-Za-z0-9]/g, "x");
      authorizationCodes.set(code, { sellingPartnerId, redirectUri: check.redirectUri, expiresAt: now() + scenario.authorizationCodeTtlMs, used: false });
      counters.tokensIssued.authorizationCodes += 1;
      target.searchParams.set("selling_partner_id", sellingPartnerId);
      target.searchParams.set("spapi_oauth_code", code);
    } else {
      // [U] What Amazon's Cancel does is undocumented; the fake uses OAuth 2.0's access_denied.
      target.searchParams.set("error", "access_denied");
      target.searchParams.set("error_description", "The seller declined to authorize the application.");
    }
    send(response, 302, "", { headers: { ...consentHeaders(), Location: target.toString() } });
  };

  // -------------------------------------------------------------------------------------------
  // LWA token endpoint

  const handleLwaToken = async (request: IncomingMessage, response: ServerResponse) => {
    countRequest("lwa.token");
    const injected = takeInjection("lwa.token");
    if (injected === "500") {
      // [U] LWA's 5xx body is undocumented; OAuth's server_error is used.
      lwaError(response, 500, "server_error", "The server encountered an unexpected error.");
      return;
    }
    if (injected === "429") {
      // [U] LWA throttling body is undocumented.
      send(response, 429, { error: "slow_down", error_description: "Rate exceeded" }, { headers: { "Cache-Control": "no-store" } });
      return;
    }
    if (!(request.headers["content-type"] ?? "").toLowerCase().startsWith("application/x-www-form-urlencoded")) {
      // [U] exact text.
      lwaError(response, 400, "invalid_request", "The Content-Type must be application/x-www-form-urlencoded");
      return;
    }
    const form = new URLSearchParams(await readBody(request, 64_000));
    const grantType = form.get("grant_type");
    if (grantType !== "authorization_code" && grantType !== "refresh_token" && grantType !== "client_credentials") {
      lwaError(response, 400, "unsupported_grant_type", "Invalid grant_type parameter value"); // [U] exact text
      return;
    }
    if (form.get("client_id") !== FAKE_LWA_CLIENT_ID || form.get("client_secret") !== FAKE_LWA_CLIENT_SECRET) {
      lwaError(response, 401, "invalid_client", "Client authentication failed"); // [U] status and text
      return;
    }
    const ok = (body: Record<string, unknown>) => send(response, 200, body, { headers: { "Cache-Control": "no-store", Pragma: "no-cache" } });

    if (grantType === "authorization_code") {
      const code = form.get("code");
      if (code === null || code === "") {
        lwaError(response, 400, "invalid_request", "The request is missing a required parameter : code"); // [U]
        return;
      }
      const record = authorizationCodes.get(code);
      if (record === undefined || record.used || record.expiresAt <= now()) {
        if (record !== undefined) record.used = true;
        lwaError(response, 400, "invalid_grant", "The request has an invalid grant parameter : code");
        return;
      }
      record.used = true;
      if (form.get("redirect_uri") !== record.redirectUri) {
        lwaError(response, 400, "invalid_grant", "The request has an invalid grant parameter : redirect_uri"); // [U]
        return;
      }
      const refreshToken = randomToken("Atzr|", 240);
      refreshTokens.set(refreshToken, { sellingPartnerId: record.sellingPartnerId, clientId: FAKE_LWA_CLIENT_ID, revoked: false });
      const accessToken = issueAccessToken({ kind: "lwa", sellingPartnerId: record.sellingPartnerId, resources: [] }, "Atza|");
      counters.tokensIssued.refreshTokens += 1;
      counters.tokensIssued.accessTokens += 1;
      ok({ access_token: accessToken, refresh_token: refreshToken, token_type: "bearer", expires_in: ACCESS_TOKEN_TTL_S });
      return;
    }

    if (grantType === "refresh_token") {
      const refreshToken = form.get("refresh_token");
      if (refreshToken === null || refreshToken === "") {
        lwaError(response, 400, "invalid_request", "The request is missing a required parameter : refresh_token"); // [U]
        return;
      }
      const record = refreshTokens.get(refreshToken);
      if (record === undefined) {
        lwaError(response, 400, "invalid_grant", "The request has an invalid grant parameter : refresh_token");
        return;
      }
      if (record.revoked) {
        lwaError(response, 400, "invalid_grant", "The request has an invalid grant parameter : refresh_token. User may have revoked or didn't grant the permission.");
        return;
      }
      const accessToken = issueAccessToken({ kind: "lwa", sellingPartnerId: record.sellingPartnerId, resources: [] }, "Atza|");
      counters.tokensIssued.accessTokens += 1;
      // On a refresh grant Amazon returns the refresh token that was sent.
      ok({ access_token: accessToken, refresh_token: refreshToken, token_type: "bearer", expires_in: ACCESS_TOKEN_TTL_S });
      return;
    }

    const scope = form.get("scope");
    if (scope !== "sellingpartnerapi::notifications" && scope !== "sellingpartnerapi::client_credential:rotation") {
      lwaError(response, 400, "invalid_scope", "An unknown scope was requested"); // [U]
      return;
    }
    const accessToken = issueAccessToken({ kind: "grantless", sellingPartnerId: undefined, resources: [] }, "Atc|");
    counters.tokensIssued.accessTokens += 1;
    ok({ access_token: accessToken, scope, token_type: "bearer", expires_in: ACCESS_TOKEN_TTL_S });
  };

  // -------------------------------------------------------------------------------------------
  // SP-API

  const resolveToken = (request: IncomingMessage): { ok: true; token: AccessTokenRecord } | { ok: false; details: string } => {
    const header = request.headers["x-amz-access-token"];
    const value = Array.isArray(header) ? header[0] : header;
    if (value === undefined || value === "") return { ok: false, details: TOKEN_MISSING_DETAILS };
    const record = accessTokens.get(value);
    if (record === undefined || record.revoked || record.expiresAt <= now()) return { ok: false, details: TOKEN_INVALID_DETAILS };
    return { ok: true, token: record };
  };

  /** RDT resources matching this request (empty for LWA tokens). */
  const rdtGrant = (token: AccessTokenRecord, path: string): RdtResource | undefined =>
    token.resources.find((resource) => resource.method === "GET" && pathMatches(resource.path, path));

  const parseOrderQuery = (params: URLSearchParams, names: { createdAfter: string; createdBefore: string; lastUpdatedAfter: string; lastUpdatedBefore: string }) => {
    const createdAfter = params.get(names.createdAfter);
    const createdBefore = params.get(names.createdBefore);
    const lastUpdatedAfter = params.get(names.lastUpdatedAfter);
    const lastUpdatedBefore = params.get(names.lastUpdatedBefore);
    if ((createdAfter === null) === (lastUpdatedAfter === null)) {
      throw new InputError(`Exactly one of ${names.createdAfter} or ${names.lastUpdatedAfter} is required.`);
    }
    if (createdAfter !== null && lastUpdatedBefore !== null) throw new InputError(`${names.lastUpdatedBefore} can only be used with ${names.lastUpdatedAfter}.`);
    if (lastUpdatedAfter !== null && createdBefore !== null) throw new InputError(`${names.createdBefore} can only be used with ${names.createdAfter}.`);
    const dateField: OrderQuery["dateField"] = createdAfter !== null ? "createdTime" : "lastUpdatedTime";
    const afterName = createdAfter !== null ? names.createdAfter : names.lastUpdatedAfter;
    const beforeName = createdAfter !== null ? names.createdBefore : names.lastUpdatedBefore;
    const after = parseIsoTime(afterName, (createdAfter ?? lastUpdatedAfter) as string);
    const latestAllowed = now() - scenario.settleLagMs;
    const beforeRaw = createdAfter !== null ? createdBefore : lastUpdatedBefore;
    // Amazon: a ...Before must be at least 2 minutes in the past; omitted, it defaults to that.
    const before = beforeRaw === null ? Math.floor(latestAllowed / 1000) * 1000 : parseIsoTime(beforeName, beforeRaw);
    if (before > latestAllowed) throw new InputError(`${beforeName} must be at least 2 minutes before the time of the request.`);
    if (after > before) throw new InputError(`${afterName} must be earlier than ${beforeName}.`);
    return { dateField, after, before };
  };

  const runQuery = (sellingPartnerId: string, query: OrderQuery): string[] =>
    orders
      .filter(
        (order) =>
          order.sellingPartnerId === sellingPartnerId &&
          order[query.dateField] >= query.after &&
          order[query.dateField] <= query.before &&
          (query.marketplaceIds === undefined || query.marketplaceIds.includes(order.marketplaceId)) &&
          (query.statuses === undefined || query.statuses.includes(order.status)) &&
          (query.fulfillmentChannels === undefined || query.fulfillmentChannels.includes(order.fulfillmentChannel)) &&
          (query.amazonOrderIds === undefined || query.amazonOrderIds.includes(order.orderId)),
      )
      // [U] Amazon does not document the order; the fake sorts by the filtered time, then id.
      .sort((a, b) => a[query.dateField] - b[query.dateField] || a.orderId.localeCompare(b.orderId))
      .map((order) => order.orderId);

  const takePage = (record: PaginationRecord, pageSize: number): { ids: string[]; nextToken: string | undefined } => {
    const ids = record.orderIds.slice(record.offset, record.offset + pageSize);
    const nextOffset = record.offset + ids.length;
    if (nextOffset >= record.orderIds.length) return { ids, nextToken: undefined };
    const nextToken = randomBytes(24).toString("base64url");
    // Abandoned paginations would otherwise pile up in long benchmark runs.
    if (paginationTokens.size > 1000) {
      for (const [token, entry] of paginationTokens) if (entry.expiresAt <= now()) paginationTokens.delete(token);
    }
    paginationTokens.set(nextToken, { ...record, offset: nextOffset, pageSize, expiresAt: now() + PAGINATION_TOKEN_TTL_MS });
    return { ids, nextToken };
  };

  const startPagination = (
    api: PaginationRecord["api"],
    sellingPartnerId: string,
    filterKey: string,
    query: OrderQuery,
    pageSize: number,
  ): PaginationRecord => ({
    api,
    sellingPartnerId,
    filterKey,
    // Snapshot the matching ids so paging is stable while orders change underneath. [U]
    orderIds: runQuery(sellingPartnerId, query),
    offset: 0,
    pageSize,
    beforeIso: iso(query.before),
    dateField: query.dateField,
    expiresAt: now() + PAGINATION_TOKEN_TTL_MS,
  });

  const consumePaginationToken = (token: string, api: PaginationRecord["api"], sellingPartnerId: string, filterKey: string | undefined): PaginationRecord => {
    const record = paginationTokens.get(token);
    if (record === undefined || record.expiresAt <= now() || record.api !== api || record.sellingPartnerId !== sellingPartnerId) {
      throw new InputError("Invalid or expired pagination token."); // [U] exact text
    }
    if (filterKey !== undefined && record.filterKey !== filterKey) {
      throw new InputError("The filters must be the same as in the request that returned the pagination token.");
    }
    paginationTokens.delete(token);
    return record;
  };

  const pageSizeParam = (params: URLSearchParams, name: string): number => {
    const raw = params.get(name);
    if (raw === null) return 100; // [U] default for 2026-01-01; v0 documents 100.
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 1 || value > 100) throw new InputError(`${name} must be an integer from 1 to 100.`);
    return value;
  };

  // v2026 representation.
  const toOrder2026 = (order: FakeOrder, included: Set<IncludedData>) => {
    const pending = order.status === "Pending" || order.status === "PendingAvailability";
    const market = MARKETPLACES[order.marketplaceId];
    const money = (amount: string) => ({ amount: Number(amount), currencyCode: order.currencyCode });
    const address = order.shippingAddress;
    return {
      orderId: order.orderId,
      createdTime: iso(order.createdTime),
      lastUpdatedTime: iso(order.lastUpdatedTime),
      // [U] channelName values; "AMAZON" is used.
      salesChannel: { channelName: "AMAZON", marketplaceId: order.marketplaceId, marketplaceName: market.salesChannel },
      // PII and prices are withheld while an order is pending, as Amazon does.
      ...(included.has("BUYER") && !pending
        ? {
            buyer: {
              buyerName: order.buyer.buyerName,
              buyerEmail: order.buyer.buyerEmail,
              ...(order.buyer.buyerCompanyName === undefined ? {} : { buyerCompanyName: order.buyer.buyerCompanyName }),
            },
          }
        : {}),
      ...(included.has("RECIPIENT") && !pending
        ? {
            recipient: {
              deliveryAddress: {
                name: address.name,
                addressLine1: address.addressLine1,
                city: address.city,
                stateOrRegion: address.stateOrRegion,
                postalCode: address.postalCode,
                countryCode: address.countryCode,
                phone: address.phone,
                addressType: address.addressType.toUpperCase(), // [U] enum spelling
              },
            },
          }
        : {}),
      ...(included.has("PROCEEDS") && !pending ? { proceeds: { grandTotal: money(orderTotal(order)) } } : {}),
      ...(included.has("FULFILLMENT")
        ? {
            fulfillment: {
              fulfillmentStatus: V2026_STATUS[order.status],
              fulfilledBy: order.fulfillmentChannel === "MFN" ? "MERCHANT" : "AMAZON",
              shipByWindow: { earliestDateTime: iso(order.earliestShipDate), latestDateTime: iso(order.latestShipDate) }, // [U] window field names
            },
          }
        : {}),
      orderItems: order.items.map((item) => ({
        orderItemId: item.orderItemId,
        quantityOrdered: item.quantityOrdered,
        product: {
          asin: item.asin,
          sellerSku: item.sellerSku,
          title: item.title,
          ...(pending ? {} : { price: { unitPrice: money(item.unitPrice) } }),
        },
      })),
    };
  };

  // v0 representation.
  const v0Address = (order: FakeOrder) => ({
    Name: order.shippingAddress.name,
    AddressLine1: order.shippingAddress.addressLine1,
    City: order.shippingAddress.city,
    StateOrRegion: order.shippingAddress.stateOrRegion,
    PostalCode: order.shippingAddress.postalCode,
    CountryCode: order.shippingAddress.countryCode,
    Phone: order.shippingAddress.phone,
    AddressType: order.shippingAddress.addressType,
  });

  const toOrderV0 = (order: FakeOrder, dataElements: readonly DataElement[]) => {
    const pending = order.status === "Pending" || order.status === "PendingAvailability";
    const shipped = order.items.reduce((sum, item) => sum + item.quantityShipped, 0);
    const ordered = order.items.reduce((sum, item) => sum + item.quantityOrdered, 0);
    return {
      AmazonOrderId: order.orderId,
      PurchaseDate: iso(order.createdTime),
      LastUpdateDate: iso(order.lastUpdatedTime),
      OrderStatus: order.status,
      FulfillmentChannel: order.fulfillmentChannel,
      SalesChannel: MARKETPLACES[order.marketplaceId].salesChannel,
      ShipServiceLevel: "Std US D2D Dom",
      ...(pending ? {} : { OrderTotal: { CurrencyCode: order.currencyCode, Amount: orderTotal(order) } }),
      NumberOfItemsShipped: shipped,
      NumberOfItemsUnshipped: ordered - shipped,
      PaymentMethod: "Other",
      PaymentMethodDetails: ["Standard"],
      MarketplaceId: order.marketplaceId,
      OrderType: "StandardOrder",
      EarliestShipDate: iso(order.earliestShipDate),
      LatestShipDate: iso(order.latestShipDate),
      IsBusinessOrder: order.isBusinessOrder,
      IsPrime: order.isPrime,
      IsReplacementOrder: false,
      ...(dataElements.includes("shippingAddress") && !pending ? { ShippingAddress: v0Address(order) } : {}),
      ...(dataElements.includes("buyerInfo") && !pending
        ? { BuyerInfo: { BuyerEmail: order.buyer.buyerEmail, BuyerName: order.buyer.buyerName } }
        : {}),
    };
  };

  const findOrder = (orderId: string, sellingPartnerId: string): FakeOrder | undefined => {
    const order = ordersById.get(orderId);
    return order !== undefined && order.sellingPartnerId === sellingPartnerId ? order : undefined;
  };

  type Route = { operation: SpApiOperation; method: "GET" | "POST"; orderId?: string; sub?: "address" | "buyerInfo" };

  const matchSpApiRoute = (method: string, path: string): Route | undefined => {
    const parts = path.split("/").filter(Boolean);
    if (method === "POST" && path === "/tokens/2021-03-01/restrictedDataToken") return { operation: "createRestrictedDataToken", method: "POST" };
    if (method !== "GET" || parts[0] !== "orders") return undefined;
    const orderId = parts[3] === undefined ? undefined : decodeURIComponent(parts[3]);
    if (parts[1] === "2026-01-01" && parts[2] === "orders") {
      if (parts.length === 3) return { operation: "searchOrders", method: "GET" };
      if (parts.length === 4) return { operation: "getOrder", method: "GET", orderId };
    }
    if (parts[1] === "v0" && parts[2] === "orders") {
      if (parts.length === 3) return { operation: "v0.getOrders", method: "GET" };
      if (parts.length === 4) return { operation: "v0.getOrder", method: "GET", orderId };
      if (parts.length === 5 && parts[4] === "address") return { operation: "v0.getOrderAddress", method: "GET", orderId, sub: "address" };
      if (parts.length === 5 && parts[4] === "buyerInfo") return { operation: "v0.getOrderBuyerInfo", method: "GET", orderId, sub: "buyerInfo" };
    }
    return undefined;
  };

  const handleSpApi = async (request: IncomingMessage, response: ServerResponse, url: URL, route: Route) => {
    const { operation } = route;
    const rate = OPERATION_LIMITS[operation].rate;
    countRequest(operation);

    const userAgent = request.headers["user-agent"] ?? "";
    if (userAgent.length > MAX_USER_AGENT_LENGTH) {
      spApiError(response, 400, "InvalidInput", "Invalid Input", "The User-Agent header must not exceed 500 characters.", rate);
      return;
    }
    if (!userAgent.includes("Language=")) {
      // [U] Amazon requires Language= but the rejection text is undocumented.
      spApiError(response, 400, "InvalidInput", "Invalid Input", "The User-Agent header must include Language=<language>.", rate);
      return;
    }

    const resolved = resolveToken(request);
    if (!resolved.ok) {
      spApiError(response, 403, "Unauthorized", ACCESS_DENIED_MESSAGE, resolved.details);
      return;
    }
    const token = resolved.token;
    const sellingPartnerId = token.sellingPartnerId;
    const restrictedV0 = operation.startsWith("v0.");
    const grant = token.kind === "rdt" ? rdtGrant(token, url.pathname) : undefined;
    // Grantless tokens carry no seller; an RDT only opens the resources it names; the Tokens API wants an LWA token.
    if (
      sellingPartnerId === undefined ||
      (token.kind === "rdt" && (!restrictedV0 || grant === undefined)) ||
      (token.kind !== "lwa" && operation === "createRestrictedDataToken")
    ) {
      spApiError(response, 403, "Unauthorized", ACCESS_DENIED_MESSAGE, TOKEN_INVALID_DETAILS);
      return;
    }

    const injected = takeInjection(operation);
    if (injected === "429" || !takeRateToken(operation, sellingPartnerId)) {
      counters.throttled += 1;
      send(response, 429, QUOTA_EXCEEDED);
      return;
    }
    if (injected === "500") {
      send(response, 500, INTERNAL_FAILURE);
      return;
    }

    const ok = (body: unknown) => send(response, 200, body, { rateLimit: rate });
    const notFound = () => spApiError(response, 404, "NotFound", "Order not found.", "", rate); // [U] message text
    const params = url.searchParams;

    try {
      switch (operation) {
        case "createRestrictedDataToken": {
          let parsedBody: unknown;
          try {
            parsedBody = JSON.parse(await readBody(request));
          } catch {
            throw new InputError("The request body must be JSON.");
          }
          const parsed = rdtRequestSchema.safeParse(parsedBody);
          if (!parsed.success) throw new InputError("Invalid restrictedResources: 1 to 50 items with method, path and valid dataElements.");
          const resources: RdtResource[] = [];
          for (const resource of parsed.data.restrictedResources) {
            const known = RESTRICTED_PATHS.find((candidate) => pathMatches(candidate.path, resource.path));
            if (known === undefined || resource.method !== "GET") throw new InputError(`${resource.path} is not a restricted resource.`); // [U]
            if (resource.dataElements !== undefined && !known.dataElements) {
              throw new InputError(`dataElements is not supported for ${resource.path}.`);
            }
            resources.push({ method: resource.method, path: resource.path, dataElements: resource.dataElements ?? [] });
          }
          const restrictedDataToken = issueAccessToken({ kind: "rdt", sellingPartnerId, resources }, "Atz.sprdt|");
          counters.tokensIssued.restrictedDataTokens += 1;
          ok({ restrictedDataToken, expiresIn: ACCESS_TOKEN_TTL_S });
          return;
        }

        case "searchOrders": {
          const included = new Set(enumList(params, "includedData", INCLUDED_DATA) ?? []);
          const pageSize = pageSizeParam(params, "maxResultsPerPage");
          // The 2026 API wants the filters repeated with paginationToken; the raw filters identify the query.
          const filterKey = JSON.stringify(
            [...params.entries()].filter(([name]) => !["paginationToken", "includedData", "maxResultsPerPage"].includes(name)).sort(),
          );
          const paginationToken = params.get("paginationToken");
          let record: PaginationRecord;
          if (paginationToken !== null) {
            // Filters are still validated, so a bad page-2 request fails like page 1 would.
            parseOrderQuery(params, { createdAfter: "createdAfter", createdBefore: "createdBefore", lastUpdatedAfter: "lastUpdatedAfter", lastUpdatedBefore: "lastUpdatedBefore" });
            record = consumePaginationToken(paginationToken, "v2026", sellingPartnerId, filterKey);
          } else {
            const window = parseOrderQuery(params, { createdAfter: "createdAfter", createdBefore: "createdBefore", lastUpdatedAfter: "lastUpdatedAfter", lastUpdatedBefore: "lastUpdatedBefore" });
            const statuses = enumList(params, "fulfillmentStatuses", Object.values(V2026_STATUS));
            const fulfilledBy = enumList(params, "fulfilledBy", ["MERCHANT", "AMAZON"] as const);
            record = startPagination("v2026", sellingPartnerId, filterKey, {
              ...window,
              marketplaceIds: listParam(params, "marketplaceIds"),
              statuses: statuses === undefined ? undefined : V0_STATUSES.filter((status) => statuses.includes(V2026_STATUS[status])),
              fulfillmentChannels: fulfilledBy?.map((by) => (by === "MERCHANT" ? "MFN" : "AFN")),
              amazonOrderIds: undefined,
            }, pageSize);
          }
          const page = takePage(record, pageSize);
          const pageOrders = page.ids.map((id) => ordersById.get(id)).filter((order) => order !== undefined);
          ok({
            orders: pageOrders.map((order) => toOrder2026(order, included)),
            pagination: page.nextToken === undefined ? {} : { nextToken: page.nextToken },
            [record.dateField === "createdTime" ? "createdBefore" : "lastUpdatedBefore"]: record.beforeIso,
          });
          return;
        }

        case "getOrder": {
          const included = new Set(enumList(params, "includedData", INCLUDED_DATA) ?? []);
          const order = findOrder(route.orderId ?? "", sellingPartnerId);
          if (order === undefined) return notFound();
          ok({ order: toOrder2026(order, included) });
          return;
        }

        case "v0.getOrders": {
          const marketplaceIds = listParam(params, "MarketplaceIds");
          if (marketplaceIds === undefined || marketplaceIds.length > 50) throw new InputError("MarketplaceIds is required (at most 50).");
          const nextToken = params.get("NextToken");
          let record: PaginationRecord;
          if (nextToken !== null) {
            // v0's NextToken carries the query: it only paginates and does not change the filters.
            record = consumePaginationToken(nextToken, "v0", sellingPartnerId, undefined);
          } else {
            const window = parseOrderQuery(params, { createdAfter: "CreatedAfter", createdBefore: "CreatedBefore", lastUpdatedAfter: "LastUpdatedAfter", lastUpdatedBefore: "LastUpdatedBefore" });
            const amazonOrderIds = listParam(params, "AmazonOrderIds");
            if (amazonOrderIds !== undefined && amazonOrderIds.length > 50) throw new InputError("AmazonOrderIds accepts at most 50 values.");
            record = startPagination("v0", sellingPartnerId, "", {
              ...window,
              marketplaceIds,
              statuses: enumList(params, "OrderStatuses", V0_STATUSES),
              fulfillmentChannels: enumList(params, "FulfillmentChannels", ["MFN", "AFN"] as const),
              amazonOrderIds,
            }, pageSizeParam(params, "MaxResultsPerPage"));
          }
          const page = takePage(record, record.pageSize);
          const dataElements = grant?.dataElements ?? [];
          const pageOrders = page.ids.map((id) => ordersById.get(id)).filter((order) => order !== undefined);
          ok({
            payload: {
              Orders: pageOrders.map((order) => toOrderV0(order, dataElements)),
              ...(page.nextToken === undefined ? {} : { NextToken: page.nextToken }),
              [record.dateField === "createdTime" ? "CreatedBefore" : "LastUpdatedBefore"]: record.beforeIso,
            },
          });
          return;
        }

        case "v0.getOrder": {
          const order = findOrder(route.orderId ?? "", sellingPartnerId);
          if (order === undefined) return notFound();
          ok({ payload: toOrderV0(order, grant?.dataElements ?? []) });
          return;
        }

        case "v0.getOrderAddress": {
          const order = findOrder(route.orderId ?? "", sellingPartnerId);
          if (order === undefined) return notFound();
          const pending = order.status === "Pending" || order.status === "PendingAvailability";
          // [U] With a plain LWA token the PII is simply absent, as on getOrders (amazon.md §3).
          ok({ payload: { AmazonOrderId: order.orderId, ...(grant !== undefined && !pending ? { ShippingAddress: v0Address(order) } : {}) } });
          return;
        }

        case "v0.getOrderBuyerInfo": {
          const order = findOrder(route.orderId ?? "", sellingPartnerId);
          if (order === undefined) return notFound();
          const pending = order.status === "Pending" || order.status === "PendingAvailability";
          ok({
            payload: {
              AmazonOrderId: order.orderId,
              ...(grant !== undefined && !pending ? { BuyerEmail: order.buyer.buyerEmail, BuyerName: order.buyer.buyerName } : {}),
            },
          });
          return;
        }
      }
    } catch (error) {
      if (error instanceof InputError) {
        spApiError(response, 400, "InvalidInput", "Invalid Input", error.message, rate);
        return;
      }
      throw error;
    }
  };

  // -------------------------------------------------------------------------------------------
  // Control

  const control: FakeControl = {
    fail429Next: (n, operation) => {
      if (n > 0) injections.push({ kind: "429", operation, remaining: n });
    },
    fail500Next: (n, operation) => {
      if (n > 0) injections.push({ kind: "500", operation, remaining: n });
    },
    delayMs: (ms) => {
      scenario.delayMs = Math.max(0, ms);
    },
    expireAccessTokens: () => {
      const at = now();
      for (const record of accessTokens.values()) record.expiresAt = Math.min(record.expiresAt, at);
    },
    revokeRefreshToken: (sellingPartnerId) => {
      for (const record of refreshTokens.values()) if (record.sellingPartnerId === sellingPartnerId) record.revoked = true;
      for (const record of accessTokens.values()) if (record.sellingPartnerId === sellingPartnerId) record.revoked = true;
    },
    setDraftApp: (draft) => {
      scenario.draftApp = draft;
    },
    corruptStateNext: (n) => {
      corruptStateRemaining = Math.max(0, n);
    },
    advanceTime: (ms) => {
      clockOffsetMs += Math.max(0, ms);
    },
    touchOrders: (n) => {
      const at = Math.floor(now() / 1000) * 1000;
      const candidates = [...orders].sort((a, b) => a.lastUpdatedTime - b.lastUpdatedTime || a.orderId.localeCompare(b.orderId));
      const touched = candidates.slice(0, Math.max(0, n));
      for (const order of touched) {
        order.lastUpdatedTime = at;
        if (order.status === "Unshipped" || order.status === "Pending") order.status = "Shipped";
        if (order.status === "Shipped") for (const item of order.items) item.quantityShipped = item.quantityOrdered;
      }
      return touched.map((order) => order.orderId);
    },
    addOrders: (n) => {
      const at = Math.floor(now() / 1000) * 1000;
      const added = generateOrders(random, Math.max(0, n), at, usedOrderIds);
      for (const order of added) {
        order.createdTime = at;
        order.lastUpdatedTime = at;
        order.earliestShipDate = at + 86_400_000;
        order.latestShipDate = at + 3 * 86_400_000;
        orders.push(order);
        ordersById.set(order.orderId, order);
      }
      return added.map((order) => order.orderId);
    },
    reset: () => {
      scenario = { ...initialScenario };
      injections = [];
      corruptStateRemaining = 0;
      clockOffsetMs = 0;
      buckets.clear();
      counters = emptyStats();
    },
  };

  const applyControl = (command: FakeControlRequest): Record<string, unknown> => {
    switch (command.action) {
      case "fail429Next":
        control.fail429Next(command.n, command.operation);
        return {};
      case "fail500Next":
        control.fail500Next(command.n, command.operation);
        return {};
      case "delayMs":
        control.delayMs(command.ms);
        return {};
      case "expireAccessTokens":
        control.expireAccessTokens();
        return {};
      case "revokeRefreshToken":
        control.revokeRefreshToken(command.sellingPartnerId);
        return {};
      case "setDraftApp":
        control.setDraftApp(command.draft);
        return {};
      case "corruptStateNext":
        control.corruptStateNext(command.n);
        return {};
      case "advanceTime":
        control.advanceTime(command.ms);
        return {};
      case "touchOrders":
        return { orderIds: control.touchOrders(command.n) };
      case "addOrders":
        return { orderIds: control.addOrders(command.n) };
      case "reset":
        control.reset();
        return {};
    }
  };

  // -------------------------------------------------------------------------------------------
  // Dispatcher

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
     
    const url = new URL(request.url ?? "/", "http://fake-amazon.invalid");
    const method = request.method ?? "GET";
    const path = url.pathname;

    if (path === "/__state" && method === "GET") {
      send(response, 200, stats());
      return;
    }
    if (path === "/__control" && method === "POST") {
      let raw: unknown;
      try {
        raw = JSON.parse(await readBody(request, 64_000));
      } catch {
        send(response, 400, { ok: false, error: "Body must be JSON." });
        return;
      }
      const parsed = controlRequestSchema.safeParse(raw);
      if (!parsed.success) {
        send(response, 400, { ok: false, error: "Unknown control action or bad arguments.", issues: parsed.error.issues.map((issue) => issue.message) });
        return;
      }
      send(response, 200, { ok: true, ...applyControl(parsed.data) });
      return;
    }

    if (scenario.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, scenario.delayMs));

    if (path === "/apps/authorize/consent" && method === "GET") return handleConsentPage(url, response);
    if (path === "/apps/authorize/confirm" && method === "POST") return handleConsentDecision(request, response);
    if (path === "/auth/o2/token" && method === "POST") return handleLwaToken(request, response);
    const route = matchSpApiRoute(method, path);
    if (route !== undefined) return handleSpApi(request, response, url, route);
    countRequest("unknown");
    spApiError(response, 404, "NotFound", "Resource not found.", ""); // [U]
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (error instanceof InputError) {
        if (!response.headersSent) spApiError(response, 400, "InvalidInput", "Invalid Input", error.message);
        return;
      }
      // The fake's own bug: answer like Amazon's 5xx without echoing details.
      console.error("fake-amazon: unexpected error", error instanceof Error ? error.message : "unknown");
      if (!response.headersSent) send(response, 500, INTERNAL_FAILURE);
      else response.destroy();
    });
  });
  server.keepAliveTimeout = 1000;

  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(":") ? `[${host}]` : host;

  return {
     
    url: `http://${urlHost}:${port}`,
    port,
    state: { orders, stats, now },
    control,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        server.closeAllConnections();
      }),
  };
}

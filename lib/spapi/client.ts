// Server-side only (see deps.ts for why lib/spapi does not import "server-only").
//
// One selling partner's SP-API client: LWA access tokens (cached, single-flight),
// per-operation token buckets, retries, and the orders source of the API
// version the connection uses. Revocation is detected here, in one place:
// `invalid_grant` on refresh, or a 403 that persists after a fresh token,
// calls `onRevoked` so the sync engine marks the connection revoked and stops.
import type { SpApiConfig, SpApiRegion } from "./config";
import { resolveDeps, type SpApiDeps } from "./deps";
import { LwaInvalidGrantError, SpApiUnauthorizedError, isRevocationError } from "./errors";
import { spapiRequest } from "./http";
import { LwaAccessTokenCache } from "./lwa";
import { OrdersApi20260101, OrdersApiV0, type OrdersSource, type SpApiCallRequest, type SpApiCaller } from "./orders";
import { TokenBucketRateLimiter } from "./rate-limiter";
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from "./retry";

export type OrdersApiVersion = "2026-01-01" | "v0";

export interface CreateSpApiClientOptions {
  config: SpApiConfig;
  /** The seller's decrypted refresh token. Kept in this closure only; never logged. */
  refreshToken: string;
  /** selling_partner_id: the rate-limit key (Amazon counts per application + seller). */
  sellerId: string;
  region: SpApiRegion;
  ordersApiVersion: OrdersApiVersion;
  /** v0 only: false calls getOrders with the LWA token (no PII) for apps without restricted roles. */
  v0WithPii?: boolean;
  /** Called once when the connection turns out revoked; the typed error is still thrown. */
  onRevoked?: (reason: "invalid_grant" | "unauthorized") => void | Promise<void>;
  deps?: Partial<SpApiDeps>;
  retryPolicy?: RetryPolicy;
  /** Share one limiter (and token cache) across clients of the same process. */
  rateLimiter?: TokenBucketRateLimiter;
  tokenCache?: LwaAccessTokenCache;
  /** maxResultsPerPage for order searches (1-100, default 100). */
  ordersPageSize?: number;
  /** Tests only: speeds up the token-bucket refill. */
  rateLimitTimeScale?: number;
}

export interface SpApiClient extends SpApiCaller {
  readonly sellerId: string;
  readonly region: SpApiRegion;
  readonly orders: OrdersSource;
  /** True once onRevoked fired: every further call fails fast without reaching Amazon. */
  readonly revoked: boolean;
}

export function createSpApiClient(options: CreateSpApiClientOptions): SpApiClient {
  const { config, refreshToken, sellerId, region } = options;
  const deps = resolveDeps(options.deps);
  const retryPolicy = options.retryPolicy ?? DEFAULT_RETRY_POLICY;
  const rateLimiter =
    options.rateLimiter ??
    new TokenBucketRateLimiter({ now: deps.now, sleep: deps.sleep, sandbox: config.sandbox, timeScale: options.rateLimitTimeScale });
  const tokenCache = options.tokenCache ?? new LwaAccessTokenCache(config, { deps, retryPolicy });
  let revoked = false;

  async function markRevoked(error: unknown): Promise<void> {
    if (revoked) return;
    revoked = true;
    tokenCache.invalidate(refreshToken);
    deps.logger.warn(
      { operation: error instanceof SpApiUnauthorizedError ? error.operation : "lwa:refresh_token", sellerId },
      "SP-API connection revoked",
    );
    await options.onRevoked?.(error instanceof LwaInvalidGrantError ? "invalid_grant" : "unauthorized");
  }

  async function send<T>(request: SpApiCallRequest<T>, accessToken: string) {
    const response = await spapiRequest({
      config,
      region,
      method: request.method,
      path: request.path,
      query: request.query,
      body: request.body,
      accessToken,
      operation: request.operation,
      sellerId,
      schema: request.schema,
      rateLimiter,
      retryPolicy,
      deps,
    });
    return response.data;
  }

  async function call<T>(request: SpApiCallRequest<T>): Promise<T> {
    if (revoked) throw new SpApiUnauthorizedError({ operation: request.operation, status: 0, code: "ConnectionRevoked" });
    try {
      const token = () => (request.restrictedToken ? request.restrictedToken.getToken() : tokenCache.getAccessToken(refreshToken));
      try {
        return await send(request, await token());
      } catch (error) {
        if (!(error instanceof SpApiUnauthorizedError)) throw error;
        // An expired or rotated token also answers 403 Unauthorized: retry ONCE
        // with a fresh one before calling the connection revoked.
        if (request.restrictedToken) request.restrictedToken.invalidate();
        else await tokenCache.getAccessToken(refreshToken, { forceRefresh: true });
        deps.logger.info({ operation: request.operation, status: error.status }, "SP-API 403, retrying once with a fresh token");
        return await send(request, await token());
      }
    } catch (error) {
      if (isRevocationError(error)) await markRevoked(error);
      throw error;
    }
  }

  const caller: SpApiCaller = { call };
  const orders: OrdersSource =
    options.ordersApiVersion === "v0"
      ? new OrdersApiV0(caller, { now: deps.now, withPii: options.v0WithPii, maxResultsPerPage: options.ordersPageSize })
      : new OrdersApi20260101(caller, { now: deps.now, maxResultsPerPage: options.ordersPageSize });

  return {
    sellerId,
    region,
    orders,
    call,
    get revoked() {
      return revoked;
    },
  };
}

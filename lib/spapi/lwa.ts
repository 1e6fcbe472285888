// Server-side only (see deps.ts for why lib/spapi does not import "server-only").
//
// Login with Amazon: the authorization-code exchange (consent step 4) and the
// refresh-token grant that yields 1-hour access tokens, with an in-memory
// cache. LWA answers with `Cache-Control: no-store`: no HTTP cache or proxy
// may keep the response, so fetches use `cache: "no-store"`; the access token
// is held only in this process's memory, keyed by a fingerprint of the
// refresh token (never the raw token), and dropped a minute before expiry.
import { createHash } from "node:crypto";
import { z } from "zod";
import { assertSecureUrl, type SpApiConfig } from "./config";
import { resolveDeps, type SpApiDeps } from "./deps";
import { LwaError, LwaInvalidClientError, LwaInvalidGrantError } from "./errors";
import { DEFAULT_RETRY_POLICY, backoffDelayMs, fetchOnce, isRetryableStatus, type RetryPolicy } from "./retry";

/** Refresh an access token when less than this is left. */
export const ACCESS_TOKEN_REFRESH_MARGIN_MS = 60_000;

const tokenResponseSchema = z
  .object({
    access_token: z.string().min(1).max(2048),
    token_type: z.string().regex(/^bearer$/i),
    expires_in: z.number().int().positive(),
    refresh_token: z.string().min(1).max(2048).optional(),
  })
  .passthrough();

const oauthErrorSchema = z
  .object({
    // Only the code is kept, and only when it looks like an OAuth error code:
    // error_description is free text and is never copied into our errors.
    error: z.string().regex(/^[a-z_]{1,64}$/),
  })
  .passthrough();

export interface AuthorizationCodeExchange {
  refreshToken: string;
  accessToken: string;
  expiresAt: Date;
}

export interface AccessToken {
  accessToken: string;
  expiresAt: Date;
}

export interface LwaCallOptions {
  deps?: Partial<SpApiDeps>;
  retryPolicy?: RetryPolicy;
}

async function requestToken(
  config: SpApiConfig,
  form: Record<string, string>,
  grant: string,
  { deps: depOverrides, retryPolicy = DEFAULT_RETRY_POLICY }: LwaCallOptions,
): Promise<z.infer<typeof tokenResponseSchema> & { receivedAt: number }> {
  const deps = resolveDeps(depOverrides);
  const url = assertSecureUrl(config.lwaTokenUrl, config.allowInsecureHttp, "lwaTokenUrl").toString();
  const body = new URLSearchParams({ ...form, client_id: config.clientId, client_secret: config.clientSecret });
  const startedAt = deps.now();

  for (let attempt = 1; ; attempt += 1) {
    let response: Response | undefined;
    try {
      response = await fetchOnce(deps.fetch, url, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded;charset=UTF-8",
          accept: "application/json",
          "user-agent": config.userAgent,
        },
        body: body.toString(),
        timeoutMs: retryPolicy.requestTimeoutMs,
      });
    } catch {
      response = undefined; // network error or timeout: retryable
    }

    if (response && response.ok) {
      const receivedAt = deps.now();
      const parsed = tokenResponseSchema.safeParse(await response.json().catch(() => undefined));
      if (!parsed.success) throw new LwaError(`LWA ${grant} returned an unexpected response shape`, response.status, undefined);
      deps.logger.debug({ operation: `lwa:${grant}`, status: response.status, attempt }, "LWA token issued");
      return { ...parsed.data, receivedAt };
    }

    const status = response?.status;
    if (response && !isRetryableStatus(response.status)) {
      const parsedError = oauthErrorSchema.safeParse(await response.json().catch(() => undefined));
      const oauthError = parsedError.success ? parsedError.data.error : undefined;
      deps.logger.warn({ operation: `lwa:${grant}`, status, attempt, oauthError }, "LWA refused the token request");
      if (oauthError === "invalid_grant") {
        throw new LwaInvalidGrantError(
          `LWA ${grant} failed: invalid_grant (the code or refresh token is expired, reused or revoked)`,
          status,
          oauthError,
        );
      }
      if (oauthError === "invalid_client" || status === 401) {
        throw new LwaInvalidClientError(`LWA ${grant} failed: invalid_client (check the client id and secret)`, status, oauthError);
      }
      throw new LwaError(`LWA ${grant} failed: HTTP ${status}${oauthError ? ` ${oauthError}` : ""}`, status, oauthError);
    }

    const delay = backoffDelayMs(attempt, retryPolicy, deps.random);
    const outOfTime = deps.now() + delay - startedAt > retryPolicy.totalDeadlineMs;
    if (attempt >= retryPolicy.maxAttempts || outOfTime) {
      throw new LwaError(`LWA ${grant} failed: HTTP ${status ?? "no response"} after ${attempt} attempts`, status, undefined);
    }
    deps.logger.warn({ operation: `lwa:${grant}`, status: status ?? 0, attempt, delayMs: delay }, "LWA request failed, retrying");
    await deps.sleep(delay);
  }
}

/**
 * Consent step 4: exchange the `spapi_oauth_code` (valid 5 minutes, single
 * use) for a refresh token. The caller stores the refresh token encrypted,
 * per selling_partner_id.
 */
export async function exchangeAuthorizationCode(
  config: SpApiConfig,
  code: string,
  options: LwaCallOptions = {},
): Promise<AuthorizationCodeExchange> {
  if (!code) throw new LwaError("LWA authorization_code failed: empty code", undefined, undefined);
  const token = await requestToken(
    config,
    { grant_type: "authorization_code", code, redirect_uri: config.redirectUri },
    "authorization_code",
    options,
  );
  if (!token.refresh_token) {
    throw new LwaError("LWA authorization_code returned no refresh token", 200, undefined);
  }
  return {
    refreshToken: token.refresh_token,
    accessToken: token.access_token,
    expiresAt: new Date(token.receivedAt + token.expires_in * 1000),
  };
}

/** One refresh-token grant, uncached. Prefer LwaAccessTokenCache. */
export async function refreshAccessToken(
  config: SpApiConfig,
  refreshToken: string,
  options: LwaCallOptions = {},
): Promise<AccessToken> {
  if (!refreshToken) throw new LwaInvalidGrantError("LWA refresh_token failed: no refresh token", undefined, undefined);
  const token = await requestToken(config, { grant_type: "refresh_token", refresh_token: refreshToken }, "refresh_token", options);
  return { accessToken: token.access_token, expiresAt: new Date(token.receivedAt + token.expires_in * 1000) };
}

/** A stable, non-reversible cache key for a refresh token (scoped to our client id). */
export function refreshTokenFingerprint(clientId: string, refreshToken: string): string {
  return createHash("sha256").update(clientId).update("\u0000").update(refreshToken).digest("base64url");
}

export interface LwaAccessTokenCacheOptions extends LwaCallOptions {
  marginMs?: number;
}

/**
 * Access tokens per refresh token, refreshed when less than `marginMs` is left.
 * Concurrent callers for the same refresh token share one in-flight refresh
 * (single-flight), so a burst of sync jobs makes one LWA call, not N.
 */
export class LwaAccessTokenCache {
  private readonly tokens = new Map<string, AccessToken>();
  private readonly inFlight = new Map<string, Promise<AccessToken>>();
  private readonly marginMs: number;
  private readonly now: () => number;

  constructor(
    private readonly config: SpApiConfig,
    private readonly options: LwaAccessTokenCacheOptions = {},
  ) {
    this.marginMs = options.marginMs ?? ACCESS_TOKEN_REFRESH_MARGIN_MS;
    this.now = resolveDeps(options.deps).now;
  }

  async getAccessToken(refreshToken: string, { forceRefresh = false } = {}): Promise<string> {
    const key = refreshTokenFingerprint(this.config.clientId, refreshToken);
    const cached = this.tokens.get(key);
    if (!forceRefresh && cached && cached.expiresAt.getTime() - this.now() > this.marginMs) return cached.accessToken;

    const pending = this.inFlight.get(key);
    if (pending) return (await pending).accessToken;

    if (forceRefresh) this.tokens.delete(key);
    const refresh = refreshAccessToken(this.config, refreshToken, this.options)
      .then((token) => {
        this.tokens.set(key, token);
        return token;
      })
      .finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, refresh);
    return (await refresh).accessToken;
  }

  /** Forget the token (after a 403, or when the connection is revoked). */
  invalidate(refreshToken: string): void {
    this.tokens.delete(refreshTokenFingerprint(this.config.clientId, refreshToken));
  }

  /** Number of cached tokens (for tests and metrics). */
  get size(): number {
    return this.tokens.size;
  }
}

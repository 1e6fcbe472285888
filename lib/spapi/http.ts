// Server-side only (see deps.ts for why lib/spapi does not import "server-only").
//
// One SP-API HTTP call: rate-limited per operation + seller, authorized by an
// LWA access token or a Restricted Data Token in `x-amz-access-token` (no
// SigV4 since Oct 2023), retried on 429/5xx/network errors with backoff and
// full jitter under a total deadline, and zod-validated. Logs carry only
// operation, status, attempt and Amazon's request id: never the URL query,
// headers or body (tokens and PII).
import { z } from "zod";
import { assertSecureUrl, endpointFor, type SpApiConfig, type SpApiRegion } from "./config";
import { resolveDeps, type SpApiDeps } from "./deps";
import {
  SpApiError,
  SpApiNotFoundError,
  SpApiQuotaExceededError,
  SpApiRequestError,
  SpApiResponseShapeError,
  SpApiServerError,
  SpApiUnauthorizedError,
  SpApiValidationError,
  type SpApiHttpErrorDetails,
} from "./errors";
import type { SpApiOperation, TokenBucketRateLimiter } from "./rate-limiter";
import { DEFAULT_RETRY_POLICY, backoffDelayMs, fetchOnce, isRetryableStatus, type RetryPolicy } from "./retry";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
export type QueryValue = string | number | boolean | readonly string[] | undefined;

/** The `errors` envelope every SP-API error response uses. */
export const spApiErrorEnvelopeSchema = z
  .object({
    errors: z
      .array(
        z
          .object({
            code: z.string(),
            message: z.string().optional(),
            details: z.string().optional(),
          })
          .passthrough(),
      )
      .min(1),
  })
  .passthrough();

// Amazon's codes are identifiers ("QuotaExceeded", "InvalidInput"); anything
// else is not copied into an error message.
const SAFE_CODE = /^[A-Za-z0-9_.:-]{1,100}$/;

export interface SpApiRequestOptions<T> {
  config: SpApiConfig;
  region: SpApiRegion;
  method: HttpMethod;
  /** Absolute path below the regional endpoint, e.g. "/orders/2026-01-01/orders". */
  path: string;
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** An LWA access token, or a Restricted Data Token for restricted operations. */
  accessToken: string;
  operation: SpApiOperation;
  sellerId: string;
  schema: z.ZodType<T>;
  rateLimiter?: TokenBucketRateLimiter;
  retryPolicy?: RetryPolicy;
  deps?: Partial<SpApiDeps>;
}

export interface SpApiResponse<T> {
  data: T;
  status: number;
  requestId: string | undefined;
  attempts: number;
}

/** Builds the request URL; array values are comma-separated as SP-API expects. */
export function buildSpApiUrl(config: SpApiConfig, region: SpApiRegion, path: string, query: Record<string, QueryValue> = {}): URL {
  if (!path.startsWith("/") || path.startsWith("//") || /(^|\/)\.\.?(\/|$)|[?#\\]/.test(path)) {
    throw new SpApiError("SP-API path must be an absolute path without query, fragment or dot segments");
  }
  const url = new URL(path, `${endpointFor(config, region)}/`);
  // new URL() resolves against the origin; keep a base path of the endpoint if it has one.
  const base = new URL(endpointFor(config, region));
  if (base.pathname !== "/") url.pathname = `${base.pathname.replace(/\/+$/, "")}${path}`;
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    url.searchParams.set(key, Array.isArray(value) ? value.join(",") : String(value));
  }
  assertSecureUrl(url.toString(), config.allowInsecureHttp, `SP-API endpoint for ${region}`);
  return url;
}

function errorForStatus(details: SpApiHttpErrorDetails): SpApiRequestError {
  const { status } = details;
  if (status === 429) return new SpApiQuotaExceededError(details);
  if (status === 0 || status >= 500) return new SpApiServerError(details);
  if (status === 401 || status === 403) return new SpApiUnauthorizedError(details);
  if (status === 404) return new SpApiNotFoundError(details);
  if (status === 400 || status === 422) return new SpApiValidationError(details);
  return new SpApiRequestError(details);
}

async function readJson(response: Response): Promise<{ ok: true; value: unknown } | { ok: false }> {
  const text = await response.text();
  if (!text.trim()) return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

async function errorCodeOf(response: Response): Promise<string | undefined> {
  const body = await readJson(response).catch(() => ({ ok: false as const }));
  if (!body.ok) return undefined;
  const envelope = spApiErrorEnvelopeSchema.safeParse(body.value);
  const code = envelope.success ? envelope.data.errors[0]?.code : undefined;
  return code && SAFE_CODE.test(code) ? code : undefined;
}

export async function spapiRequest<T>(options: SpApiRequestOptions<T>): Promise<SpApiResponse<T>> {
  const { config, region, method, path, query, body, accessToken, operation, sellerId, schema, rateLimiter } = options;
  const policy = options.retryPolicy ?? DEFAULT_RETRY_POLICY;
  const deps = resolveDeps(options.deps);
  const url = buildSpApiUrl(config, region, path, query).toString();
  if (!accessToken) throw new SpApiUnauthorizedError({ operation, status: 0, code: "MissingAccessToken" });

  const headers: Record<string, string> = {
    "x-amz-access-token": accessToken,
    "user-agent": config.userAgent,
    accept: "application/json",
  };
  if (body !== undefined) headers["content-type"] = "application/json";
  const startedAt = deps.now();

  for (let attempt = 1; ; attempt += 1) {
    if (rateLimiter) {
      const waitedMs = await rateLimiter.acquire(operation, sellerId);
      if (waitedMs > 0) deps.logger.debug({ operation, attempt, waitedMs }, "SP-API rate limiter paced a request");
    }

    let response: Response | undefined;
    try {
      response = await fetchOnce(deps.fetch, url, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        timeoutMs: policy.requestTimeoutMs,
      });
    } catch {
      response = undefined; // network error, TLS failure or timeout: retryable
    }
    const status = response?.status ?? 0;
    const requestId = response?.headers.get("x-amzn-requestid") ?? undefined;

    if (response?.ok) {
      deps.logger.debug({ operation, status, attempt, requestId }, "SP-API call succeeded");
      const details = { operation, status, requestId, attempts: attempt };
      const json = await readJson(response);
      if (!json.ok) throw new SpApiResponseShapeError(details, ["(body is not JSON)"]);
      const parsed = schema.safeParse(json.value);
      if (!parsed.success) {
        const paths = [...new Set(parsed.error.issues.map((issue) => issue.path.join(".") || "(root)"))];
        deps.logger.warn({ operation, status, requestId, issuePaths: paths.slice(0, 10) }, "SP-API response failed its schema");
        throw new SpApiResponseShapeError(details, paths);
      }
      return { data: parsed.data, status, requestId, attempts: attempt };
    }

    const code = response ? await errorCodeOf(response) : undefined;
    const details: SpApiHttpErrorDetails = { operation, status, code, requestId, attempts: attempt };
    if (response && !isRetryableStatus(status)) {
      deps.logger.warn({ operation, status, attempt, requestId, code }, "SP-API call failed");
      throw errorForStatus(details);
    }

    if (status === 429) rateLimiter?.drain(operation, sellerId);
    const delay = backoffDelayMs(attempt, policy, deps.random);
    const outOfTime = deps.now() + delay - startedAt > policy.totalDeadlineMs;
    if (attempt >= policy.maxAttempts || outOfTime) {
      deps.logger.warn({ operation, status, attempt, requestId, code }, "SP-API call failed, giving up");
      throw errorForStatus(details);
    }
    deps.logger.info({ operation, status, attempt, requestId, delayMs: delay }, "SP-API call failed, retrying");
    await deps.sleep(delay);
  }
}

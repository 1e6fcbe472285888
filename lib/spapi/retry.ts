// Server-side only (see deps.ts for why lib/spapi does not import "server-only").
//
// Retry policy shared by LWA and SP-API calls: exponential backoff with full
// jitter (AWS Architecture Blog, "Exponential Backoff and Jitter"): the delay
// before retry n is uniform in [0, min(cap, base * 2^(n-1))). Full jitter
// spreads the retries of many sync workers that failed together, instead of
// sending them back in lock-step. A 429 carries no Retry-After / rate header,
// so nothing is read from the response.

export interface RetryPolicy {
  /** Attempts in total, the first one included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** No retry is started when its backoff would end after this budget (from the first attempt). */
  totalDeadlineMs: number;
  /** Abort one HTTP attempt after this long (counts as a retryable failure). */
  requestTimeoutMs: number;
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  maxAttempts: 5,
  baseDelayMs: 1_000,
  maxDelayMs: 30_000,
  totalDeadlineMs: 120_000,
  requestTimeoutMs: 30_000,
});

/** Delay before the retry that follows failed attempt number `failedAttempt` (1-based). */
export function backoffDelayMs(failedAttempt: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, failedAttempt - 1));
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.floor(r * ceiling);
}

/** Statuses worth retrying: throttling and server-side failures. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status <= 599);
}

export interface FetchWithTimeoutInit extends RequestInit {
  timeoutMs: number;
}

/** fetch with a per-attempt timeout, no redirects (a redirect could carry our token elsewhere) and no HTTP cache. */
export async function fetchOnce(
  fetchImpl: typeof globalThis.fetch,
  url: string,
  { timeoutMs, ...init }: FetchWithTimeoutInit,
): Promise<Response> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    return await fetchImpl(url, { ...init, redirect: "error", cache: "no-store", signal: controller.signal });
  } finally {
    clearTimeout(timer);
  }
}

// Helpers for the access log of server/main.ts and for onRequestError.

/** The path of a request URL, never its query string or fragment (they can carry OAuth codes and other one-time secrets). */
export function routeOf(rawUrl: string | undefined): string {
  const url = rawUrl ?? "/";
  const end = url.search(/[?#]/);
  return end === -1 ? url : url.slice(0, end);
}

/** Milliseconds since `startedAt` (from process.hrtime.bigint()), to two decimals. */
export function durationMsSince(startedAt: bigint, now: bigint = process.hrtime.bigint()): number {
  return Math.round(Number(now - startedAt) / 1e4) / 100;
}

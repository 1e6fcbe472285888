// Server-side only. lib/spapi deliberately does NOT `import "server-only"`:
// the sync worker (scripts/), benchmarks and vitest load it under plain Node,
// where that guard throws. It holds LWA secrets and handles buyer PII, so it
// must never be imported from a client component.
//
// Everything with side effects or time in it is injected, so tests run the
// real retry, backoff, token-cache and rate-limit logic deterministically and
// without waiting.
import { getLogger } from "@/lib/log";

/** The subset of a pino logger the client uses. Log only operation/status/attempt/requestId. */
export interface SpApiLogger {
  debug(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

export interface SpApiDeps {
  fetch: typeof globalThis.fetch;
  /** Milliseconds since the epoch. */
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  /** Uniform in [0, 1): the jitter source. */
  random: () => number;
  logger: SpApiLogger;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// The shared logger reads the environment, so resolve it only when first used.
const lazyLogger: SpApiLogger = {
  debug: (fields, message) => getLogger().debug(fields, message),
  info: (fields, message) => getLogger().info(fields, message),
  warn: (fields, message) => getLogger().warn(fields, message),
};

export function resolveDeps(overrides: Partial<SpApiDeps> = {}): SpApiDeps {
  return {
    fetch: overrides.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    now: overrides.now ?? Date.now,
    sleep: overrides.sleep ?? realSleep,
    random: overrides.random ?? Math.random,
    logger: overrides.logger ?? lazyLogger,
  };
}

export const silentLogger: SpApiLogger = { debug: () => {}, info: () => {}, warn: () => {} };

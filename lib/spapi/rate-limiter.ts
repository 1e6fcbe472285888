// Server-side only (see deps.ts for why lib/spapi does not import "server-only").
//
// Amazon throttles each operation with a token bucket per application +
// selling partner, and a 429 carries no rate-limit header (x-amzn-RateLimit-Limit
// is only sent, best-effort, on 20x/400/404). So we keep our own buckets from
// the documented default rates and wait before sending instead of provoking
// 429s. The Orders API uses dynamic usage plans; the defaults are the floor we
// can count on.

export const SPAPI_OPERATIONS = [
  "searchOrders",
  "getOrder",
  "getOrdersV0",
  "getOrderV0",
  "getOrderAddressV0",
  "getOrderBuyerInfoV0",
  "createRestrictedDataToken",
] as const;
export type SpApiOperation = (typeof SPAPI_OPERATIONS)[number];

export interface BucketRate {
  /** Tokens added per second. */
  rate: number;
  /** Bucket size: how many requests may go at once after a quiet period. */
  burst: number;
}

/** Documented default usage plans (docs/amazon.md §3-4). */
export const DEFAULT_OPERATION_RATES: Readonly<Record<SpApiOperation, BucketRate>> = {
  searchOrders: { rate: 0.0056, burst: 20 },
  getOrder: { rate: 0.5, burst: 30 },
  getOrdersV0: { rate: 0.0167, burst: 20 },
  getOrderV0: { rate: 0.5, burst: 30 },
  getOrderAddressV0: { rate: 0.5, burst: 30 },
  getOrderBuyerInfoV0: { rate: 0.5, burst: 30 },
  createRestrictedDataToken: { rate: 1, burst: 10 },
};

/** The sandbox throttles every operation at 5 requests/second, burst 15. */
export const SANDBOX_RATE: BucketRate = { rate: 5, burst: 15 };

export interface TokenBucketRateLimiterOptions {
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  rates?: Partial<Record<SpApiOperation, BucketRate>>;
  /** Use SANDBOX_RATE for every operation. */
  sandbox?: boolean;
  /** Multiplies every refill rate: tests use e.g. 1000 so hours of quota pass in seconds. */
  timeScale?: number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export class TokenBucketRateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly rates: Record<SpApiOperation, BucketRate>;
  private readonly timeScale: number;

  constructor(private readonly options: TokenBucketRateLimiterOptions) {
    const base = options.sandbox
      ? (Object.fromEntries(SPAPI_OPERATIONS.map((op) => [op, SANDBOX_RATE])) as Record<SpApiOperation, BucketRate>)
      : { ...DEFAULT_OPERATION_RATES };
    this.rates = { ...base, ...options.rates };
    this.timeScale = options.timeScale ?? 1;
    if (!(this.timeScale > 0)) throw new RangeError("timeScale must be positive");
  }

  rateFor(operation: SpApiOperation): BucketRate {
    return this.rates[operation];
  }

  private refill(operation: SpApiOperation, sellerId: string): Bucket {
    const key = `${operation}\u0000${sellerId}`;
    const { rate, burst } = this.rates[operation];
    const now = this.options.now();
    const bucket = this.buckets.get(key) ?? { tokens: burst, updatedAt: now };
    const elapsedSeconds = Math.max(0, now - bucket.updatedAt) / 1000;
    bucket.tokens = Math.min(burst, bucket.tokens + elapsedSeconds * rate * this.timeScale);
    bucket.updatedAt = now;
    this.buckets.set(key, bucket);
    return bucket;
  }

  /**
   * Milliseconds the caller must wait before its request may go. The token is
   * reserved synchronously (the balance may go negative), so concurrent callers
   * queue up in order without a lock.
   */
  reserve(operation: SpApiOperation, sellerId: string): number {
    const bucket = this.refill(operation, sellerId);
    bucket.tokens -= 1;
    if (bucket.tokens >= 0) return 0;
    const { rate } = this.rates[operation];
    return Math.ceil((-bucket.tokens / (rate * this.timeScale)) * 1000);
  }

  /** Waits (through the injected sleep) until a request for `operation` may be sent. */
  async acquire(operation: SpApiOperation, sellerId: string): Promise<number> {
    const waitMs = this.reserve(operation, sellerId);
    if (waitMs > 0) await this.options.sleep(waitMs);
    return waitMs;
  }

  /**
   * Amazon said 429 although our bucket had tokens (a dynamic plan below the
   * default, or another process using the same seller): empty our bucket so the
   * next requests pace themselves at the refill rate.
   */
  drain(operation: SpApiOperation, sellerId: string): void {
    const bucket = this.refill(operation, sellerId);
    bucket.tokens = Math.min(bucket.tokens, 0);
  }
}

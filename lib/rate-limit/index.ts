// Server-side only: imported by server code (actions, route handlers).
//
// Rate limits for the identity flows (controls D7, S5; style principles 8, 9),
// on rate-limiter-flexible. Store: process memory by default (development, the
// demo and the e2e suite run ONE server process, so memory is exact there);
// Redis when REDIS_URL is set (several processes/instances share the counts).
// FAIL CLOSED: when the store errors, the request is refused (and logged), so
// an attacker cannot get unlimited guesses by knocking Redis over.
import "server-only";
import { createHash } from "node:crypto";
import Redis from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { getEnv } from "@/lib/env";
import { getLogger } from "@/lib/log";

export type RateLimitName =
  | "sign-in:ip"
  | "sign-in:account"
  | "mfa:account"
  | "sign-up:ip"
  | "password-reset:ip"
  | "password-reset:account"
  | "email-verification:ip"
  | "invitation-send:organization"
  | "invitation-send:inviter"
  | "invitation-accept:token"
  | "invitation-accept:ip"
  | "step-up:account"
  | "amazon-callback:ip";

export type RateLimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

interface RateLimitRule {
  /** Attempts allowed per window. */
  points: number;
  windowSeconds: number;
}

const MINUTES = 60;
const HOURS = 60 * MINUTES;

/**
 * One table for every limit. Per-IP limits slow down spraying across many
 * accounts from one address; per-account limits slow down guessing one account
 * from many addresses (and sit above the account lockout of LOCKOUT_THRESHOLD,
 * 5 by default, which is the real brake on password guessing). E-mail-sending
 * flows are tighter per hour: each attempt can put mail in someone's inbox.
 */
export const RATE_LIMITS: Readonly<Record<RateLimitName, RateLimitRule>> = Object.freeze({
  "sign-in:ip": { points: 20, windowSeconds: 15 * MINUTES },
  "sign-in:account": { points: 10, windowSeconds: 15 * MINUTES },
  "mfa:account": { points: 10, windowSeconds: 15 * MINUTES }, // TOTP has 10^6 codes: 10 tries per 15 min keeps guessing hopeless
  "sign-up:ip": { points: 10, windowSeconds: 1 * HOURS },
  "password-reset:ip": { points: 5, windowSeconds: 1 * HOURS },
  "password-reset:account": { points: 5, windowSeconds: 1 * HOURS },
  "email-verification:ip": { points: 20, windowSeconds: 1 * HOURS },
  // Invitations are counted where the people are, not per address: a whole office
  // onboarding its team sits behind one NAT address. Sending is per organization
  // (every owner together) and per inviting user; acceptance per invitation link
  // (keyed by the token's hash), with a generous per-address backstop against
  // spraying guessed links.
  "invitation-send:organization": { points: 50, windowSeconds: 1 * HOURS },
  "invitation-send:inviter": { points: 20, windowSeconds: 1 * HOURS },
  "invitation-accept:token": { points: 10, windowSeconds: 1 * HOURS },
  "invitation-accept:ip": { points: 200, windowSeconds: 1 * HOURS },
  "step-up:account": { points: 10, windowSeconds: 15 * MINUTES },
  // The SP-API consent callback: a person needs a handful of tries; more is someone probing state values.
  "amazon-callback:ip": { points: 20, windowSeconds: 15 * MINUTES },
});

/** What a caller is told when the store cannot answer: wait a minute, try again. */
export const FAIL_CLOSED_RETRY_SECONDS = 60;
const KEY_PREFIX = "firefeed:rl";

export interface RateLimiter {
  consume(name: RateLimitName, key: string): Promise<RateLimitDecision>;
  reset(name: RateLimitName, key: string): Promise<void>;
  /** Gives one consumed point back (e.g. an attempt that turned out to be legitimate). */
  refund(name: RateLimitName, key: string): Promise<void>;
}

export type RateLimiterStore = { kind: "memory" } | { kind: "redis"; client: Redis };

/**
 * Keys are often e-mail addresses or IPs: store a hash instead, so Redis
 * (and its dumps) hold no PII. Collisions are irrelevant at 256 bits.
 */
function storageKey(key: string): string {
  return createHash("sha256").update(key.trim().toLowerCase(), "utf8").digest("base64url");
}

/** A limiter set over one store. `keyPrefix` keeps test runs (and apps sharing a Redis) apart. */
export function createRateLimiter(store: RateLimiterStore, options: { keyPrefix?: string } = {}): RateLimiter {
  const keyPrefix = options.keyPrefix ?? KEY_PREFIX;
  const limiters = new Map<RateLimitName, RateLimiterAbstract>();
  const limiterFor = (name: RateLimitName): RateLimiterAbstract => {
    let limiter = limiters.get(name);
    if (!limiter) {
      const rule = RATE_LIMITS[name];
      const common = { points: rule.points, duration: rule.windowSeconds, keyPrefix: `${keyPrefix}:${name}` };
      limiter =
        store.kind === "memory"
          ? new RateLimiterMemory(common)
          : // rejectIfRedisNotReady: refuse at once while disconnected instead of waiting on a dead socket.
            new RateLimiterRedis({ ...common, storeClient: store.client, rejectIfRedisNotReady: true });
      limiters.set(name, limiter);
    }
    return limiter;
  };

  return {
    async consume(name, key) {
      try {
        await limiterFor(name).consume(storageKey(key));
        return { allowed: true };
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) {
          return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)) };
        }
        // The store failed (Redis down, timeout): fail closed (principle 8).
        getLogger().error({ err: rejection, rateLimit: name }, "rate limit store unavailable; refusing the request");
        return { allowed: false, retryAfterSeconds: FAIL_CLOSED_RETRY_SECONDS };
      }
    },
    async reset(name, key) {
      await limiterFor(name).delete(storageKey(key));
    },
    async refund(name, key) {
      await limiterFor(name).reward(storageKey(key), 1);
    },
  };
}

/** An ioredis client suited to rate limiting: no offline queue (fail fast), short connect timeout. */
export function createRateLimitRedisClient(url: string): Redis {
  const client = new Redis(url, {
    enableOfflineQueue: false,
    connectTimeout: 2_000,
    maxRetriesPerRequest: 1,
    commandTimeout: 1_000,
  });
  // Without a listener ioredis reports every reconnect failure as an unhandled
  // 'error' event; log without the URL (it may hold a password).
  client.on("error", (error: Error) => {
    getLogger().warn({ err: { name: error.name, code: (error as NodeJS.ErrnoException).code } }, "rate limit redis error");
  });
  return client;
}

const globalForRateLimit = globalThis as unknown as { firefeedRateLimiter?: RateLimiter };

function getRateLimiter(): RateLimiter {
  if (!globalForRateLimit.firefeedRateLimiter) {
    const redisUrl = getEnv().REDIS_URL;
    globalForRateLimit.firefeedRateLimiter = createRateLimiter(
      redisUrl ? { kind: "redis", client: createRateLimitRedisClient(redisUrl) } : { kind: "memory" },
    );
  }
  return globalForRateLimit.firefeedRateLimiter;
}

/** Counts one attempt for (name, key); refused once the window's points are used up, or when the store fails. */
export async function consumeRateLimit(name: RateLimitName, key: string): Promise<RateLimitDecision> {
  return getRateLimiter().consume(name, key);
}

/** Forgets the attempts for (name, key), e.g. the per-account sign-in count after a successful sign-in. */
export async function resetRateLimit(name: RateLimitName, key: string): Promise<void> {
  try {
    await getRateLimiter().reset(name, key);
  } catch (error) {
    // Not resetting only keeps a limit in place longer: safe, so log and carry on.
    getLogger().warn({ err: error, rateLimit: name }, "rate limit reset failed");
  }
}

/**
 * Gives back the point an attempt consumed, e.g. a sign-in whose password was
 * right: the per-IP budget then counts failures, so people behind one office
 * NAT are not throttled by each other's successful sign-ins.
 */
export async function refundRateLimit(name: RateLimitName, key: string): Promise<void> {
  try {
    await getRateLimiter().refund(name, key);
  } catch (error) {
    // Not refunding only keeps the limit stricter: safe, so log and carry on.
    getLogger().warn({ err: error, rateLimit: name }, "rate limit refund failed");
  }
}

import "server-only";
import { tooManyAttemptsMessage } from "@/lib/auth/lockout";
import type { ActionResult } from "@/lib/auth/define-action";
import { consumeRateLimit, type RateLimitName } from "@/lib/rate-limit";

/** Consumes one attempt; the refusal to return when the limit is reached (fails closed: see lib/rate-limit). */
export async function rateLimitRefusal(name: RateLimitName, key: string | null): Promise<Extract<ActionResult, { ok: false }> | null> {
  const decision = await consumeRateLimit(name, key ?? "unknown");
  if (decision.allowed) return null;
  return { ok: false, error: tooManyAttemptsMessage(decision.retryAfterSeconds), retryAfterSeconds: decision.retryAfterSeconds };
}

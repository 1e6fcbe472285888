// Server-side only (no "server-only" import: the scheduler load it outside Next).
//
// The optional outbound alert webhook (L3), for the on-call tool. Configured by
// ALERT_WEBHOOK_URL + ALERT_WEBHOOK_SECRET (lib/env.ts); without them nothing
// is queued. The evaluator queues one delivery per NEW alert (evaluator.ts
// says why not per repeat); the "alert-webhooks" job sends due deliveries:
//   POST <url>, body = the JSON payload (webhook-payload.ts, no personal data)
//   X-FireFeed-Signature: t=<unix seconds>,v1=<hex HMAC-SHA-256(secret, "<t>.<body>")>
//   X-FireFeed-Delivery: <delivery id>  (stable across retries: receivers dedupe on it)
// The timestamp is inside the signed text, so a receiver can refuse replays
// older than a few minutes (verifyWebhookSignature does). Each attempt is
// re-signed with its own timestamp.
//
// Retries: network errors, timeouts, 5xx and 429 are retried with exponential
// backoff and jitter (30 s, 1, 2, 4 ... min, capped at 1 h; each delay drawn
// from its upper half so a receiver coming back is not hit by every sender at
// once) up to MAX_WEBHOOK_ATTEMPTS, then the delivery is FAILED and audited
// ("alert.webhook_failed"). Other 4xx and redirects are FAILED at once: the
// receiver refused the request and repeating it will not change that.
import { createHmac, timingSafeEqual } from "node:crypto";
import { recordAudit } from "@/lib/audit/record-audit";
import { getLogger } from "@/lib/log";
import type { Db } from "@/lib/db/db";

export const MAX_WEBHOOK_ATTEMPTS = 8;
export const WEBHOOK_TIMEOUT_MS = 10_000;
const BASE_DELAY_MS = 30_000;
const MAX_DELAY_MS = 60 * 60_000;
/** A claimed delivery is not picked up again (by another instance) for this long. */
const CLAIM_MS = WEBHOOK_TIMEOUT_MS + 60_000;
const SIGNATURE_TOLERANCE_SECONDS = 300;

export interface WebhookConfig {
  url: string;
  secret: string;
}

export interface WebhookDeps {
  config: WebhookConfig;
  fetch?: typeof fetch;
  /** [0, 1): the jitter source; tests pin it. */
  random?: () => number;
  timeoutMs?: number;
}

/** The X-FireFeed-Signature header value for `body` sent at `unixSeconds`. */
export function signWebhookBody(secret: string, body: string, unixSeconds: number): string {
  const digest = createHmac("sha256", secret).update(`${unixSeconds}.${body}`, "utf8").digest("hex");
  return `t=${unixSeconds},v1=${digest}`;
}

/** For receivers (and tests): a valid signature over `body`, made within the tolerance of `now`. */
export function verifyWebhookSignature(secret: string, header: string | null | undefined, body: string, now: Date): boolean {
  if (!header) return false;
  const fields = new Map(header.split(",").map((part) => part.trim().split("=", 2) as [string, string]));
  const t = Number(fields.get("t"));
  const v1 = fields.get("v1") ?? "";
  if (!Number.isInteger(t) || !/^[0-9a-f]{64}$/.test(v1)) return false;
  if (Math.abs(now.getTime() / 1000 - t) > SIGNATURE_TOLERANCE_SECONDS) return false;
  const expected = signWebhookBody(secret, body, t).split("v1=")[1] as string;
  return timingSafeEqual(Buffer.from(v1, "hex"), Buffer.from(expected, "hex"));
}

/** The wait before attempt `attempt + 1`, after `attempt` failed ones (1-based). */
export function webhookRetryDelayMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

type AttemptOutcome = { kind: "delivered"; status: number } | { kind: "retry" | "refused"; status: number | null; error: string };

/** Classifies one HTTP attempt; never throws. */
async function attempt(deps: WebhookDeps, deliveryId: string, body: string, now: Date): Promise<AttemptOutcome> {
  const send = deps.fetch ?? fetch;
  try {
    const response = await send(deps.config.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "FireFeed-Portal-Alerts/1",
        "x-firefeed-signature": signWebhookBody(deps.config.secret, body, Math.floor(now.getTime() / 1000)),
        "x-firefeed-delivery": deliveryId,
      },
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(deps.timeoutMs ?? WEBHOOK_TIMEOUT_MS),
    });
    // Drain the body so the connection can be reused; its content is not needed.
    await response.arrayBuffer().catch(() => undefined);
    if (response.status >= 200 && response.status < 300) return { kind: "delivered", status: response.status };
    if (response.status === 429 || response.status >= 500) return { kind: "retry", status: response.status, error: `HTTP ${response.status}` };
    return { kind: "refused", status: response.status, error: `HTTP ${response.status}` };
  } catch (error) {
    // Only the error's name/code: messages can carry the URL.
    const cause = (error as { cause?: { code?: unknown } }).cause;
    const code = typeof cause?.code === "string" ? cause.code : error instanceof Error ? error.name : "error";
    return { kind: "retry", status: null, error: code };
  }
}

export interface DeliverWebhooksResult {
  delivered: number;
  retried: number;
  failed: number;
}

/** Sends every due PENDING delivery (oldest first, at most `limit`). */
export async function deliverDueWebhooks(db: Db, deps: WebhookDeps, now: Date, limit = 20): Promise<DeliverWebhooksResult> {
  const result: DeliverWebhooksResult = { delivered: 0, retried: 0, failed: 0 };
  const due = await db.webhookDelivery.findMany({
    where: { status: "PENDING", nextAttemptAt: { lte: now } },
    orderBy: { nextAttemptAt: "asc" },
    take: limit,
    select: { id: true },
  });
  for (const { id } of due) {
    // Claim: only the instance whose conditional update wins sends this attempt.
    const claimed = await db.webhookDelivery.updateMany({
      where: { id, status: "PENDING", nextAttemptAt: { lte: now } },
      data: { nextAttemptAt: new Date(now.getTime() + CLAIM_MS) },
    });
    if (claimed.count !== 1) continue;
    const delivery = await db.webhookDelivery.findUniqueOrThrow({ where: { id } });
    const body = JSON.stringify(delivery.payload);
    const outcome = await attempt(deps, delivery.id, body, now);
    const attempts = delivery.attempts + 1;
    if (outcome.kind === "delivered") {
      await db.webhookDelivery.update({
        where: { id },
        data: { status: "DELIVERED", attempts, deliveredAt: now, lastStatusCode: outcome.status, lastError: null },
      });
      result.delivered += 1;
      continue;
    }
    if (outcome.kind === "retry" && attempts < MAX_WEBHOOK_ATTEMPTS) {
      await db.webhookDelivery.update({
        where: { id },
        data: {
          attempts,
          lastStatusCode: outcome.status,
          lastError: outcome.error,
          nextAttemptAt: new Date(now.getTime() + webhookRetryDelayMs(attempts, deps.random)),
        },
      });
      result.retried += 1;
      continue;
    }
    await db.$transaction(async (tx) => {
      await tx.webhookDelivery.update({
        where: { id },
        data: { status: "FAILED", attempts, lastStatusCode: outcome.status, lastError: outcome.error },
      });
      await recordAudit(tx, {
        action: "alert.webhook_failed",
        result: "FAILURE",
        actorLabel: "alert-webhooks",
        targetType: "alert",
        targetId: delivery.alertId,
        details: { deliveryId: id, attempts, lastStatusCode: outcome.status, lastError: outcome.error, gaveUp: outcome.kind === "retry" ? "max-attempts" : "refused" },
      });
    });
    getLogger().warn({ deliveryId: id, attempts, lastStatusCode: outcome.status }, "alert webhook delivery failed");
    result.failed += 1;
  }
  return result;
}

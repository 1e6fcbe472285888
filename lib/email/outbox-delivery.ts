// Server-side only (no "server-only" import: the scheduler, the bench and 
// load it outside Next's bundler).
//
// Sends what requests queued (lib/email/outbox-queue.ts; ADR 0020), from the
// "email-outbox" job and right after a request (outbox-delivery-trigger.ts).
//
// Claiming: one short transaction takes up to `batchSize` due PENDING rows
// with SELECT ... FOR UPDATE SKIP LOCKED and leases them (attempts + 1,
// next_attempt_at = now + lease) before it commits. A second instance's claim
// skips the rows the first holds and, once the first commits, finds them no
// longer due: two instances never send the same mail. SMTP is then spoken
// OUTSIDE any transaction, because the embedded database has ONE session and
// a transaction held open for SMTP would stall every request meanwhile.
// Delivery is at least once: an instance that dies between the SMTP answer
// and "mark SENT" leaves the row to be sent again once its lease expires.
//
// Outcome of an attempt:
//  * sent: SENT, sent_at, and the ciphertext columns set to NULL (the
//    delivered link and address do not stay in the queue; the row's metadata
//    is kept 30 days for "did the reset mail go out?", then purged);
//  * failed: next_attempt_at after an exponential backoff (30 s, 2 min,
//    8 min, 32 min, then hourly) and last_error_class (the error's class and
//    code, never its message: SMTP replies quote addresses); after
//    MAX_EMAIL_ATTEMPTS, FAILED (ciphertext nulled as well) and an error log
//    line. Logs name the row id and purpose, never the address or the link.

import type { ScheduledJobDefinition } from "@/lib/jobs/scheduler";
import { getLogger, serializeErrorForLog } from "@/lib/log";
import { openQueuedEmail } from "./outbox-queue";
import { deliverEmail, emailDeliveryFromEnv, type EmailDelivery } from "./send-email";
import type { Db } from "@/lib/db/db";

export const MAX_EMAIL_ATTEMPTS = 8;
/** One SMTP conversation may take this long before it counts as failed (and is retried). */
export const EMAIL_SEND_TIMEOUT_MS = 30_000;
export const DEFAULT_EMAIL_BATCH_SIZE = 20;
/** SENT and FAILED rows (metadata only by then) are deleted after this long. */
export const EMAIL_OUTBOX_RETENTION_DAYS = 30;
const BASE_RETRY_DELAY_MS = 30_000;
const MAX_RETRY_DELAY_MS = 60 * 60_000;
const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

/** The wait after the `attempts`-th failed attempt (1-based): 30 s × 4^(attempts-1), at most an hour. */
export function emailRetryDelayMs(attempts: number): number {
  return Math.min(MAX_RETRY_DELAY_MS, BASE_RETRY_DELAY_MS * 4 ** Math.max(0, attempts - 1));
}

export interface DeliverPendingEmailsOptions {
  batchSize?: number;
  now?: Date;
  sendTimeoutMs?: number;
}

export interface DeliverPendingEmailsResult {
  claimed: number;
  sent: number;
  retried: number;
  failed: number;
}

interface ClaimedRow {
  id: string;
  purpose: string;
  subject: string;
  recipientCiphertext: string | null;
  bodyCiphertext: string | null;
  /** Including the attempt this claim starts. */
  attempts: number;
}

export class EmailSendTimeoutError extends Error {
  override readonly name = "EmailSendTimeoutError";
}

/** The class (and a short code such as nodemailer's EENVELOPE) of an error: what may be stored. Never its message. */
export function errorClassOf(error: unknown): string {
  const name = error instanceof Error ? error.name || error.constructor.name : typeof error;
  const code = (error as { code?: unknown } | null)?.code;
  const safeName = /^[A-Za-z0-9_.$-]{1,64}$/.test(name) ? name : "Error";
  return typeof code === "string" && /^[A-Z0-9_]{1,32}$/.test(code) ? `${safeName}:${code}` : safeName;
}

async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new EmailSendTimeoutError(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function claimDueEmails(db: Db, now: Date, batchSize: number, leaseMs: number): Promise<ClaimedRow[]> {
  return db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<ClaimedRow[]>`
      SELECT "id"::text AS "id", "purpose", "subject", "recipient_ciphertext" AS "recipientCiphertext",
             "body_ciphertext" AS "bodyCiphertext", "attempts"
        FROM "email_outbox"
       WHERE "status" = 'PENDING' AND "next_attempt_at" <= ${now}::timestamptz
       ORDER BY "next_attempt_at", "id"
       LIMIT ${batchSize}
         FOR UPDATE SKIP LOCKED`;
    if (rows.length === 0) return [];
    await tx.emailOutboxMessage.updateMany({
      where: { id: { in: rows.map((row) => row.id) } },
      data: { attempts: { increment: 1 }, nextAttemptAt: new Date(now.getTime() + leaseMs) },
    });
    return rows.map((row) => ({ ...row, attempts: Number(row.attempts) + 1 }));
  });
}

/**
 * Sends up to `batchSize` due messages through `delivery` (SMTP, or the dev
 * outbox in development without SMTP; tests pass a recording transport).
 */
export async function deliverPendingEmails(
  db: Db,
  delivery: EmailDelivery,
  options: DeliverPendingEmailsOptions = {},
): Promise<DeliverPendingEmailsResult> {
  const batchSize = Math.max(1, Math.trunc(options.batchSize ?? DEFAULT_EMAIL_BATCH_SIZE));
  const now = options.now ?? new Date();
  const sendTimeoutMs = options.sendTimeoutMs ?? EMAIL_SEND_TIMEOUT_MS;
  // Long enough for the whole batch to be sent one after the other, so no row is re-claimed mid-batch.
  const leaseMs = batchSize * sendTimeoutMs + MINUTE_MS;
  const claimed = await claimDueEmails(db, now, batchSize, leaseMs);
  const result: DeliverPendingEmailsResult = { claimed: claimed.length, sent: 0, retried: 0, failed: 0 };

  for (const row of claimed) {
    try {
      await withTimeout(
        openQueuedEmail(row).then((message) => deliverEmail(message, delivery)),
        sendTimeoutMs,
      );
    } catch (error) {
      const errorClass = errorClassOf(error);
      const log = { outboxId: row.id, purpose: row.purpose, attempts: row.attempts, errorClass, err: serializeErrorForLog(error) };
      if (row.attempts >= MAX_EMAIL_ATTEMPTS) {
        await db.emailOutboxMessage.updateMany({
          where: { id: row.id, status: "PENDING" },
          data: { status: "FAILED", lastErrorClass: errorClass, recipientCiphertext: null, bodyCiphertext: null },
        });
        getLogger().error(log, "e-mail delivery failed for good: giving up after the last attempt");
        result.failed += 1;
      } else {
        await db.emailOutboxMessage.updateMany({
          where: { id: row.id, status: "PENDING" },
          data: { lastErrorClass: errorClass, nextAttemptAt: new Date(now.getTime() + emailRetryDelayMs(row.attempts)) },
        });
        getLogger().warn(log, "e-mail delivery failed: will retry");
        result.retried += 1;
      }
      continue;
    }
    await db.emailOutboxMessage.updateMany({
      where: { id: row.id, status: "PENDING" },
      data: { status: "SENT", sentAt: new Date(), lastErrorClass: null, recipientCiphertext: null, bodyCiphertext: null },
    });
    result.sent += 1;
  }
  return result;
}

/** Deletes SENT and FAILED rows older than the retention; returns how many. */
export async function purgeFinishedEmails(db: Db, now: Date = new Date(), retentionDays = EMAIL_OUTBOX_RETENTION_DAYS): Promise<number> {
  const deleted = await db.emailOutboxMessage.deleteMany({
    where: { status: { in: ["SENT", "FAILED"] }, createdAt: { lt: new Date(now.getTime() - retentionDays * DAY_MS) } },
  });
  return deleted.count;
}

/** Delivers batch after batch while they come back full, at most `maxBatches`. */
export async function drainOutbox(
  db: Db,
  delivery: EmailDelivery,
  options: DeliverPendingEmailsOptions & { maxBatches?: number } = {},
): Promise<DeliverPendingEmailsResult> {
  const total: DeliverPendingEmailsResult = { claimed: 0, sent: 0, retried: 0, failed: 0 };
  const batchSize = options.batchSize ?? DEFAULT_EMAIL_BATCH_SIZE;
  for (let batch = 0; batch < (options.maxBatches ?? 5); batch += 1) {
    const result = await deliverPendingEmails(db, delivery, { ...options, batchSize });
    for (const key of Object.keys(total) as (keyof DeliverPendingEmailsResult)[]) total[key] += result[key];
    if (result.claimed < batchSize) break;
  }
  return total;
}

/**
 * The queue's jobs. "email-outbox": the fallback to the prompt run after each
 * request (outbox-delivery-trigger.ts), and what sends retries once their
 * backoff is over; every 10 s, though the scheduler's poll (15 s,
 * lib/jobs/scheduler.ts) is the effective floor. Two instances running it at
 * once is harmless (SKIP LOCKED). "email-outbox-retention": daily purge.
 */
export function emailOutboxJobs(db: Db, delivery: () => EmailDelivery = () => emailDeliveryFromEnv(db)): ScheduledJobDefinition[] {
  return [
    {
      name: "email-outbox",
      intervalMs: 10_000,
      lockMs: 10 * MINUTE_MS,
      run: async ({ now }) => {
        const result = await drainOutbox(db, delivery(), { now });
        if (result.claimed > 0) getLogger().info({ job: "email-outbox", ...result }, "queued e-mail delivered");
      },
    },
    {
      name: "email-outbox-retention",
      intervalMs: DAY_MS,
      lockMs: 10 * MINUTE_MS,
      run: async ({ now }) => {
        const deleted = await purgeFinishedEmails(db, now);
        if (deleted > 0) getLogger().info({ job: "email-outbox-retention", deleted }, "finished e-mail rows purged");
      },
    },
  ];
}

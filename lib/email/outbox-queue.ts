// Server-side only (no "server-only" import: the delivery job runs in the
// scheduler, and the bench load it outside Next's bundler).
//
// The write side of the e-mail queue (issue 9, finding 5; ADR 0020), and the
// ONLY code that turns a queued message into ciphertext and back. Requests
// call enqueueEmail INSIDE the transaction that creates the link's token, so
// a rolled-back change never sends a link, and nothing in a request waits for
// SMTP: lib/email/outbox-delivery.ts sends later.
//
// Recipient and body are encrypted with the field encryption (AES-256-GCM,
// associated data {email_outbox, <column>, <row id>}): the body carries a
// single-use link and the recipient is an address, so neither reaches the
// database in clear. The subject is stored in clear: templates keep personal
// data and links out of it, and operators need to tell messages apart.
import { randomUUID } from "node:crypto";
import { decryptField, encryptField, type EncryptionContext } from "@/lib/crypto/field-encryption";
import { parseOutgoingEmail, type OutgoingEmail } from "./send-email";
import type { DbTransaction } from "@/lib/db/db";

export const EMAIL_OUTBOX_TABLE = "email_outbox";

/** What a queued message is for (stored in clear, shown in logs). */
export type EmailPurpose = "password-reset" | "verify-email" | "invitation" | "sign-up-existing-account";

type OutboxWriter = Pick<DbTransaction, "emailOutboxMessage">;

const recipientContext = (recordId: string): EncryptionContext => ({ table: EMAIL_OUTBOX_TABLE, column: "recipient_ciphertext", recordId });
const bodyContext = (recordId: string): EncryptionContext => ({ table: EMAIL_OUTBOX_TABLE, column: "body_ciphertext", recordId });

/**
 * A decoy's recipient: a reserved domain (RFC 2606), the length of a typical
 * address, so its encryption costs what a real one does. Never stored: a
 * decoy row is deleted in the transaction that inserted it.
 */
const DECOY_RECIPIENT = "nobody@outbox-decoy.invalid";

async function sealedRow(message: OutgoingEmail, purpose: EmailPurpose, now: Date, recipient: string) {
  const id = randomUUID();
  return {
    id,
    purpose,
    subject: message.subject,
    recipientCiphertext: await encryptField(recipient, recipientContext(id)),
    bodyCiphertext: await encryptField(message.text, bodyContext(id)),
    status: "PENDING" as const,
    attempts: 0,
    nextAttemptAt: now,
    createdAt: now,
  };
}

/**
 * Queues `message` in `tx` (a transaction client: call it in the transaction
 * that makes the message true). Validates it first (single-line subject and
 * address, no header injection: emailMessageSchema), then encrypts and
 * inserts. `now` is the wall clock by default: the queue is about real time,
 * whatever logical clock the caller's tokens use. Returns the row id.
 */
export async function enqueueEmail(
  tx: OutboxWriter,
  message: { to: string; subject: string; text: string },
  purpose: EmailPurpose,
  options: { now?: Date } = {},
): Promise<string> {
  const parsed = parseOutgoingEmail(message);
  const row = await sealedRow(parsed, purpose, options.now ?? new Date(), parsed.to);
  await tx.emailOutboxMessage.create({ data: row, select: { id: true } });
  return row.id;
}

/**
 * The work of enqueueEmail without a message to show for it, for answers that
 * must cost the same whether an account exists or not (lib/auth/accounts.ts):
 * the same validation (a bad message throws the same way), the same
 * encryption, the same INSERT (with its WAL write, so the commit flushes as it
 * would), then a DELETE of that row in the same transaction. Nothing is ever
 * visible to another transaction, so nothing can be delivered. Two round
 * trips: callers use it in place of "create the token + enqueue".
 */
export async function enqueueDecoyEmail(
  tx: OutboxWriter,
  message: { to: string; subject: string; text: string },
  purpose: EmailPurpose,
  options: { now?: Date } = {},
): Promise<void> {
  const parsed = parseOutgoingEmail(message);
  const row = await sealedRow(parsed, purpose, options.now ?? new Date(), DECOY_RECIPIENT);
  await tx.emailOutboxMessage.create({ data: row, select: { id: true } });
  await tx.emailOutboxMessage.delete({ where: { id: row.id }, select: { id: true } });
}

/** A queued row's ciphertext columns. */
export interface SealedEmail {
  id: string;
  subject: string;
  recipientCiphertext: string | null;
  bodyCiphertext: string | null;
}

/** Decrypts a queued message for sending. Strict: a missing, tampered or misplaced value throws (DecryptionError). */
export async function openQueuedEmail(row: SealedEmail): Promise<OutgoingEmail> {
  if (row.recipientCiphertext === null || row.bodyCiphertext === null) {
    throw new QueuedEmailEmptyError("A queued e-mail has no recipient or body (already sent or failed).");
  }
  return {
    to: await decryptField(row.recipientCiphertext, recipientContext(row.id)),
    subject: row.subject,
    text: await decryptField(row.bodyCiphertext, bodyContext(row.id)),
  };
}

export class QueuedEmailEmptyError extends Error {
  override readonly name = "QueuedEmailEmptyError";
}

// Server-side only. No "server-only" import so scripts (seed) can
// load it; only server code imports it.
//
// Sends one plain-text e-mail: through SMTP (nodemailer) when SMTP_URL is set;
// otherwise, in development only, into the dev outbox table shown at
// /dev/outbox. Staging and production without SMTP refuse (lib/env.ts already
// refuses to start that way; this is the second line).
//
// Requests do not call this: account and invitation mail is queued in the
// encrypted outbox in the request's transaction (lib/email/outbox-queue.ts)
// and sent from here by the delivery job (lib/email/outbox-delivery.ts), so
// SMTP latency never reaches an answer (issue 9, finding 5; ADR 0020).
import nodemailer, { type Transporter } from "nodemailer";
import { z } from "zod";
import { getEnv } from "@/lib/env";
import { getLogger } from "@/lib/log";
import type { Db } from "@/lib/db/db";

// Header values must be single lines: a CR/LF in a subject or address would
// let input add headers (e-mail header injection).
const singleLine = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .refine((value) => !/[\r\n]/.test(value), { error: "must be a single line" });

const emailMessageSchema = z.object({
  to: singleLine(254).pipe(z.email()),
  subject: singleLine(200),
  text: z.string().min(1).max(20_000),
});

export type OutgoingEmail = z.infer<typeof emailMessageSchema>;

export interface EmailDelivery {
  appEnv: "development" | "staging" | "production";
  from: string;
  /** SMTP (or test) transport; null means "use the dev outbox". */
  transport: Pick<Transporter, "sendMail"> | null;
  /** The database for the dev outbox (only asked for on that path). */
  db: () => Promise<Pick<Db, "outboxEmail">> | Pick<Db, "outboxEmail">;
}

/**
 * `message` checked against emailMessageSchema. Throws on a bad message; the
 * error names the fields only: the values (an address, a link with a token)
 * stay out of errors and logs.
 */
export function parseOutgoingEmail(message: { to: string; subject: string; text: string }): OutgoingEmail {
  const parsed = emailMessageSchema.safeParse(message);
  if (!parsed.success) {
    throw new Error(`Invalid e-mail message (${parsed.error.issues.map((issue) => issue.path.join(".")).join(", ")}).`);
  }
  return parsed.data;
}

/** Delivers `message` as `delivery` says. Exposed for tests and the outbox delivery job. */
export async function deliverEmail(message: OutgoingEmail, delivery: EmailDelivery): Promise<void> {
  const { to, subject, text } = parseOutgoingEmail(message);
  if (delivery.transport) {
    const info = (await delivery.transport.sendMail({ from: delivery.from, to, subject, text })) as { messageId?: string };
    getLogger().info({ subject, messageId: info?.messageId }, "e-mail sent");
    return;
  }
  if (delivery.appEnv !== "development") {
    throw new Error(`SMTP_URL is not set: e-mail cannot be sent when APP_ENV=${delivery.appEnv}.`);
  }
  const db = await delivery.db();
  await db.outboxEmail.create({ data: { toAddress: to, subject, textBody: text } });
  getLogger().info({ subject }, "e-mail written to the dev outbox (/dev/outbox)");
}

const globalForEmail = globalThis as unknown as { firefeedSmtpTransport?: Transporter };

function smtpTransport(url: string): Transporter {
  // One pooled transport per process (kept across dev hot reloads).
  globalForEmail.firefeedSmtpTransport ??= nodemailer.createTransport(url);
  return globalForEmail.firefeedSmtpTransport;
}

/**
 * This deployment's delivery: SMTP_URL's transport, or the dev outbox. `db` is
 * the database for the dev outbox; by default the app's client, loaded lazily
 * (lib/db/client is server-only: it throws under plain tsx and in
 * instrumentation, so the scheduler passes its own client).
 */
export function emailDeliveryFromEnv(db?: Pick<Db, "outboxEmail">): EmailDelivery {
  const env = getEnv();
  return {
    appEnv: env.APP_ENV,
    from: env.EMAIL_FROM,
    transport: env.SMTP_URL ? smtpTransport(env.SMTP_URL) : null,
    db: db ? () => db : async () => (await import("@/lib/db/client")).getPrisma(),
  };
}

/** Sends one message now, awaiting SMTP. Not for request handlers: see the header. */
export async function sendEmail(message: { to: string; subject: string; text: string }): Promise<void> {
  await deliverEmail(message, emailDeliveryFromEnv());
}

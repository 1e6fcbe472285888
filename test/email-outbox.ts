// Test helpers for code that queues e-mail (lib/email/outbox-queue.ts): a
// delivery whose "SMTP transport" only records what it is given, and a flush
// that runs the real delivery job's code over the queue. Tests read links
// from what was delivered, the way a person reads them from a mailbox.
import type { PrismaClient } from "../lib/db/generated/client";
import { drainOutbox } from "../lib/email/outbox-delivery";
import type { EmailDelivery, OutgoingEmail } from "../lib/email/send-email";

type SendMail = NonNullable<EmailDelivery["transport"]>["sendMail"];

export interface RecordingDelivery {
  delivery: EmailDelivery;
  /** Every message handed to the transport, oldest first. */
  sent: OutgoingEmail[];
  /** Delivers everything due now (the delivery job's code); resolves with the messages sent by this call. */
  deliverQueued: () => Promise<OutgoingEmail[]>;
}

/** What nodemailer was given as `to` (the portal always passes one address as a string). */
export function recipientOf(mail: Parameters<SendMail>[0]): string {
  return typeof mail.to === "string" ? mail.to : JSON.stringify(mail.to);
}

/** A delivery as in production (APP_ENV production, an SMTP transport), whose transport records instead of sending. */
export function recordingDelivery(db: PrismaClient, sendMail?: SendMail): RecordingDelivery {
  const sent: OutgoingEmail[] = [];
  const record: SendMail = (mail) => {
    sent.push({ to: recipientOf(mail), subject: mail.subject ?? "", text: typeof mail.text === "string" ? mail.text : "" });
    return Promise.resolve({ messageId: `<test-${sent.length}@outbox.test>` });
  };
  const delivery: EmailDelivery = { appEnv: "production", from: "FireFeed Portal <no-reply@fire-feed.com>", transport: { sendMail: sendMail ?? record }, db: () => db };
  return {
    delivery,
    sent,
    deliverQueued: async () => {
      const before = sent.length;
      await drainOutbox(db, delivery, { batchSize: 50, maxBatches: 20 });
      return sent.slice(before);
    },
  };
}

/** Empties the queue (files run one at a time; a test file starts from an empty queue). */
export async function clearEmailOutbox(db: PrismaClient): Promise<void> {
  await db.$executeRawUnsafe(`DELETE FROM "email_outbox"`);
}

/** The token in the newest delivered link to `to`. */
export function tokenFromLastEmail(sent: readonly OutgoingEmail[], to: string): string {
  const message = [...sent].reverse().find((candidate) => candidate.to === to);
  const match = message?.text.match(/[?&]token=([A-Za-z0-9_-]+)/);
  if (!match?.[1]) throw new Error(`no link e-mailed to ${to}`);
  return match[1];
}

// The e-mail queue (issue 9, finding 5; ADR 0020) on the run's real database:
// enqueue in the caller's transaction, encrypted at rest, delivered once,
// retried with backoff, FAILED after the limit, never sent twice by two
// deliverers, prompt delivery after a request, and the dev outbox path.
import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { DecryptionError } from "@/lib/crypto/field-encryption";
import { createPrismaClient } from "@/lib/db/prisma-factory";
import { getLogger } from "@/lib/log";
import { clearEmailOutbox, recipientOf, recordingDelivery } from "@/test/email-outbox";
import { disconnectTestPrisma, getTestPrisma, testDatabaseKind, testDatabaseUrl } from "@/test/db";
import { listOutboxEmails } from "./outbox";
import {
  MAX_EMAIL_ATTEMPTS,
  deliverPendingEmails,
  emailRetryDelayMs,
  purgeFinishedEmails,
} from "./outbox-delivery";
import { enableOutboxDeliveryAfterRequests, requestOutboxDelivery } from "./outbox-delivery-trigger";
import { enqueueDecoyEmail, enqueueEmail, openQueuedEmail } from "./outbox-queue";
import type { EmailDelivery } from "./send-email";
import type { Db } from "@/lib/db/db";

const db = getTestPrisma();
afterAll(() => disconnectTestPrisma());
beforeEach(() => clearEmailOutbox(db));
afterEach(() => vi.restoreAllMocks());

const SECRET_TOKEN = "sEcReT-t0ken-0123456789-abcdefghijklmnop";
const message = (to = `person-${randomUUID().slice(0, 8)}@example.com`) => ({
  to,
  subject: "Reset your FireFeed Portal password",
  text: `Open http://localhost:3000/reset-password?token=${SECRET_TOKEN}\nIt works once.`,
});

async function enqueue(to?: string, now = new Date()): Promise<{ id: string; to: string }> {
  const m = message(to);
  const id = await db.$transaction((tx) => enqueueEmail(tx, m, "password-reset", { now }));
  return { id, to: m.to };
}

async function rawRow(id: string): Promise<Record<string, unknown> | undefined> {
  const rows = await db.$queryRawUnsafe<Record<string, unknown>[]>(`SELECT * FROM "email_outbox" WHERE "id" = $1::uuid`, id);
  return rows[0];
}

class FakeSmtpError extends Error {
  override name = "FakeSmtpError";
  code = "ECONNECTION";
}

describe("enqueueEmail", () => {
  it("is part of the caller's transaction: rolled back with it, nothing queued", async () => {
    const m = message();
    await expect(
      db.$transaction(async (tx) => {
        await enqueueEmail(tx, m, "password-reset");
        throw new Error("the change fails after the mail was queued");
      }),
    ).rejects.toThrow(/change fails/);
    expect(await db.emailOutboxMessage.count()).toBe(0);
  });

  it("stores recipient and body as ciphertext bound to the row, the subject in clear", async () => {
    const { id, to } = await enqueue();
    const row = await rawRow(id);
    const stored = JSON.stringify(row);
    expect(stored).not.toContain(to);
    expect(stored).not.toContain(to.split("@")[0]);
    expect(stored).not.toContain(SECRET_TOKEN);
    expect(stored).not.toContain("reset-password");
    expect(row).toMatchObject({ purpose: "password-reset", subject: "Reset your FireFeed Portal password", status: "PENDING", attempts: 0 });
    expect(String(row?.recipient_ciphertext)).toMatch(/^v1:/);
    expect(String(row?.body_ciphertext)).toMatch(/^v1:/);

    const opened = await openQueuedEmail({
      id,
      subject: String(row?.subject),
      recipientCiphertext: String(row?.recipient_ciphertext),
      bodyCiphertext: String(row?.body_ciphertext),
    });
    expect(opened).toEqual(message(to));
    // The associated data names the row and the column: ciphertext moved elsewhere does not decrypt.
    await expect(
      openQueuedEmail({ id: randomUUID(), subject: "x", recipientCiphertext: String(row?.recipient_ciphertext), bodyCiphertext: String(row?.body_ciphertext) }),
    ).rejects.toBeInstanceOf(DecryptionError);
    await expect(
      openQueuedEmail({ id, subject: "x", recipientCiphertext: String(row?.body_ciphertext), bodyCiphertext: String(row?.recipient_ciphertext) }),
    ).rejects.toBeInstanceOf(DecryptionError);
  });

  it("refuses header injection and bad addresses without echoing them, and queues nothing", async () => {
    await expect(
      db.$transaction((tx) => enqueueEmail(tx, { ...message(), subject: "Hi\r\nBcc: everyone@example.com" }, "password-reset")),
    ).rejects.toThrow(/Invalid e-mail message \(subject\)/);
    const error = await db.$transaction((tx) => enqueueEmail(tx, message("secret-person@@example"), "password-reset")).catch((e: Error) => e);
    expect((error as Error).message).toMatch(/\(to\)/);
    expect((error as Error).message).not.toContain("secret-person");
    expect(await db.emailOutboxMessage.count()).toBe(0);
  });

  it("a decoy does the same work and leaves nothing to deliver", async () => {
    await db.$transaction((tx) => enqueueDecoyEmail(tx, message(), "password-reset"));
    expect(await db.emailOutboxMessage.count()).toBe(0);
    await expect(db.$transaction((tx) => enqueueDecoyEmail(tx, message("not an address"), "password-reset"))).rejects.toThrow(/\(to\)/);
  });
});

describe("deliverPendingEmails", () => {
  it("sends a due message once, marks it SENT and drops its ciphertext", async () => {
    const { id, to } = await enqueue();
    const { delivery, sent } = recordingDelivery(db);
    const now = new Date();
    expect(await deliverPendingEmails(db, delivery, { now })).toEqual({ claimed: 1, sent: 1, retried: 0, failed: 0 });
    expect(sent).toEqual([message(to)]);
    expect(await deliverPendingEmails(db, delivery, { now: new Date(now.getTime() + 24 * 60 * 60_000) })).toMatchObject({ claimed: 0 });
    expect(sent).toHaveLength(1);

    const row = await db.emailOutboxMessage.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: "SENT", attempts: 1, recipientCiphertext: null, bodyCiphertext: null, lastErrorClass: null });
    expect(row.sentAt).toBeInstanceOf(Date);
  });

  it("the database refuses a finished row that keeps its ciphertext, and a pending one without it", async () => {
    const { id } = await enqueue();
    const { delivery } = recordingDelivery(db);
    await deliverPendingEmails(db, delivery);
    await expect(db.emailOutboxMessage.update({ where: { id }, data: { bodyCiphertext: "v1:k:iv:body" } })).rejects.toThrow(
      /email_outbox_finished_holds_no_message|check constraint/i,
    );
    const pending = await enqueue();
    await expect(db.emailOutboxMessage.update({ where: { id: pending.id }, data: { recipientCiphertext: null } })).rejects.toThrow(
      /email_outbox_pending_has_message|check constraint/i,
    );
  });

  it("does not send a message before it is due", async () => {
    const now = new Date();
    await enqueue(undefined, new Date(now.getTime() + 60_000));
    const { delivery, sent } = recordingDelivery(db);
    expect(await deliverPendingEmails(db, delivery, { now })).toMatchObject({ claimed: 0 });
    expect(sent).toHaveLength(0);
  });

  it("retries after a transport error with exponential backoff, then marks FAILED after the limit with a log line free of the address and link", async () => {
    const t0 = new Date();
    const { id, to } = await enqueue(undefined, t0);
    let calls = 0;
    const failing = recordingDelivery(db, () => {
      calls += 1;
      return Promise.reject(new FakeSmtpError(`550 5.1.1 <${to}>: Recipient address rejected`));
    }).delivery;
    const logger = getLogger();
    const warn = vi.spyOn(logger, "warn").mockImplementation(() => undefined);
    const error = vi.spyOn(logger, "error").mockImplementation(() => undefined);

    let now = t0;
    const delays: number[] = [];
    for (let attempt = 1; attempt < MAX_EMAIL_ATTEMPTS; attempt += 1) {
      expect(await deliverPendingEmails(db, failing, { now })).toEqual({ claimed: 1, sent: 0, retried: 1, failed: 0 });
      const row = await db.emailOutboxMessage.findUniqueOrThrow({ where: { id } });
      expect(row).toMatchObject({ status: "PENDING", attempts: attempt, lastErrorClass: "FakeSmtpError:ECONNECTION" });
      const delay = row.nextAttemptAt.getTime() - now.getTime();
      delays.push(delay);
      // Not due a moment before the backoff is over.
      expect(await deliverPendingEmails(db, failing, { now: new Date(row.nextAttemptAt.getTime() - 1) })).toMatchObject({ claimed: 0 });
      now = row.nextAttemptAt;
    }
    expect(delays).toEqual([30_000, 120_000, 480_000, 1_920_000, 3_600_000, 3_600_000, 3_600_000]);
    expect(delays).toEqual(delays.map((_, index) => emailRetryDelayMs(index + 1)));

    expect(await deliverPendingEmails(db, failing, { now })).toEqual({ claimed: 1, sent: 0, retried: 0, failed: 1 });
    expect(calls).toBe(MAX_EMAIL_ATTEMPTS);
    const failed = await db.emailOutboxMessage.findUniqueOrThrow({ where: { id } });
    expect(failed).toMatchObject({ status: "FAILED", attempts: MAX_EMAIL_ATTEMPTS, recipientCiphertext: null, bodyCiphertext: null });
    expect(failed.lastErrorClass).toBe("FakeSmtpError:ECONNECTION");
    expect(await deliverPendingEmails(db, failing, { now: new Date(now.getTime() + 24 * 60 * 60_000) })).toMatchObject({ claimed: 0 });

    expect(warn).toHaveBeenCalledTimes(MAX_EMAIL_ATTEMPTS - 1);
    expect(error).toHaveBeenCalledTimes(1);
    expect(error.mock.calls[0]?.[0]).toMatchObject({ outboxId: id, purpose: "password-reset", attempts: MAX_EMAIL_ATTEMPTS });
    // What the logger was handed (before its own scrubbing) holds neither the address (which the SMTP reply quoted) nor the link.
    const logged = JSON.stringify([...warn.mock.calls, ...error.mock.calls]);
    expect(logged).toContain("Recipient address rejected");
    expect(logged).not.toContain(to);
    expect(logged).not.toContain(SECRET_TOKEN);
    expect(logged).not.toContain("reset-password");
  });

  it("a message that no longer decrypts is retried and fails like any other error", async () => {
    const { id } = await enqueue();
    await db.emailOutboxMessage.update({ where: { id }, data: { bodyCiphertext: "v1:not:valid:ciphertext" } });
    const { delivery, sent } = recordingDelivery(db);
    vi.spyOn(getLogger(), "warn").mockImplementation(() => undefined);
    expect(await deliverPendingEmails(db, delivery)).toMatchObject({ retried: 1 });
    expect(sent).toHaveLength(0);
    expect(await db.emailOutboxMessage.findUniqueOrThrow({ where: { id } })).toMatchObject({ lastErrorClass: "DecryptionError", status: "PENDING" });
  });

  it("two deliverers at once never send the same e-mail twice", async () => {
    const recipients: string[] = [];
    for (let i = 0; i < 24; i += 1) recipients.push((await enqueue()).to);
    const sent: string[] = [];
    const slowTransport: EmailDelivery["transport"] = {
      sendMail: async (mail) => {
        sent.push(recipientOf(mail));
        await new Promise((resolve) => setTimeout(resolve, 5));
        return { messageId: "x" };
      },
    };
    const delivery = { ...recordingDelivery(db).delivery, transport: slowTransport };
    const deliverer = async () => {
      let total = 0;
      for (;;) {
        const result = await deliverPendingEmails(db, delivery, { batchSize: 4 });
        total += result.sent;
        if (result.claimed === 0) return total;
      }
    };
    const totals = await Promise.all([deliverer(), deliverer(), deliverer()]);
    expect(totals.reduce((a, b) => a + b, 0)).toBe(24);
    expect([...sent].sort()).toEqual([...recipients].sort());
    expect(await db.emailOutboxMessage.count({ where: { status: "SENT" } })).toBe(24);
  });

  it.runIf(testDatabaseKind() === "postgresql")(
    "PostgreSQL: rows another instance holds (FOR UPDATE) are skipped, not waited for and not sent",
    async () => {
      const held = await enqueue();
      const free = await enqueue();
      const other: Db = createPrismaClient(testDatabaseUrl(), 2);
      const { delivery, sent } = recordingDelivery(db);
      let releaseLock!: () => void;
      const lockReleased = new Promise<void>((resolve) => (releaseLock = resolve));
      let lockTaken!: () => void;
      const lockIsTaken = new Promise<void>((resolve) => (lockTaken = resolve));
      try {
        const holder = other.$transaction(
          async (tx) => {
            await tx.$queryRawUnsafe(`SELECT "id" FROM "email_outbox" WHERE "id" = $1::uuid FOR UPDATE`, held.id);
            lockTaken();
            await lockReleased;
          },
          { timeout: 30_000 },
        );
        await lockIsTaken;
        const started = Date.now();
        expect(await deliverPendingEmails(db, delivery)).toMatchObject({ claimed: 1, sent: 1 });
        expect(Date.now() - started).toBeLessThan(5_000);
        expect(sent.map((m) => m.to)).toEqual([free.to]);
        releaseLock();
        await holder;
        expect(await deliverPendingEmails(db, delivery)).toMatchObject({ claimed: 1, sent: 1 });
        expect(sent.map((m) => m.to)).toEqual([free.to, held.to]);
      } finally {
        releaseLock();
        await other.$disconnect();
      }
    },
  );

  it("in development without SMTP writes to the dev outbox that /dev/outbox lists", async () => {
    const { to } = await enqueue();
    const devOutbox: EmailDelivery = { appEnv: "development", from: "FireFeed Portal <no-reply@fire-feed.com>", transport: null, db: () => db };
    expect(await deliverPendingEmails(db, devOutbox)).toMatchObject({ sent: 1 });
    const listed = await listOutboxEmails({ limit: 50 }, db);
    expect(listed.find((email) => email.to === to)).toMatchObject({ subject: "Reset your FireFeed Portal password", text: message(to).text });
  });

  it("purges finished rows after the retention, keeps pending ones", async () => {
    const old = new Date(Date.now() - 31 * 24 * 60 * 60_000);
    const sentRow = await enqueue(undefined, old);
    const { delivery } = recordingDelivery(db);
    await deliverPendingEmails(db, delivery);
    const pending = await enqueue(undefined, new Date(Date.now() + 60 * 60_000));
    await db.emailOutboxMessage.update({ where: { id: pending.id }, data: { createdAt: old } });
    expect(await purgeFinishedEmails(db)).toBe(1);
    expect(await db.emailOutboxMessage.findUnique({ where: { id: sentRow.id } })).toBeNull();
    expect(await db.emailOutboxMessage.findUnique({ where: { id: pending.id } })).not.toBeNull();
  });
});

describe("requestOutboxDelivery", () => {
  it("is a no-op (and never throws) while prompt delivery is off", () => {
    expect(() => requestOutboxDelivery()).not.toThrow();
  });

  it("delivers soon after it is asked, without the caller awaiting anything", async () => {
    const { delivery, sent } = recordingDelivery(db);
    const trigger = enableOutboxDeliveryAfterRequests(db, delivery, { delayMs: 10 });
    try {
      const { to } = await enqueue();
      requestOutboxDelivery();
      requestOutboxDelivery(); // debounced: one run
      expect(sent).toHaveLength(0);
      await vi.waitFor(() => expect(sent.map((m) => m.to)).toEqual([to]), { timeout: 10_000, interval: 20 });
    } finally {
      await trigger.stop();
    }
    // Stopped: asking again does nothing.
    await enqueue();
    requestOutboxDelivery();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(sent).toHaveLength(1);
  });
});

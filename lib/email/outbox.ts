import "server-only";

// The development outbox (see lib/email/send-email.ts): read side for /dev/outbox.
// Not the delivery queue (email_outbox, lib/email/outbox-queue.ts): in
// development without SMTP the delivery job writes each queued mail here,
// a moment after the request that queued it.
import { getPrisma } from "@/lib/db/client";
import type { Db } from "@/lib/db/db";

export interface OutboxEmailView {
  id: string;
  to: string;
  subject: string;
  text: string;
  createdAt: Date;
}

/** The newest e-mails first (at most `limit`, capped at 200). */
export async function listOutboxEmails(
  { limit }: { limit: number },
  db: Pick<Db, "outboxEmail"> = getPrisma(),
): Promise<OutboxEmailView[]> {
  const take = Math.min(Math.max(1, Math.trunc(limit)), 200);
  const rows = await db.outboxEmail.findMany({ orderBy: [{ createdAt: "desc" }, { id: "desc" }], take });
  return rows.map((row) => ({ id: row.id, to: row.toAddress, subject: row.subject, text: row.textBody, createdAt: row.createdAt }));
}

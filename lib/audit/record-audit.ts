// Server-side only. No "server-only" import: scripts/audit-verify.ts and
// vitest load it outside Next's bundler, where that guard throws. Never import
// it from a client component.
//
// The audit log (controls A5, L2; style principle 7): append-only (a trigger
// refuses UPDATE/DELETE/TRUNCATE) and hash-chained, so an edit, removal or
// insertion by someone who gets past the trigger (a superuser) is detectable:
//   hash = sha256(prevHash + canonicalJson(content fields incl. id, occurredAt ISO))
// The first row's prevHash is 64 zeros.
//
// recordAudit runs INSIDE the caller's transaction: the event is committed
// with the change it records, or neither is. It takes a transaction-scoped
// advisory lock before reading the last row, so concurrent appends queue up
// and the chain never forks; the lock is released at commit/rollback.
import { createHash } from "node:crypto";
import { Prisma, type PrismaClient } from "@/lib/db/generated/client";

export type AuditAction =
  | "auth.sign_in"
  | "auth.sign_in_failed"
  | "auth.lockout"
  | "auth.sign_out"
  | "auth.mfa_enrolled"
  | "auth.mfa_verified"
  | "auth.mfa_failed"
  | "auth.mfa_reset"
  | "auth.recovery_code_used"
  | "auth.recovery_codes_regenerated"
  | "auth.step_up"
  | "auth.password_changed"
  | "auth.password_reset_requested"
  | "auth.password_reset"
  | "auth.email_verified"
  | "auth.sign_up"
  | "session.revoked"
  | "session.revoked_all"
  | "user.invited"
  | "user.invitation_accepted"
  | "user.invitation_revoked"
  | "user.role_changed"
  | "user.deactivated"
  | "user.reactivated"
  | "user.removed"
  | "user.profile_updated"
  | "access.denied"
  // Amazon integration (issue 4)
  | "amazon.connected"
  | "amazon.connect_failed"
  | "amazon.disconnected"
  | "amazon.revoked"
  | "orders.sync_started"
  | "orders.sync_completed"
  | "orders.sync_failed"
  | "orders.pii_revealed"
  | "orders.pii_reveal_refused"
  | "orders.retention_run"
  | "onboarding.step_completed"
  | "onboarding.terms_accepted"
  // Security console (issue 5)
  | "audit.exported"
  | "audit.chain_verified"
  | "security.retention_run"
  | "settings.changed"
  | "alert.acknowledged"
  | "alert.dismissed"
  | "alert.escalated"
  | "alert.webhook_failed"
  | "incident.created"
  | "incident.phase_changed"
  | "incident.role_assigned"
  | "incident.note_added"
  | "incident.amazon_notified"
  | "incident.deadline_warning"
  | "incident.deadline_breached"
  | "incident.seller_linked"
  | "incident.sellers_notified"
  | "incident.action_added"
  | "incident.action_updated"
  | "incident.post_mortem_updated"
  | "incident.closed"
  | "incident.amazon_flag_changed"
  | "seller_notice.acknowledged"
  | "access_review.started"
  | "access_review.decided"
  | "access_review.completed"
  | "access_review.exported"
  | "runbook.updated"
  | "runbook.reviewed"
  | "log_review.completed";

export type AuditDetails = Record<string, string | number | boolean | null>;

export interface AuditEventInput {
  action: AuditAction;
  result: "SUCCESS" | "FAILURE" | "DENIED";
  actorUserId?: string | null;
  actorLabel?: string | null;
  targetType?: string | null;
  targetId?: string | null;
  organizationId?: string | null;
  ipAddress?: string | null;
  userAgent?: string | null;
  requestId?: string | null;
  /** Never secrets, passwords, codes or tokens (keys that look like those are refused). */
  details?: AuditDetails;
}

export const GENESIS_HASH = "0".repeat(64);
/** Arbitrary constant naming "the audit chain" lock (must differ from the migration runner's 72707369). */
export const AUDIT_CHAIN_LOCK_KEY = 72707370;
const MAX_TEXT_LENGTH = 512;
const MAX_DETAILS_KEYS = 50;
/** A details key that names a secret is a bug in the caller: refuse it rather than store it forever. */
const SECRET_DETAIL_KEY = /pass(word|wd|phrase)?|secret|token|otp|totp|recovery|^code$|api.?key|private.?key|cookie|authorization|credential/i;

/** The hashed fields of a row, exactly as stored. */
export interface AuditContent {
  id: bigint;
  occurredAt: Date;
  action: string;
  result: string;
  actorUserId: string | null;
  actorLabel: string | null;
  targetType: string | null;
  targetId: string | null;
  organizationId: string | null;
  ipAddress: string | null;
  userAgent: string | null;
  requestId: string | null;
  details: unknown;
}

/** JSON with object keys sorted at every depth: the same content always gives the same text (jsonb reorders keys). */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** The hash a row must carry, given the previous row's hash. */
export function computeAuditHash(prevHash: string, content: AuditContent): string {
  const canonical = canonicalJson({
    action: content.action,
    actorLabel: content.actorLabel,
    actorUserId: content.actorUserId,
    details: content.details ?? null,
    id: content.id.toString(),
    ipAddress: content.ipAddress,
    occurredAt: content.occurredAt.toISOString(),
    organizationId: content.organizationId,
    requestId: content.requestId,
    result: content.result,
    targetId: content.targetId,
    targetType: content.targetType,
    userAgent: content.userAgent,
  });
  return createHash("sha256").update(prevHash + canonical, "utf8").digest("hex");
}

function limitText(value: string | null | undefined): string | null {
  if (value === undefined || value === null) return null;
  return value.length > MAX_TEXT_LENGTH ? value.slice(0, MAX_TEXT_LENGTH) : value;
}

function checkDetails(details: AuditDetails | undefined): AuditDetails | null {
  if (details === undefined) return null;
  const entries = Object.entries(details);
  if (entries.length > MAX_DETAILS_KEYS) throw new Error(`Audit details may have at most ${MAX_DETAILS_KEYS} keys.`);
  const checked: AuditDetails = {};
  for (const [key, value] of entries) {
    if (SECRET_DETAIL_KEY.test(key)) throw new Error(`Audit details must not contain secrets (key "${key}" refused).`);
    if (typeof value === "number" && !Number.isFinite(value)) throw new Error(`Audit detail "${key}" must be a finite number.`);
    if (!(value === null || ["string", "number", "boolean"].includes(typeof value))) {
      throw new Error(`Audit detail "${key}" must be a string, number, boolean or null.`);
    }
    checked[key] = typeof value === "string" ? limitText(value) : value;
  }
  return checked;
}

/**
 * Appends one event to the audit chain, inside the caller's transaction:
 * `await prisma.$transaction(async (tx) => { ...change...; await recordAudit(tx, {...}); })`.
 */
export async function recordAudit(db: Prisma.TransactionClient, event: AuditEventInput): Promise<void> {
  const details = checkDetails(event.details);
  // Serialize appenders until this transaction ends, THEN read the tail.
  await db.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK_KEY}::bigint)`;
  const last = await db.auditEvent.findFirst({ orderBy: { id: "desc" }, select: { hash: true } });
  const prevHash = last?.hash ?? GENESIS_HASH;
  // The id is part of the hash, so take it from the sequence first. Under the
  // lock, ids grow in append order; a rolled-back append leaves a gap in ids
  // but not in the chain (the next row links to the last COMMITTED row).
  const [{ id }] = await db.$queryRaw<[{ id: bigint }]>`SELECT nextval(pg_get_serial_sequence('audit_events', 'id')) AS id`;
  const content: AuditContent = {
    id: BigInt(id),
    // Millisecond precision, like the timestamptz(3) column, so the hash can be recomputed from the row.
    occurredAt: new Date(),
    action: event.action,
    result: event.result,
    actorUserId: event.actorUserId ?? null,
    actorLabel: limitText(event.actorLabel),
    targetType: limitText(event.targetType),
    targetId: limitText(event.targetId),
    organizationId: event.organizationId ?? null,
    ipAddress: limitText(event.ipAddress),
    userAgent: limitText(event.userAgent),
    requestId: limitText(event.requestId),
    details,
  };
  await db.auditEvent.create({
    data: {
      ...content,
      result: event.result,
      details: details === null ? Prisma.DbNull : details,
      prevHash,
      hash: computeAuditHash(prevHash, content),
    },
  });
}

export type AuditChainProblem = "edited" | "inserted" | "removed";
export type AuditChainResult =
  | { ok: true; rows: number }
  | { ok: false; rows: number; firstBadId: string; problem: AuditChainProblem };

type AuditRow = AuditContent & { prevHash: string; hash: string };
type AuditReader =
  | Pick<PrismaClient, "auditEvent" | "auditChainAnchor">
  | Pick<Prisma.TransactionClient, "auditEvent" | "auditChainAnchor">;

async function* rowsInIdOrder(db: AuditReader, batchSize: number): AsyncGenerator<AuditRow> {
  let afterId: bigint | null = null;
  for (;;) {
    // Keyset pagination: constant cost per batch however long the log is (OFFSET is not).
    const batch: AuditRow[] = await db.auditEvent.findMany({
      where: afterId === null ? {} : { id: { gt: afterId } },
      orderBy: { id: "asc" },
      take: batchSize,
    });
    yield* batch;
    if (batch.length < batchSize) return;
    afterId = (batch.at(-1) as AuditRow).id;
  }
}

/** The newest retention anchor (the one with the highest last deleted id), or null when retention never ran. */
export async function latestAuditChainAnchor(db: AuditReader): Promise<{ lastDeletedId: bigint; lastDeletedHash: string } | null> {
  return db.auditChainAnchor.findFirst({
    orderBy: [{ lastDeletedId: "desc" }, { createdAt: "desc" }],
    select: { lastDeletedId: true, lastDeletedHash: true },
  });
}

/**
 * Walks the whole chain in id order and reports the FIRST problem:
 *  - "edited": a row's content no longer matches its hash (firstBadId = that
 *    row); also a row whose content AND hash were rewritten, recognised when
 *    the next row no longer links to it although no id is missing between them.
 *  - "inserted": a row that is consistent in itself but does not belong
 *    (the rows around it link to each other, skipping it); firstBadId = it.
 *  - "removed": a row whose prevHash is not the previous row's hash and no
 *    insertion or edit explains it: rows before it are missing; firstBadId =
 *    the first row after the gap.
 * Ids are NOT required to be contiguous: a rolled-back transaction consumes a
 * sequence value, so gaps are normal. Only the prevHash links decide.
 *
 * Retention (L5, lib/audit/security-retention.ts) deletes the oldest rows as a
 * prefix of the chain and records an AuditChainAnchor (last deleted id + hash).
 * The chain then starts at the latest anchor instead of the genesis hash: the
 * first remaining row must link to anchor.lastDeletedHash and have an id above
 * anchor.lastDeletedId; anything else is "removed" (rows after the anchor are
 * missing), or "inserted" when the row's successor links to the anchor instead.
 * Known limit: removing the newest rows (truncating the tail) leaves a valid
 * chain; anchoring the latest hash outside the database (L2 export) covers that.
 */
export async function verifyAuditChain(
  db: AuditReader,
  options: { batchSize?: number } = {},
): Promise<AuditChainResult> {
  const batchSize = options.batchSize ?? 1000;
  const anchorRow = await latestAuditChainAnchor(db);
  const startHash = anchorRow?.lastDeletedHash ?? GENESIS_HASH;
  let rows = 0;
  let beforePrevious: AuditRow | null = null;
  let previous: AuditRow | null = null;
  const iterator = rowsInIdOrder(db, batchSize);
  let next = await iterator.next();
  while (!next.done) {
    const row: AuditRow = next.value;
    next = await iterator.next();
    const following = next.done ? null : next.value;
    rows += 1;
    const fail = (problem: AuditChainProblem, badRow: AuditRow): AuditChainResult => ({
      ok: false,
      rows,
      firstBadId: badRow.id.toString(),
      problem,
    });

    if (computeAuditHash(row.prevHash, row) !== row.hash) return fail("edited", row);
    // A row at or below the anchor should have been deleted with the prefix: it came back, or was forged.
    if (anchorRow && row.id <= anchorRow.lastDeletedId) return fail("inserted", row);

    const expectedPrevHash = previous?.hash ?? startHash;
    if (row.prevHash !== expectedPrevHash) {
      // The next row links over this one to the previous row: this one was slipped in.
      if (following && following.prevHash === expectedPrevHash) return fail("inserted", row);
      // This row links over the previous one: the previous one was slipped in (with a fitting prevHash).
      if (previous && row.prevHash === (beforePrevious?.hash ?? startHash)) return fail("inserted", previous);
      // Nothing is missing between them, yet the link broke: the previous row was rewritten with a new hash.
      if (previous && row.id === previous.id + 1n) return fail("edited", previous);
      return fail("removed", row);
    }
    beforePrevious = previous;
    previous = row;
  }
  return { ok: true, rows };
}

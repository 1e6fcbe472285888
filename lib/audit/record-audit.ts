// Server-side only. No "server-only" import: scripts/audit-verify.ts and 
// load it outside Next's bundler, where that guard throws. Never import
// it from a client component.
//
// The audit log (controls A5, L2; style principle 7; ADR 0016): append-only (a
// trigger refuses UPDATE/DELETE/TRUNCATE, and the portal's database role may
// not even try, ADR 0018) and chained with a KEYED MAC, so that a hostile
// database superuser, who can get past both, cannot edit, insert, re-chain or
// forge rows without being detected:
//   hash = HMAC-SHA-256(auditKey(macKeyId), auditMacInput(row incl. id, time, prevHash, macKeyId))
// The audit key is a subkey of its own purpose ("audit-chain") of a master
// key of the KeyProvider; `mac_key_id` names that master key so rows stay
// verifiable after key rotation. The first row's prevHash is 64 zeros.
// Rows written before the keyed chain (mac_key_id NULL) carry the old unkeyed
// sha256 and are accepted only as the chain's prefix (lib/audit/chain-verify.ts).
//
// recordAudit runs INSIDE the caller's transaction: the event is committed
// with the change it records, or neither is. It takes a transaction-scoped
// advisory lock before reading the last row, so concurrent appends queue up
// and the chain never forks; the lock is released at commit/rollback.
import { createHash, createHmac, createSecretKey, type KeyObject } from "node:crypto";
import { currentKeyId, deriveSubkeyForKey } from "@/lib/crypto/field-encryption";
import type { DbTransaction } from "@/lib/db/db";

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
  | "audit.chain_keyed"
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
/** The KeyProvider subkey purpose of the chain's MAC key. */
export const AUDIT_MAC_PURPOSE = "audit-chain";
const MAX_TEXT_LENGTH = 512;
const MAX_DETAILS_KEYS = 50;
/** A details key that names a secret is a bug in the caller: refuse it rather than store it forever. */
const SECRET_DETAIL_KEY = /pass(word|wd|phrase)?|secret|token|otp|totp|recovery|^code$|api.?key|private.?key|cookie|authorization|credential/i;

/**
 * One stored row as TEXT, exactly as PostgreSQL prints it (the verifier reads
 * it that way: lib/audit/chain-verify.ts), in this column order: the chain's
 * own fields first (the fast verifier reads only those), the MAC last.
 * `details` is the jsonb value's text (PostgreSQL's own normalisation of the
 * JSON), times are ISO-8601 UTC with milliseconds, uuids lower-case.
 */
export const AUDIT_ROW_COLUMNS = [
  "id",
  "prevHash",
  "macKeyId",
  "action",
  "occurredAt",
  "result",
  "actorUserId",
  "actorLabel",
  "targetType",
  "targetId",
  "organizationId",
  "ipAddress",
  "userAgent",
  "requestId",
  "details",
  "hash",
] as const;
/** A row as an array of text in AUDIT_ROW_COLUMNS order (null for SQL NULL). */
export type AuditRowArray = (string | null)[];
export const ROW = Object.fromEntries(AUDIT_ROW_COLUMNS.map((name, index) => [name, index])) as { [K in (typeof AUDIT_ROW_COLUMNS)[number]]: number };

/** The SELECT list that yields AuditRowArray (one place, used by every reader and by COPY). */
export const AUDIT_ROW_SELECT_SQL = `"id"::text, "prev_hash"::text, "mac_key_id", "action",
  to_char("occurred_at" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), "result"::text,
  "actor_user_id"::text, "actor_label", "target_type", "target_id", "organization_id"::text, "ip_address", "user_agent", "request_id",
  "details"::text, "hash"::text`;

/** A value as PostgreSQL's COPY TEXT format writes it (backslash escapes; NULL is \N). */
export function copyTextField(value: string | null | undefined): string {
  if (value === null || value === undefined) return "\\N";
  return value.replace(/[\\\b\f\n\r\t\v]/g, (char) => COPY_ESCAPES[char] as string);
}
const COPY_ESCAPES: Record<string, string> = { "\\": "\\\\", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v" };

/**
 * The text the MAC covers: every column but the MAC, in AUDIT_ROW_COLUMNS
 * order, as one line of PostgreSQL's COPY TEXT output (tab-separated, escaped,
 * NULL as \N). Unambiguous (a tab or backslash inside a value is escaped), and
 * it is byte for byte what `COPY (SELECT AUDIT_ROW_SELECT_SQL ...) TO STDOUT`
 * prints before the MAC column, so the fast verifier MACs the bytes it
 * receives without decoding or splitting them.
 */
export function auditMacInput(row: AuditRowArray): string {
  let input = copyTextField(row[0]);
  for (let index = 1; index < ROW.hash; index += 1) input += `\t${copyTextField(row[index])}`;
  return input;
}

/** The keyed MAC (hex) over `input` (auditMacInput's text, or the same bytes from COPY). */
export function auditMacOf(auditKey: KeyObject | Buffer, input: string | Buffer): string {
  return createHmac("sha256", auditKey).update(input).digest("hex");
}

/** The keyed MAC (hex) a row must carry, under the audit key derived from its master key. */
export function computeAuditMac(auditKey: KeyObject | Buffer, row: AuditRowArray): string {
  return auditMacOf(auditKey, auditMacInput(row));
}

const auditKeys = new Map<string, KeyObject | null>();

/** The audit MAC key under master key `keyId` (cached: derivation is per key, not per row), or null if not held. */
export async function auditMacKey(keyId: string): Promise<KeyObject | null> {
  if (!auditKeys.has(keyId)) {
    const material = await deriveSubkeyForKey(keyId, AUDIT_MAC_PURPOSE);
    auditKeys.set(keyId, material ? createSecretKey(material) : null);
  }
  return auditKeys.get(keyId) ?? null;
}

// ---------------------------------------------------------------------------
// The unkeyed format of rows written before the keyed chain (kept to verify them).

/** The fields of a legacy row, as the old hash covered them. */
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

/** The unkeyed hash of a LEGACY row (before mac_key_id): sha256(prevHash + canonical JSON). Anyone can compute it. */
export function computeLegacyAuditHash(prevHash: string, content: AuditContent): string {
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

// ---------------------------------------------------------------------------

/** NUL and lone surrogates cannot be stored in PostgreSQL text or jsonb: an audit event must never fail on them. */
const UNSTORABLE = /\0|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function limitText(value: string | null | undefined): string | null {
  if (value === undefined || value === null) return null;
  // Cut first: a cut can split a surrogate pair, which the replacement then repairs.
  const cut = value.length > MAX_TEXT_LENGTH ? value.slice(0, MAX_TEXT_LENGTH) : value;
  return cut.replace(UNSTORABLE, "\uFFFD");
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

/** PostgreSQL prints uuids in lower case: the MAC must cover what will be read back. */
function uuidText(value: string | null | undefined): string | null {
  return value === undefined || value === null ? null : value.toLowerCase();
}

/**
 * Appends one event to the audit chain, inside the caller's transaction:
 * `await prisma.$transaction(async (tx) => { ...change...; await recordAudit(tx, {...}); })`.
 */
export async function recordAudit(db: DbTransaction, event: AuditEventInput): Promise<void> {
  await appendAuditEvent(db, event, new Date());
}

/**
 * recordAudit with an explicit time (tests and benches that need old rows
 * use it through lib/audit/testing; the app always stamps "now").
 */
export async function appendAuditEvent(db: DbTransaction, event: AuditEventInput, occurredAt: Date): Promise<bigint> {
  const details = checkDetails(event.details);
  const detailsJson = details === null ? null : JSON.stringify(details);
  const keyId = await currentKeyId();
  const auditKey = await auditMacKey(keyId);
  if (!auditKey) throw new Error("The audit MAC key is not available.");
  // Serialize appenders until this transaction ends, THEN read the tail. One
  // round trip: the tail's MAC, the next id (it is part of the MAC), and the
  // details as PostgreSQL will print them back.
  await db.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK_KEY}::bigint)`;
  const [head] = await db.$queryRaw<[{ prev: string | null; id: bigint; details: string | null }]>`
    SELECT (SELECT "hash"::text FROM "audit_events" ORDER BY "id" DESC LIMIT 1) AS "prev",
           nextval(pg_get_serial_sequence('audit_events', 'id')) AS "id",
           ${detailsJson}::jsonb::text AS "details"`;
  // Under the lock, ids grow in append order; a rolled-back append leaves a
  // gap in ids but not in the chain (the next row links to the last COMMITTED row).
  const row: AuditRowArray = [];
  row[ROW.id] = BigInt(head.id).toString();
  // Millisecond precision, like the timestamptz(3) column.
  row[ROW.occurredAt] = occurredAt.toISOString();
  row[ROW.action] = event.action;
  row[ROW.result] = event.result;
  row[ROW.actorUserId] = uuidText(event.actorUserId);
  row[ROW.actorLabel] = limitText(event.actorLabel);
  row[ROW.targetType] = limitText(event.targetType);
  row[ROW.targetId] = limitText(event.targetId);
  row[ROW.organizationId] = uuidText(event.organizationId);
  row[ROW.ipAddress] = limitText(event.ipAddress);
  row[ROW.userAgent] = limitText(event.userAgent);
  row[ROW.requestId] = limitText(event.requestId);
  row[ROW.details] = head.details;
  row[ROW.prevHash] = head.prev ?? GENESIS_HASH;
  row[ROW.macKeyId] = keyId;
  const mac = computeAuditMac(auditKey, row);
  await db.$executeRaw`
    INSERT INTO "audit_events" ("id", "occurred_at", "action", "result", "actor_user_id", "actor_label", "target_type", "target_id",
      "organization_id", "ip_address", "user_agent", "request_id", "details", "prev_hash", "hash", "mac_key_id")
    VALUES (${head.id}::bigint, ${row[ROW.occurredAt]}::timestamptz, ${row[ROW.action]}, ${row[ROW.result]}::"AuditResult",
      ${row[ROW.actorUserId]}::uuid, ${row[ROW.actorLabel]}, ${row[ROW.targetType]}, ${row[ROW.targetId]}, ${row[ROW.organizationId]}::uuid,
      ${row[ROW.ipAddress]}, ${row[ROW.userAgent]}, ${row[ROW.requestId]}, ${detailsJson}::jsonb, ${row[ROW.prevHash]}, ${mac}, ${keyId})`;
  return BigInt(head.id);
}

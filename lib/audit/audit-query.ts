// Server-side only.
//
// The audit log viewer's query (A5, L2): filters from the URL (validated with
// zod, so a link can be shared), newest first, KEYSET pagination on
// (occurred_at DESC, id DESC). Never OFFSET: page 10,000 costs what page 1
// costs, and a page does not shift when new rows arrive (the cursor names a
// row, not a position). Indexes used: (occurred_at, id), (actor_user_id,
// occurred_at), (organization_id, occurred_at), (action, occurred_at),
// (target_type, target_id, occurred_at).
import "server-only";
import { z } from "zod";
import { Prisma } from "@/lib/db/generated/client";
import type { DbTransaction } from "@/lib/db/db";

export const AUDIT_PAGE_SIZE = 50;

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((value) => (value === undefined || value === "" ? undefined : value));

/** YYYY-MM-DD or YYYY-MM-DDTHH:MM(:SS), read as UTC. */
const DATE_INPUTS = [/^\d{4}-\d{2}-\d{2}$/, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/];
const dateInput = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value === undefined || value === "" ? undefined : value))
  .refine((value) => value === undefined || isRealDate(value), {
    message: "Use a date like 2026-11-29 (UTC), optionally with a time.",
  });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The filters as they appear in the URL (all optional; empty fields are "no filter"). */
export const auditFilterSchema = z
  .object({
    actor: optionalText(254),
    action: optionalText(100).refine((value) => value === undefined || /^[a-z0-9_.]+\*?$/.test(value), {
      message: "Actions look like auth.sign_in; end with a dot (auth.) for every action in a group.",
    }),
    targetType: optionalText(100),
    targetId: optionalText(200),
    /** A request id: every event one HTTP request recorded. */
    request: optionalText(100),
    org: optionalText(36).refine((value) => value === undefined || UUID.test(value), { message: "Use an organization id (a UUID)." }),
    result: z
      .enum(["SUCCESS", "FAILURE", "DENIED", ""])
      .optional()
      .transform((value) => (value === "" ? undefined : value)),
    from: dateInput,
    to: dateInput,
  })
  .refine((filters) => !(filters.from && filters.to) || parseFrom(filters.from) <= parseTo(filters.to), {
    message: "The end of the range must not be before its start.",
    path: ["to"],
  });

/** Every filter optional: `{}` is the whole log. */
export type AuditFilters = Partial<z.infer<typeof auditFilterSchema>>;
export const AUDIT_FILTER_KEYS = ["actor", "action", "targetType", "targetId", "request", "org", "result", "from", "to"] as const;

function isRealDate(value: string): boolean {
  if (!DATE_INPUTS.some((pattern) => pattern.test(value))) return false;
  const parsed = parseFrom(value);
  // 2026-02-31 parses (as 3 March): refuse dates that do not round-trip.
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, value.length) === value;
}

function parseFrom(value: string): Date {
  return new Date(`${value.length === 10 ? `${value}T00:00:00` : value}Z`);
}

/** An inclusive end: a bare date means the whole day. */
function parseTo(value: string): Date {
  if (value.length === 10) return new Date(new Date(`${value}T00:00:00Z`).getTime() + 86_400_000 - 1);
  return new Date(`${value}${value.length === 16 ? ":59.999" : ".999"}Z`);
}

type SearchParams = Record<string, string | string[] | undefined>;

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export type ParsedAuditFilters =
  | { ok: true; filters: AuditFilters }
  | { ok: false; fieldErrors: Record<string, string>; filters: AuditFilters };

/** Reads the filters from URL search params; invalid ones are reported and dropped (the rest still apply). */
export function parseAuditFilters(params: SearchParams): ParsedAuditFilters {
  const raw = Object.fromEntries(AUDIT_FILTER_KEYS.map((key) => [key, single(params[key])]));
  const parsed = auditFilterSchema.safeParse(raw);
  if (parsed.success) return { ok: true, filters: parsed.data };
  const fieldErrors: Record<string, string> = {};
  for (const issue of parsed.error.issues) fieldErrors[String(issue.path[0] ?? "form")] ??= issue.message;
  const kept = Object.fromEntries(Object.entries(raw).filter(([key]) => !(key in fieldErrors)));
  const fallback = auditFilterSchema.safeParse(kept);
  return { ok: false, fieldErrors, filters: fallback.success ? fallback.data : auditFilterSchema.parse({}) };
}

/** The filters as URL search params (for links: pagination, "more from this actor", export). */
export function auditFiltersToParams(filters: AuditFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of AUDIT_FILTER_KEYS) {
    const value = filters[key];
    if (value !== undefined && value !== "") params.set(key, value);
  }
  return params;
}

// ---------------------------------------------------------------------------
// Cursors: an opaque token naming the last row of a page, (occurredAt, id).

export class InvalidAuditCursorError extends Error {
  constructor() {
    super("This page link is not valid (the cursor could not be read). Start again from the newest events.");
    this.name = "InvalidAuditCursorError";
  }
}

export interface AuditCursor {
  occurredAt: Date;
  id: bigint;
}

export function encodeAuditCursor(cursor: AuditCursor): string {
  return Buffer.from(`${cursor.occurredAt.toISOString()}|${cursor.id.toString()}`, "utf8").toString("base64url");
}

export function decodeAuditCursor(token: string): AuditCursor {
  if (!/^[A-Za-z0-9_-]{1,100}$/.test(token)) throw new InvalidAuditCursorError();
  const text = Buffer.from(token, "base64url").toString("utf8");
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)\|(\d{1,19})$/.exec(text);
  if (!match) throw new InvalidAuditCursorError();
  const occurredAt = new Date(match[1] as string);
  if (Number.isNaN(occurredAt.getTime())) throw new InvalidAuditCursorError();
  return { occurredAt, id: BigInt(match[2] as string) };
}

// ---------------------------------------------------------------------------

export interface AuditEventRow {
  id: bigint;
  occurredAt: Date;
  action: string;
  result: "SUCCESS" | "FAILURE" | "DENIED";
  actorUserId: string | null;
  actorLabel: string | null;
  targetType: string | null;
  targetId: string | null;
  organizationId: string | null;
  ipAddress: string | null;
  userAgent: string | null;
  requestId: string | null;
  details: unknown;
  prevHash: string;
  hash: string;
}

type AuditQueryDb = Pick<DbTransaction, "$queryRaw" | "user">;

const SELECT_COLUMNS = Prisma.sql`
  "id", "occurred_at" AS "occurredAt", "action", "result"::text AS "result", "actor_user_id"::text AS "actorUserId",
  "actor_label" AS "actorLabel", "target_type" AS "targetType", "target_id" AS "targetId",
  "organization_id"::text AS "organizationId", "ip_address" AS "ipAddress", "user_agent" AS "userAgent",
  "request_id" AS "requestId", "details", "prev_hash" AS "prevHash", "hash"`;

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (char) => `\\${char}`);
}

/**
 * The WHERE conditions for `filters`. The actor filter takes a user id or an
 * e-mail: an e-mail is resolved to the account's id (the indexed column);
 * an address with no account (e.g. failed sign-ins for an unknown e-mail)
 * matches the stored actor label instead.
 */
export async function auditFilterConditions(db: AuditQueryDb, filters: AuditFilters): Promise<Prisma.Sql[]> {
  const conditions: Prisma.Sql[] = [];
  if (filters.actor) {
    if (UUID.test(filters.actor)) {
      conditions.push(Prisma.sql`"actor_user_id" = ${filters.actor}::uuid`);
    } else {
      const user = await db.user.findFirst({
        where: { email: { equals: filters.actor, mode: "insensitive" } },
        select: { id: true },
      });
      conditions.push(user ? Prisma.sql`"actor_user_id" = ${user.id}::uuid` : Prisma.sql`"actor_label" = ${filters.actor}`);
    }
  }
  if (filters.action) {
    const prefix = filters.action.endsWith("*") ? filters.action.slice(0, -1) : filters.action.endsWith(".") ? filters.action : null;
    conditions.push(prefix === null ? Prisma.sql`"action" = ${filters.action}` : Prisma.sql`"action" LIKE ${`${escapeLike(prefix)}%`}`);
  }
  if (filters.targetType) conditions.push(Prisma.sql`"target_type" = ${filters.targetType}`);
  if (filters.targetId) conditions.push(Prisma.sql`"target_id" = ${filters.targetId}`);
  if (filters.request) conditions.push(Prisma.sql`"request_id" = ${filters.request}`);
  if (filters.org) conditions.push(Prisma.sql`"organization_id" = ${filters.org}::uuid`);
  if (filters.result) conditions.push(Prisma.sql`"result" = ${filters.result}::"AuditResult"`);
  if (filters.from) conditions.push(Prisma.sql`"occurred_at" >= ${parseFrom(filters.from)}::timestamptz`);
  if (filters.to) conditions.push(Prisma.sql`"occurred_at" <= ${parseTo(filters.to)}::timestamptz`);
  return conditions;
}

function whereClause(conditions: Prisma.Sql[]): Prisma.Sql {
  return conditions.length === 0 ? Prisma.empty : Prisma.sql`WHERE ${Prisma.join(conditions, " AND ")}`;
}

export interface AuditPage {
  rows: AuditEventRow[];
  /** Cursor for the page of newer rows (null on the newest page). */
  newerCursor: string | null;
  /** Cursor for the page of older rows (null on the oldest page). */
  olderCursor: string | null;
}

export interface AuditPageRequest {
  /** A cursor from a previous page; absent = the newest page. */
  cursor?: string;
  /** "older": rows after the cursor (default); "newer": rows before it. */
  direction?: "older" | "newer";
  pageSize?: number;
}

/** One page of the filtered audit log, newest first. Throws InvalidAuditCursorError for a cursor it cannot read. */
export async function queryAuditEvents(db: AuditQueryDb, filters: AuditFilters, request: AuditPageRequest = {}): Promise<AuditPage> {
  const pageSize = Math.min(Math.max(1, request.pageSize ?? AUDIT_PAGE_SIZE), 1000);
  const cursor = request.cursor ? decodeAuditCursor(request.cursor) : null;
  const direction = cursor ? (request.direction ?? "older") : "older";
  const conditions = await auditFilterConditions(db, filters);
  if (cursor) {
    conditions.push(
      direction === "older"
        ? Prisma.sql`("occurred_at", "id") < (${cursor.occurredAt}::timestamptz, ${cursor.id}::bigint)`
        : Prisma.sql`("occurred_at", "id") > (${cursor.occurredAt}::timestamptz, ${cursor.id}::bigint)`,
    );
  }
  const order = direction === "older" ? Prisma.sql`"occurred_at" DESC, "id" DESC` : Prisma.sql`"occurred_at" ASC, "id" ASC`;
  // One row more than a page tells whether another page exists in this direction.
  const fetched = await db.$queryRaw<AuditEventRow[]>`
    SELECT ${SELECT_COLUMNS} FROM "audit_events" ${whereClause(conditions)} ORDER BY ${order} LIMIT ${pageSize + 1}`;
  const more = fetched.length > pageSize;
  const page = fetched.slice(0, pageSize);
  const rows = direction === "older" ? page : page.reverse();
  const first = rows[0];
  const last = rows.at(-1);
  // Going older: newer rows exist iff we came from a cursor. Going newer: older rows exist (the cursor's own page).
  const hasNewer = direction === "older" ? cursor !== null : more;
  const hasOlder = direction === "older" ? more : true;
  return {
    rows,
    newerCursor: hasNewer && first ? encodeAuditCursor(first) : null,
    olderCursor: hasOlder && last ? encodeAuditCursor(last) : null,
  };
}

/** One event by id (the detail drawer's deep link), or null. */
export async function findAuditEvent(db: AuditQueryDb, id: bigint): Promise<AuditEventRow | null> {
  const rows = await db.$queryRaw<AuditEventRow[]>`SELECT ${SELECT_COLUMNS} FROM "audit_events" WHERE "id" = ${id}::bigint`;
  return rows[0] ?? null;
}

/** The e-mail addresses of the given users (for display; users may be gone: records outlive accounts). */
export async function actorEmails(db: AuditQueryDb, userIds: readonly (string | null)[]): Promise<Map<string, string>> {
  const ids = [...new Set(userIds.filter((id): id is string => id !== null))];
  if (ids.length === 0) return new Map();
  const users = await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, email: true } });
  return new Map(users.map((user) => [user.id, user.email]));
}

/**
 * Legal names of the organizations `ids` name, for the audit viewer (audit:view
 * may see them: the viewer's organization filter lists them). Unknown ids are
 * left out: the viewer then shows the id.
 */
export async function organizationNames(db: Pick<DbTransaction, "organization">, ids: readonly (string | null)[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids.filter((id): id is string => id !== null && UUID.test(id)))];
  if (unique.length === 0) return new Map();
  const organizations = await db.organization.findMany({ where: { id: { in: unique } }, select: { id: true, legalName: true } });
  return new Map(organizations.map((organization) => [organization.id, organization.legalName]));
}

/** What the viewer reads instead of ids: e-mails of actors and of users acted on, legal names of organizations. */
export interface AuditNames {
  emails: ReadonlyMap<string, string>;
  organizations: ReadonlyMap<string, string>;
}

const isTargetOf = (type: string) => (row: Pick<AuditEventRow, "targetType" | "targetId">) =>
  row.targetType === type && row.targetId !== null && UUID.test(row.targetId) ? row.targetId : null;

/** The names for a page of rows (two queries, whatever the page size). */
export async function auditNames(db: Pick<DbTransaction, "$queryRaw" | "user" | "organization">, rows: readonly AuditEventRow[]): Promise<AuditNames> {
  const [emails, organizations] = await Promise.all([
    actorEmails(db, rows.flatMap((row) => [row.actorUserId, isTargetOf("user")(row)])),
    organizationNames(db, rows.flatMap((row) => [row.organizationId, isTargetOf("organization")(row)])),
  ]);
  return { emails, organizations };
}

/**
 * Rows of the filtered set in keyset batches, newest first, at most `limit`,
 * never newer than `upTo` (so an export is a stable snapshot: rows appended
 * while it streams are not in it).
 */
export async function* auditEventsInBatches(
  db: AuditQueryDb,
  filters: AuditFilters,
  options: { limit: number; batchSize?: number; upTo?: AuditCursor | null },
): AsyncGenerator<AuditEventRow[]> {
  const batchSize = options.batchSize ?? 1000;
  const base = await auditFilterConditions(db, filters);
  let after: AuditCursor | null = null;
  let remaining = options.limit;
  while (remaining > 0) {
    const conditions = [...base];
    if (options.upTo) conditions.push(Prisma.sql`("occurred_at", "id") <= (${options.upTo.occurredAt}::timestamptz, ${options.upTo.id}::bigint)`);
    if (after) conditions.push(Prisma.sql`("occurred_at", "id") < (${after.occurredAt}::timestamptz, ${after.id}::bigint)`);
    const take = Math.min(batchSize, remaining);
    const batch = await db.$queryRaw<AuditEventRow[]>`
      SELECT ${SELECT_COLUMNS} FROM "audit_events" ${whereClause(conditions)}
      ORDER BY "occurred_at" DESC, "id" DESC LIMIT ${take}`;
    if (batch.length === 0) return;
    yield batch;
    remaining -= batch.length;
    if (batch.length < take) return;
    const last = batch.at(-1) as AuditEventRow;
    after = { occurredAt: last.occurredAt, id: last.id };
  }
}

/** The newest row of the filtered set and how many rows (at most `cap`) an export of it would hold. */
export async function auditExportSnapshot(
  db: AuditQueryDb,
  filters: AuditFilters,
  cap: number,
): Promise<{ upTo: AuditCursor | null; rowCount: number; truncated: boolean }> {
  const conditions = await auditFilterConditions(db, filters);
  const head = await db.$queryRaw<{ id: bigint; occurredAt: Date }[]>`
    SELECT "id", "occurred_at" AS "occurredAt" FROM "audit_events" ${whereClause(conditions)}
    ORDER BY "occurred_at" DESC, "id" DESC LIMIT 1`;
  const upTo = head[0] ? { occurredAt: head[0].occurredAt, id: head[0].id } : null;
  if (!upTo) return { upTo: null, rowCount: 0, truncated: false };
  const bounded = [...conditions, Prisma.sql`("occurred_at", "id") <= (${upTo.occurredAt}::timestamptz, ${upTo.id}::bigint)`];
  // Count at most cap + 1 rows: the count stays cheap however large the log is.
  const [{ count }] = await db.$queryRaw<[{ count: bigint }]>`
    SELECT count(*)::bigint AS "count" FROM (SELECT 1 FROM "audit_events" ${whereClause(bounded)} LIMIT ${cap + 1}) AS capped`;
  const total = Number(count);
  return { upTo, rowCount: Math.min(total, cap), truncated: total > cap };
}

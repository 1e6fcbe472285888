// Server-side only (no "server-only" import: scripts/audit-verify.ts, the
// bench load it outside Next's bundler).
//
// Verifies the audit chain (A5, L2; issue 9; ADR 0016) against a hostile
// database superuser: walks every row in id order, recomputes each keyed MAC
// (lib/audit/record-audit.ts), checks every link, and compares the result
// with signed checkpoints kept outside the database (lib/audit/checkpoints.ts).
//
// Fast on purpose (200,000+ rows/s on PostgreSQL on a 2-core machine): on
// PostgreSQL the rows arrive as one streamed COPY, and the MAC is computed
// over each line's bytes as received (the MAC input IS that line, see
// auditMacInput), so the per-row work is a few indexOf calls and one HMAC;
// nothing is parsed unless a row needs it (legacy rows, retention events).
import type { KeyObject } from "node:crypto";
import type pg from "pg";
import { to as copyTo } from "pg-copy-streams";
import type { AuditCheckpoint } from "./checkpoints";
import {
  AUDIT_ROW_SELECT_SQL,
  GENESIS_HASH,
  ROW,
  auditMacInput,
  auditMacKey,
  auditMacOf,
  computeLegacyAuditHash,
  type AuditRowArray,
} from "./record-audit";

export type AuditChainProblem =
  /** A row's content no longer matches its MAC (or hash). */
  | "edited"
  /** A row that does not belong: a well-formed row slipped in, or an unkeyed row after keyed ones. */
  | "inserted"
  /** Rows are missing before this one. */
  | "removed"
  /** The newest rows are gone: a signed checkpoint names a row beyond the end of the log. */
  | "truncated"
  /** A checkpoint's row is still there but carries another MAC: the chain was rewritten since. */
  | "checkpoint-mismatch"
  /** The chain has rows but no keyed row at all: anyone could have written it. */
  | "unkeyed"
  /** A row names a key this process does not hold. */
  | "unknown-key"
  /** The retention anchor the chain starts from is not attested by the retention job's own audit event. */
  | "forged-anchor";

export type AuditChainResult =
  | { ok: true; rows: number; keyedRows: number; checkpointsMatched: number }
  | { ok: false; rows: number; firstBadId: string; problem: AuditChainProblem };

export interface AuditChainAnchorView {
  lastDeletedId: string;
  lastDeletedHash: string;
}

/**
 * One row as the verifier sees it: the chain fields, the bytes the MAC covers
 * and, on demand, the whole row (parsed only for legacy rows and retention events).
 */
export interface ChainRow {
  readonly id: string;
  readonly prevHash: string;
  readonly hash: string;
  readonly macKeyId: string | null;
  readonly action: string;
  /** What auditMacInput(row) gives, as bytes (COPY) or text. */
  readonly macInput: Buffer | string;
  fields(): AuditRowArray;
}

/** Where the verifier reads rows from: the whole log in id order, in batches. */
export interface AuditRowSource {
  batches(): AsyncIterable<ChainRow[]>;
  latestAnchor(): Promise<AuditChainAnchorView | null>;
}

const LATEST_ANCHOR_SQL = `SELECT "last_deleted_id"::text, "last_deleted_hash"::text FROM "audit_chain_anchors"
  ORDER BY "last_deleted_id" DESC, "created_at" DESC LIMIT 1`;
/** ORDER BY the table's column: a bare "id" would name the SELECT list's text column and sort "10" before "9". */
const COPY_SQL = `COPY (SELECT ${AUDIT_ROW_SELECT_SQL} FROM "audit_events" ORDER BY "audit_events"."id") TO STDOUT`;
const ROWS_AFTER_SQL = `SELECT ${AUDIT_ROW_SELECT_SQL} FROM "audit_events" WHERE "audit_events"."id" > $1::bigint ORDER BY "audit_events"."id" LIMIT $2`;

class ArrayChainRow implements ChainRow {
  constructor(private readonly row: AuditRowArray) {}
  get id() { return this.row[ROW.id] as string; }
  get prevHash() { return this.row[ROW.prevHash] as string; }
  get hash() { return this.row[ROW.hash] as string; }
  get macKeyId() { return this.row[ROW.macKeyId] ?? null; }
  get action() { return this.row[ROW.action] as string; }
  get macInput() { return auditMacInput(this.row); }
  fields() { return this.row; }
}

const TAB = 9;
const NEWLINE = 10;
const COPY_UNESCAPES: Record<string, string> = { b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v" };

function copyTextValue(field: string): string | null {
  if (field === "\\N") return null;
  return field.includes("\\") ? field.replace(/\\(.)/g, (_, char: string) => COPY_UNESCAPES[char] ?? char) : field;
}

/** One line of COPY TEXT output (chunk[start, end)); only the leading chain fields and the MAC are decoded eagerly. */
class CopyLineRow implements ChainRow {
  readonly id: string;
  readonly prevHash: string;
  readonly macKeyId: string | null;
  readonly action: string;
  readonly hash: string;
  private readonly macEnd: number;
  constructor(
    private readonly chunk: Buffer,
    private readonly start: number,
    private readonly end: number,
  ) {
    // id, prevHash, macKeyId and action hold no escapable characters (digits, hex, key ids, action names).
    const t1 = chunk.indexOf(TAB, start);
    const t2 = chunk.indexOf(TAB, t1 + 1);
    const t3 = chunk.indexOf(TAB, t2 + 1);
    const t4 = chunk.indexOf(TAB, t3 + 1);
    this.macEnd = chunk.lastIndexOf(TAB, end);
    this.id = chunk.toString("latin1", start, t1);
    this.prevHash = chunk.toString("latin1", t1 + 1, t2);
    const keyId = chunk.toString("latin1", t2 + 1, t3);
    this.macKeyId = keyId === "\\N" ? null : keyId;
    this.action = chunk.toString("utf8", t3 + 1, t4);
    this.hash = chunk.toString("latin1", this.macEnd + 1, end);
  }
  get macInput(): Buffer {
    return this.chunk.subarray(this.start, this.macEnd);
  }
  fields(): AuditRowArray {
    return this.chunk.toString("utf8", this.start, this.end).split("\t").map(copyTextValue);
  }
}

/**
 * The fast path (npm run audit:verify, the bench): one COPY of the whole log,
 * streamed, so PostgreSQL formats rows while this process MACs the previous
 * ones, and each row's MAC is computed over the bytes as they arrived. One
 * statement is one snapshot: rows appended meanwhile are not half-seen.
 */
export function pgAuditRowSource(client: pg.ClientBase): AuditRowSource {
  return {
    async *batches() {
      // The MAC covers UTF-8 bytes: make sure that is what the server sends.
      await client.query(`SET client_encoding = 'UTF8'`);
      // Stopping early (at the first problem) destroys the COPY stream: end the client afterwards.
      const stream = client.query(copyTo(COPY_SQL));
      let carry: Buffer | null = null;
      for await (const received of stream as AsyncIterable<Buffer>) {
        const chunk: Buffer = carry ? Buffer.concat([carry, received]) : received;
        carry = null;
        const rows: ChainRow[] = [];
        let start = 0;
        for (;;) {
          const end = chunk.indexOf(NEWLINE, start);
          if (end < 0) break;
          rows.push(new CopyLineRow(chunk, start, end));
          start = end + 1;
        }
        if (start < chunk.length) carry = chunk.subarray(start);
        if (rows.length > 0) yield rows;
      }
      if (carry && carry.length > 0) throw new Error("The audit log's COPY output ended inside a row.");
    },
    async latestAnchor() {
      const result = await client.query<[string, string]>({ text: LATEST_ANCHOR_SQL, rowMode: "array" });
      const row = result.rows[0];
      return row ? { lastDeletedId: row[0], lastDeletedHash: row[1] } : null;
    },
  };
}

interface RawQueryable {
  $queryRawUnsafe<T>(query: string, ...values: unknown[]): Promise<T>;
}

/** Through Prisma's raw queries, in keyset batches: for the console, whose embedded database allows one connection only. */
export function prismaAuditRowSource(db: RawQueryable, batchSize = 5000): AuditRowSource {
  return {
    async *batches() {
      let after = "0";
      for (;;) {
        const rows = await db.$queryRawUnsafe<Record<string, string | null>[]>(ROWS_AFTER_SQL, after, batchSize);
        if (rows.length === 0) return;
        const batch = rows.map((row) => new ArrayChainRow(Object.values(row)));
        yield batch;
        if (rows.length < batchSize) return;
        after = (batch[batch.length - 1] as ChainRow).id;
      }
    },
    async latestAnchor() {
      const [row] = await db.$queryRawUnsafe<{ last_deleted_id: string; last_deleted_hash: string }[]>(LATEST_ANCHOR_SQL);
      return row ? { lastDeletedId: row.last_deleted_id, lastDeletedHash: row.last_deleted_hash } : null;
    },
  };
}

/** The unkeyed hash a legacy row (from before the keyed chain) must carry. */
export function legacyHashOf(row: AuditRowArray): string {
  return computeLegacyAuditHash(row[ROW.prevHash] as string, {
    id: BigInt(row[ROW.id] as string),
    occurredAt: new Date(row[ROW.occurredAt] as string),
    action: row[ROW.action] as string,
    result: row[ROW.result] as string,
    actorUserId: row[ROW.actorUserId] ?? null,
    actorLabel: row[ROW.actorLabel] ?? null,
    targetType: row[ROW.targetType] ?? null,
    targetId: row[ROW.targetId] ?? null,
    organizationId: row[ROW.organizationId] ?? null,
    ipAddress: row[ROW.ipAddress] ?? null,
    userAgent: row[ROW.userAgent] ?? null,
    requestId: row[ROW.requestId] ?? null,
    details: row[ROW.details] === null ? null : (JSON.parse(row[ROW.details] as string) as unknown),
  });
}

/** Does this retention event (appended by lib/audit/security-retention.ts before it deleted the prefix) attest the anchor? */
function attests(row: ChainRow, anchor: AuditChainAnchorView): boolean {
  if (row.action !== "security.retention_run") return false;
  const detailsText = row.fields()[ROW.details];
  if (detailsText === null || detailsText === undefined) return false;
  const details = JSON.parse(detailsText) as Record<string, unknown>;
  if (details.lastDeletedAuditEventId !== anchor.lastDeletedId) return false;
  // Keyed events name the hash too; events from before the keyed chain only the id.
  return row.macKeyId !== null ? details.lastDeletedAuditEventHash === anchor.lastDeletedHash : true;
}

export interface VerifyOptions {
  /** Signed checkpoints (signatures already checked: readCheckpointFile). */
  checkpoints?: readonly AuditCheckpoint[];
  /** The audit MAC key for a master key id (default: the process's KeyProvider). */
  keyFor?: (keyId: string) => Promise<KeyObject | Buffer | null>;
}

/**
 * Walks the whole chain in id order and reports the FIRST problem (see
 * AuditChainProblem). Ids are NOT required to be contiguous: a rolled-back
 * transaction consumes a sequence value, so gaps are normal; the prev links decide.
 *
 * Retention (L5) deletes the oldest rows as a prefix and records an anchor
 * (last deleted id + hash). The chain then starts at the latest anchor, which
 * counts only if the retention job's keyed audit event in the remaining chain
 * names the same id and hash: a superuser cannot invent an anchor to hide a
 * deleted prefix.
 */
export async function verifyAuditChain(source: AuditRowSource, options: VerifyOptions = {}): Promise<AuditChainResult> {
  const keyFor = options.keyFor ?? auditMacKey;
  const keys = new Map<string, KeyObject | Buffer | null>();
  const anchor = await source.latestAnchor();
  const startHash = anchor?.lastDeletedHash ?? GENESIS_HASH;
  const anchorId = anchor ? BigInt(anchor.lastDeletedId) : 0n;
  let anchorAttested = anchor === null;

  // Checkpoints still inside the kept chain: each names a row that must be there with that MAC.
  const expectedHeads = new Map<string, string>();
  for (const checkpoint of options.checkpoints ?? []) {
    if (BigInt(checkpoint.lastId) > anchorId) expectedHeads.set(checkpoint.lastId, checkpoint.headMac);
  }
  let checkpointsMatched = 0;

  let rows = 0;
  let keyedRows = 0;
  let beforePrevious: ChainRow | null = null;
  let previous: ChainRow | null = null;
  const fail = (problem: AuditChainProblem, badRow: ChainRow | string): AuditChainResult => ({
    ok: false,
    rows,
    firstBadId: typeof badRow === "string" ? badRow : badRow.id,
    problem,
  });

  /** Checks `row` given its successor (look-ahead tells an insertion from a removal); a result means: stop. */
  const check = (row: ChainRow, following: ChainRow | null): AuditChainResult | null => {
    rows += 1;
    // A row at or below the anchor should have been deleted with the prefix: it came back, or was forged.
    if (rows === 1 && anchor && BigInt(row.id) <= anchorId) return fail("inserted", row);
    const keyId = row.macKeyId;
    if (keyId === null) {
      // Unkeyed rows exist only from before the keyed chain, as its prefix.
      if (keyedRows > 0) return fail("inserted", row);
      if (legacyHashOf(row.fields()) !== row.hash) return fail("edited", row);
    } else {
      const key = keys.get(keyId);
      if (!key) return fail("unknown-key", row);
      if (auditMacOf(key, row.macInput) !== row.hash) return fail("edited", row);
      keyedRows += 1;
    }
    if (anchor && !anchorAttested && attests(row, anchor)) anchorAttested = true;

    const expectedPrevHash = previous ? previous.hash : startHash;
    if (row.prevHash !== expectedPrevHash) {
      // The next row links over this one to the previous row: this one was slipped in.
      if (following && following.prevHash === expectedPrevHash) return fail("inserted", row);
      // This row links over the previous one: the previous one was slipped in (with a fitting prevHash).
      if (previous && row.prevHash === (beforePrevious ? beforePrevious.hash : startHash)) return fail("inserted", previous);
      // Nothing is missing between them, yet the link broke: the previous row was rewritten with a new hash.
      if (previous && BigInt(row.id) === BigInt(previous.id) + 1n) return fail("edited", previous);
      return fail("removed", row);
    }

    const checkpointMac = expectedHeads.get(row.id);
    if (checkpointMac !== undefined) {
      if (checkpointMac !== row.hash) return fail("checkpoint-mismatch", row);
      expectedHeads.delete(row.id);
      checkpointsMatched += 1;
    }
    beforePrevious = previous;
    previous = row;
    return null;
  };

  let pending: ChainRow | null = null;
  for await (const batch of source.batches()) {
    for (const row of batch) {
      // Keys are looked up once per key id (the only await per row would cost more than the HMAC).
      if (row.macKeyId !== null && !keys.has(row.macKeyId)) keys.set(row.macKeyId, await keyFor(row.macKeyId));
      if (pending) {
        const problem = check(pending, row);
        if (problem) return problem;
      }
      pending = row;
    }
  }
  if (pending) {
    const problem = check(pending, null);
    if (problem) return problem;
  }

  const last = previous as ChainRow | null;
  if (rows > 0 && keyedRows === 0 && last) return fail("unkeyed", last);
  if (!anchorAttested && anchor) return fail("forged-anchor", anchor.lastDeletedId);
  // Checkpoints whose row never came: beyond the end of the log (truncated), or missing inside it.
  const lastId = last ? BigInt(last.id) : anchorId;
  const missing = [...expectedHeads.keys()].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
  if (missing.length > 0) {
    const first = missing[0] as string;
    return fail(BigInt(first) > lastId ? "truncated" : "removed", first);
  }
  return { ok: true, rows, keyedRows, checkpointsMatched };
}

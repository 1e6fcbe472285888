// Server-side only (no "server-only" import: the scheduler, scripts/audit-verify.ts
// load it outside Next's bundler).
//
// Signed checkpoints of the audit chain's head, kept OUTSIDE the database
// (issue 9, finding 3; ADR 0016). A keyed chain stops a database superuser
// from forging or re-chaining rows, but not from deleting the newest ones:
// the rest of the chain stays valid. So at a regular interval (the
// "audit-checkpoint" job), after every "Verify chain" and from the CLI, the
// portal signs {rows, last id, head MAC, time} with a key of its own purpose
// and writes it to every sink: the structured log stream (what the log
// collector keeps for a year, L5) and an append-only file (AUDIT_CHECKPOINT_FILE;
// object storage can be another sink). Verification then requires each
// checkpoint's last row to still be in the database with the same MAC.
import { createHmac, timingSafeEqual } from "node:crypto";
import { appendFile, readFile } from "node:fs/promises";
import { z } from "zod";
import { currentKeyId, deriveSubkeyForKey } from "@/lib/crypto/field-encryption";
import { getEnv } from "@/lib/env";
import { getLogger, verbatimForLog } from "@/lib/log";

export const AUDIT_CHECKPOINT_PURPOSE = "audit-checkpoint";

export const auditCheckpointSchema = z.object({
  v: z.literal(1),
  appEnv: z.string().max(20),
  /** Rows in the chain (after retention's anchor) when the checkpoint was taken. */
  rows: z.number().int().nonnegative(),
  /** The newest row's id (decimal text: bigint). */
  lastId: z.string().regex(/^\d{1,20}$/),
  /** The newest row's MAC. */
  headMac: z.string().regex(/^[0-9a-f]{64}$/),
  at: z.iso.datetime(),
  /** The master key the signing key was derived from. */
  keyId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  sig: z.string().regex(/^[0-9a-f]{64}$/),
});
export type AuditCheckpoint = z.infer<typeof auditCheckpointSchema>;
export type UnsignedCheckpoint = Omit<AuditCheckpoint, "sig" | "keyId" | "v" | "appEnv">;

function signedText(checkpoint: Omit<AuditCheckpoint, "sig">): string {
  return ["firefeed-audit-checkpoint-v1", checkpoint.appEnv, checkpoint.rows, checkpoint.lastId, checkpoint.headMac, checkpoint.at, checkpoint.keyId].join("|");
}

async function checkpointKey(keyId: string): Promise<Buffer | null> {
  return deriveSubkeyForKey(keyId, AUDIT_CHECKPOINT_PURPOSE);
}

export async function signCheckpoint(head: UnsignedCheckpoint, appEnv: string = getEnv().APP_ENV): Promise<AuditCheckpoint> {
  const keyId = await currentKeyId();
  const key = await checkpointKey(keyId);
  if (!key) throw new Error("The audit checkpoint key is not available.");
  const unsigned = { v: 1 as const, appEnv, ...head, keyId };
  return { ...unsigned, sig: createHmac("sha256", key).update(signedText(unsigned)).digest("hex") };
}

/** True when the signature is ours (a key this process holds) and the checkpoint is for this environment. */
export async function checkpointSignatureValid(checkpoint: AuditCheckpoint, appEnv: string = getEnv().APP_ENV): Promise<boolean> {
  if (checkpoint.appEnv !== appEnv) return false;
  const key = await checkpointKey(checkpoint.keyId);
  if (!key) return false;
  const { sig, ...unsigned } = checkpoint;
  const expected = createHmac("sha256", key).update(signedText(unsigned)).digest();
  const given = Buffer.from(sig, "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

interface HeadReader {
  $queryRawUnsafe<T>(query: string, ...values: unknown[]): Promise<T>;
}

/** The chain's head right now (one statement: one snapshot), or null on an empty log. */
export async function readChainHead(db: HeadReader): Promise<UnsignedCheckpoint | null> {
  const [row] = await db.$queryRawUnsafe<{ id: string; hash: string; rows: string }[]>(
    `SELECT "id"::text AS "id", "hash"::text AS "hash", (SELECT count(*) FROM "audit_events")::text AS "rows"
     FROM "audit_events" ORDER BY "audit_events"."id" DESC LIMIT 1`,
  );
  if (!row) return null;
  return { rows: Number(row.rows), lastId: row.id, headMac: row.hash, at: new Date().toISOString() };
}

/** Where checkpoints go. A sink must only ever append. */
export interface CheckpointSink {
  readonly name: string;
  write(checkpoint: AuditCheckpoint): Promise<void>;
}

/** One structured log line per checkpoint (the collector keeps it; lib/log.ts). */
export const logCheckpointSink: CheckpointSink = {
  name: "log",
  write(checkpoint) {
    // Verbatim: the head MAC and the signature must survive the log scrubber to be comparable later.
    getLogger().info({ auditCheckpoint: verbatimForLog(checkpoint) }, "audit checkpoint");
    return Promise.resolve();
  },
};

/** One JSON line per checkpoint, appended (O_APPEND) to a file only the owner can read. */
export function fileCheckpointSink(file: string): CheckpointSink {
  return {
    name: "file",
    async write(checkpoint) {
      // eslint-disable-next-line security/detect-non-literal-fs-filename -- AUDIT_CHECKPOINT_FILE, the operator's setting
      await appendFile(file, `${JSON.stringify(checkpoint)}\n`, { flag: "a", mode: 0o600 });
    },
  };
}

/** The sinks of this process: the log, and the file when AUDIT_CHECKPOINT_FILE is set. */
export function configuredCheckpointSinks(): CheckpointSink[] {
  const file = getEnv().AUDIT_CHECKPOINT_FILE;
  return file ? [logCheckpointSink, fileCheckpointSink(file)] : [logCheckpointSink];
}

/** Takes, signs and writes a checkpoint of the current head to every sink; null on an empty log. */
export async function writeAuditCheckpoint(db: HeadReader, sinks: readonly CheckpointSink[] = configuredCheckpointSinks()): Promise<AuditCheckpoint | null> {
  const head = await readChainHead(db);
  if (!head) return null;
  const checkpoint = await signCheckpoint(head);
  for (const sink of sinks) await sink.write(checkpoint);
  return checkpoint;
}

export interface CheckpointFileContents {
  /** Well-formed checkpoints with a valid signature for this environment. */
  valid: AuditCheckpoint[];
  /** Lines that looked like checkpoints but failed the signature (forged, or another environment's key). */
  badSignatures: number;
  /** Lines that were not checkpoints at all. */
  unreadable: number;
}

/**
 * Reads checkpoints from a file of JSON lines: the file sink's own lines, or
 * log lines exported from the collector (their `auditCheckpoint` field). A
 * missing file reads as empty.
 */
export async function readCheckpointFile(file: string): Promise<CheckpointFileContents> {
  let text: string;
  try {
    // eslint-disable-next-line security/detect-non-literal-fs-filename -- a path the operator configured or named on the command line
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { valid: [], badSignatures: 0, unreadable: 0 };
    throw error;
  }
  const result: CheckpointFileContents = { valid: [], badSignatures: 0, unreadable: 0 };
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      result.unreadable += 1;
      continue;
    }
    const candidate = json && typeof json === "object" && "auditCheckpoint" in json ? (json).auditCheckpoint : json;
    const parsed = auditCheckpointSchema.safeParse(candidate);
    if (!parsed.success) {
      result.unreadable += 1;
      continue;
    }
    if (await checkpointSignatureValid(parsed.data)) result.valid.push(parsed.data);
    else result.badSignatures += 1;
  }
  return result;
}

// The keyed audit chain on a real database (A5, L2; issue 9, finding 3). The
// attack tests run on a SCRATCH database (migrated here) as a hostile
// database superuser would: the portal's own role cannot touch audit rows, so
// every tampering statement first returns to the scratch database's login
// role (its superuser) and switches the append-only trigger off. The
// attacker knows every formula in this repository but not the audit key.
import { execFile } from "node:child_process";
import { createHmac, randomBytes, randomUUID, type KeyObject } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/db/prisma-factory";
import { applyMigrations } from "@/lib/db/migrate";
import { createScratchDatabase, disconnectTestPrisma, getTestPrisma, testDatabaseKind, type ThrowawayDatabase } from "@/test/db";
import { currentKeyId } from "@/lib/crypto/field-encryption";
import { runChainVerification } from "./chain-verification";
import { legacyHashOf, pgAuditRowSource, prismaAuditRowSource, verifyAuditChain, type VerifyOptions } from "./chain-verify";
import { fileCheckpointSink, readCheckpointFile, writeAuditCheckpoint, type AuditCheckpoint } from "./checkpoints";
import {
  AUDIT_ROW_SELECT_SQL,
  GENESIS_HASH,
  ROW,
  auditMacKey,
  computeAuditMac,
  recordAudit,
  type AuditEventInput,
  type AuditRowArray,
} from "./record-audit";
import type { Db } from "@/lib/db/db";

const quiet = { info: () => undefined, warn: () => undefined };

const event = (requestId: string, extra: Partial<AuditEventInput> = {}): AuditEventInput => ({
  action: "auth.sign_in",
  result: "SUCCESS",
  actorLabel: "test",
  ipAddress: "203.0.113.5",
  userAgent: "vitest",
  requestId,
  details: { method: "password", attempt: 1, remembered: false, note: null },
  ...extra,
});

async function rowsAsText(db: Db, where = "TRUE"): Promise<AuditRowArray[]> {
  const rows = await db.$queryRawUnsafe<Record<string, string | null>[]>(`SELECT ${AUDIT_ROW_SELECT_SQL} FROM "audit_events" WHERE ${where} ORDER BY "audit_events"."id"`);
  return rows.map((row) => Object.values(row));
}

/** The embedded scratch server takes one client: a new one is turned away until the last one's socket has closed. */
async function connectWhenFree(connectionString: string): Promise<pg.Client> {
  for (let attempt = 1; ; attempt += 1) {
    const client = new pg.Client({ connectionString });
    try {
      await client.connect();
      await client.query("SELECT 1");
      return client;
    } catch (error) {
      await client.end().catch(() => undefined);
      if (attempt >= 40) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

const verify = (db: Db, { batchSize, ...options }: VerifyOptions & { batchSize?: number } = {}) =>
  verifyAuditChain(prismaAuditRowSource(db, batchSize), options);

describe("recordAudit on the shared test database", () => {
  const prisma = () => getTestPrisma();
  afterAll(() => disconnectTestPrisma());

  it("appends rows keyed with the audit key of the current master key, each linked to the one before", async () => {
    const requestId = randomUUID();
    for (let i = 0; i < 3; i += 1) await prisma().$transaction((tx) => recordAudit(tx, event(requestId, { details: { i, label: `n"${i}\\é` } })));
    const rows = await rowsAsText(prisma(), `"request_id" = '${requestId}'`);
    expect(rows).toHaveLength(3);
    const keyId = await currentKeyId();
    const key = (await auditMacKey(keyId)) as KeyObject;
    for (const row of rows) {
      expect(row[ROW.macKeyId]).toBe(keyId);
      expect(computeAuditMac(key, row)).toBe(row[ROW.hash]);
      // Not the unkeyed formula anyone could compute.
      expect(createHmac("sha256", randomBytes(32)).update("x").digest("hex")).not.toBe(row[ROW.hash]);
    }
    expect(rows[1]?.[ROW.prevHash]).toBe(rows[0]?.[ROW.hash]);
    expect(rows[2]?.[ROW.prevHash]).toBe(rows[1]?.[ROW.hash]);
    expect(await verify(prisma())).toMatchObject({ ok: true });
  });

  it("writes nothing when the surrounding transaction rolls back", async () => {
    const requestId = randomUUID();
    await expect(
      prisma().$transaction(async (tx) => {
        await recordAudit(tx, event(requestId));
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await prisma().auditEvent.count({ where: { requestId } })).toBe(0);
    // The sequence value it used is a gap in ids, not a break in the chain.
    await prisma().$transaction((tx) => recordAudit(tx, event(requestId)));
    expect(await verify(prisma())).toMatchObject({ ok: true });
  });

  it("keeps one unbroken chain under 20 concurrent appends", async () => {
    const requestId = randomUUID();
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => prisma().$transaction((tx) => recordAudit(tx, event(requestId, { details: { i } })))),
    );
    expect(await prisma().auditEvent.count({ where: { requestId } })).toBe(20);
    expect(await verify(prisma(), { batchSize: 7 })).toMatchObject({ ok: true });
    // No fork: every prevHash is used by exactly one row.
    const rows = await prisma().auditEvent.findMany({ select: { prevHash: true } });
    expect(new Set(rows.map((row) => row.prevHash)).size).toBe(rows.length);
  });

  it("refuses details that look like secrets", async () => {
    await expect(
      prisma().$transaction((tx) => recordAudit(tx, event(randomUUID(), { details: { newPassword: "x" } }))),
    ).rejects.toThrow(/must not contain secrets/);
  });
});

describe("a hostile database superuser against the keyed chain (scratch database)", () => {
  let scratch: ThrowawayDatabase | undefined;
  let db: Db;
  let dir: string;

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    await applyMigrations(scratch.url, { logger: quiet });
    db = createPrismaClient(scratch.url, 1);
    dir = mkdtempSync(path.join(tmpdir(), "firefeed-checkpoints-"));
  });

  afterAll(async () => {
    await db?.$disconnect();
    await scratch?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** As the superuser, with the append-only trigger off (`trigger`: USER, or ALL as in the finding). */
  async function tamper(sql: string, ...values: unknown[]): Promise<void> {
    await tamperWith("USER", sql, ...values);
  }
  async function tamperWith(triggers: "USER" | "ALL", sql: string, ...values: unknown[]): Promise<void> {
    await db.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`SET LOCAL ROLE NONE`);
      await tx.$executeRawUnsafe(`ALTER TABLE "audit_events" DISABLE TRIGGER ${triggers}`);
      await tx.$executeRawUnsafe(sql, ...values);
      await tx.$executeRawUnsafe(`ALTER TABLE "audit_events" ENABLE TRIGGER ${triggers}`);
    });
  }

  async function freshChain(length: number): Promise<bigint[]> {
    await tamper(`DELETE FROM "audit_chain_anchors"`);
    await tamper(`DELETE FROM "audit_events"`);
    const requestId = randomUUID();
    for (let i = 0; i < length; i += 1) await db.$transaction((tx) => recordAudit(tx, event(requestId, { details: { i } })));
    const rows = await db.auditEvent.findMany({ orderBy: { id: "asc" }, select: { id: true } });
    return rows.map((row) => row.id);
  }

  /** Writes `row` (all columns, its hash as given) as the superuser would. */
  async function insertRaw(row: AuditRowArray): Promise<void> {
    await tamper(
      `INSERT INTO "audit_events" ("id", "occurred_at", "action", "result", "actor_user_id", "actor_label", "target_type", "target_id",
         "organization_id", "ip_address", "user_agent", "request_id", "details", "prev_hash", "hash", "mac_key_id")
       VALUES ($1::bigint, $2::timestamptz, $3, $4::"AuditResult", $5::uuid, $6, $7, $8, $9::uuid, $10, $11, $12, $13::jsonb, $14, $15, $16)`,
      ...(["id", "occurredAt", "action", "result", "actorUserId", "actorLabel", "targetType", "targetId", "organizationId", "ipAddress",
        "userAgent", "requestId", "details", "prevHash", "hash", "macKeyId"] as const).map((column) => row[ROW[column]] ?? null),
    );
  }

  /** Re-writes every row from `fromIndex` on with hashes recomputed by `sign`: the classic re-chain. */
  async function rechain(fromIndex: number, change: (row: AuditRowArray) => void, sign: (row: AuditRowArray) => string): Promise<void> {
    const rows = await rowsAsText(db);
    let prev = fromIndex === 0 ? GENESIS_HASH : (rows[fromIndex - 1]?.[ROW.hash] as string);
    for (const [index, row] of rows.entries()) {
      if (index < fromIndex) continue;
      if (index === fromIndex) change(row);
      row[ROW.prevHash] = prev;
      const hash = sign(row);
      row[ROW.hash] = hash;
      prev = hash;
      await tamper(`DELETE FROM "audit_events" WHERE "id" = $1::bigint`, row[ROW.id]);
      await insertRaw(row);
    }
  }

  async function checkpointNow(name: string): Promise<{ file: string; checkpoint: AuditCheckpoint }> {
    const file = path.join(dir, `${name}.jsonl`);
    const checkpoint = await writeAuditCheckpoint(db, [fileCheckpointSink(file)]);
    if (!checkpoint) throw new Error("empty chain");
    return { file, checkpoint };
  }

  it("is ok on an empty log and on an intact chain, across batch boundaries", async () => {
    await tamper(`DELETE FROM "audit_events"`);
    expect(await verify(db)).toMatchObject({ ok: true, rows: 0 });
    await freshChain(10);
    expect(await verify(db, { batchSize: 3 })).toEqual({ ok: true, rows: 10, keyedRows: 10, checkpointsMatched: 0 });
  });

  it("edited: a changed column no longer matches its MAC", async () => {
    const ids = await freshChain(5);
    await tamper(`UPDATE "audit_events" SET "ip_address" = '198.51.100.1' WHERE "id" = $1`, ids[3]);
    expect(await verify(db, { batchSize: 2 })).toMatchObject({ ok: false, firstBadId: String(ids[3]), problem: "edited" });
  });

  it("edited under DISABLE TRIGGER ALL, as the finding did it", async () => {
    const ids = await freshChain(4);
    await tamperWith("ALL", `UPDATE "audit_events" SET "action" = 'auth.sign_out' WHERE "id" = $1`, ids[1]);
    expect(await verify(db)).toMatchObject({ ok: false, firstBadId: String(ids[1]), problem: "edited" });
  });

  it("edit + re-chain with the old unkeyed sha256 formula (the attack that used to pass) is detected", async () => {
    const ids = await freshChain(6);
    await rechain(
      2,
      (row) => {
        row[ROW.action] = "user.role_changed";
        row[ROW.macKeyId] = null; // an unkeyed row, as before the keyed chain
      },
      (row) => legacyHashOf(row),
    );
    // Unkeyed rows after keyed ones do not belong.
    expect(await verify(db)).toMatchObject({ ok: false, firstBadId: String(ids[2]), problem: "inserted" });
  });

  it("edit + re-chain with HMAC under a key the attacker made up is detected", async () => {
    const ids = await freshChain(6);
    const guessed = randomBytes(32);
    await rechain(
      2,
      (row) => {
        row[ROW.actorLabel] = "someone-else";
      },
      (row) => computeAuditMac(guessed, row),
    );
    expect(await verify(db)).toMatchObject({ ok: false, firstBadId: String(ids[2]), problem: "edited" });
  });

  it("a forged append at the tail, linked correctly, is detected (wrong key, or a key id the portal does not hold)", async () => {
    const ids = await freshChain(3);
    const [head] = await rowsAsText(db, `"id" = ${ids[2]}`);
    const forged: AuditRowArray = [...(head as AuditRowArray)];
    forged[ROW.id] = String((ids[2] as bigint) + 1n);
    forged[ROW.action] = "user.role_changed";
    forged[ROW.prevHash] = head?.[ROW.hash] ?? null;
    forged[ROW.hash] = computeAuditMac(randomBytes(32), forged);
    await insertRaw(forged);
    expect(await verify(db)).toMatchObject({ ok: false, firstBadId: forged[ROW.id], problem: "edited" });

    await tamper(`DELETE FROM "audit_events" WHERE "id" = $1::bigint`, forged[ROW.id]);
    forged[ROW.macKeyId] = "k1-0000000000000000";
    forged[ROW.hash] = computeAuditMac(randomBytes(32), forged);
    await insertRaw(forged);
    expect(await verify(db)).toMatchObject({ ok: false, firstBadId: forged[ROW.id], problem: "unknown-key" });
  });

  it("deleting rows in the middle is detected", async () => {
    const ids = await freshChain(6);
    await tamper(`DELETE FROM "audit_events" WHERE "id" IN ($1, $2)`, ids[2], ids[3]);
    expect(await verify(db)).toMatchObject({ ok: false, firstBadId: String(ids[4]), problem: "removed" });
  });

  it("truncating the newest rows passes the chain itself but not its signed checkpoint", async () => {
    const ids = await freshChain(6);
    const { file, checkpoint } = await checkpointNow("truncate");
    expect(checkpoint).toMatchObject({ lastId: String(ids[5]), rows: 6 });
    const { valid } = await readCheckpointFile(file);
    expect(valid).toHaveLength(1);
    expect(await verify(db, { checkpoints: valid })).toMatchObject({ ok: true, checkpointsMatched: 1 });

    await tamper(`DELETE FROM "audit_events" WHERE "id" >= $1`, ids[4]);
    // The known limit of any chain: the rest is still consistent...
    expect(await verify(db)).toMatchObject({ ok: true, rows: 4 });
    // ...which is what the checkpoint outside the database is for.
    expect(await verify(db, { checkpoints: valid })).toMatchObject({ ok: false, firstBadId: String(ids[5]), problem: "truncated" });
  });

  it("a chain rolled back and continued (ids reused) no longer matches its checkpoint", async () => {
    const ids = await freshChain(4);
    const { file } = await checkpointNow("rollback");
    await tamper(`DELETE FROM "audit_events" WHERE "id" = $1`, ids[3]);
    await tamper(`SELECT setval(pg_get_serial_sequence('audit_events', 'id'), $1::bigint)`, ids[2]);
    await db.$transaction((tx) => recordAudit(tx, event(randomUUID(), { action: "user.deactivated" })));
    const { valid } = await readCheckpointFile(file);
    expect(await verify(db, { checkpoints: valid })).toMatchObject({ ok: false, firstBadId: String(ids[3]), problem: "checkpoint-mismatch" });
  });

  it("a forged checkpoint line is refused by its signature", async () => {
    await freshChain(2);
    const { file, checkpoint } = await checkpointNow("forged");
    const forged = { ...checkpoint, lastId: "999999", sig: createHmac("sha256", randomBytes(32)).update("x").digest("hex") };
    await fileCheckpointSink(file).write(forged);
    const contents = await readCheckpointFile(file);
    expect(contents.valid).toEqual([checkpoint]);
    expect(contents.badSignatures).toBe(1);
  });

  /** Retention's own steps: the keyed event attesting the anchor (appended first), then the deletion and the anchor. */
  async function retainFrom(ids: bigint[], firstKeptIndex: number, options: { attest: boolean }): Promise<void> {
    const [lastDeleted] = await rowsAsText(db, `"id" = ${ids[firstKeptIndex - 1]}`);
    if (options.attest) {
      await db.$transaction((tx) =>
        recordAudit(tx, {
          action: "security.retention_run",
          result: "SUCCESS",
          actorLabel: "test",
          details: { lastDeletedAuditEventId: lastDeleted?.[ROW.id] ?? null, lastDeletedAuditEventHash: lastDeleted?.[ROW.hash] ?? null },
        }),
      );
    }
    await tamper(`DELETE FROM "audit_events" WHERE "id" <= $1::bigint`, lastDeleted?.[ROW.id]);
    await tamper(
      `INSERT INTO "audit_chain_anchors" ("id", "last_deleted_id", "last_deleted_hash", "rows_deleted", "cutoff") VALUES (gen_random_uuid(), $1::bigint, $2, $3, now())`,
      lastDeleted?.[ROW.id],
      lastDeleted?.[ROW.hash],
      firstKeptIndex,
    );
  }

  it("L5: an anchor attested by the retention job's keyed event lets the chain start there", async () => {
    const ids = await freshChain(6);
    await retainFrom(ids, 3, { attest: true });
    expect(await verify(db, { batchSize: 2 })).toMatchObject({ ok: true, rows: 4 });
    // Without the anchor the same rows are a chain with its start removed.
    await tamper(`DELETE FROM "audit_chain_anchors"`);
    expect(await verify(db)).toMatchObject({ ok: false, rows: 1, firstBadId: String(ids[3]), problem: "removed" });
  });

  it("L5: an anchor nobody attests (a superuser hiding a deleted prefix) is refused", async () => {
    const ids = await freshChain(6);
    await retainFrom(ids, 3, { attest: false });
    expect(await verify(db)).toMatchObject({ ok: false, firstBadId: String(ids[2]), problem: "forged-anchor" });
  });

  it("L5: a row put back at or below the anchor does not belong", async () => {
    const ids = await freshChain(6);
    await retainFrom(ids, 3, { attest: true });
    const [kept] = await rowsAsText(db, `"id" = ${ids[3]}`);
    const resurrected: AuditRowArray = [...(kept as AuditRowArray)];
    resurrected[ROW.id] = String(ids[1]);
    await insertRaw(resurrected);
    expect(await verify(db)).toMatchObject({ ok: false, firstBadId: String(ids[1]), problem: "inserted" });
  });

  /** A database from before the keyed chain: `count` unkeyed rows, chained the old way. */
  async function legacyChain(count: number): Promise<string[]> {
    await tamper(`DELETE FROM "audit_chain_anchors"`);
    await tamper(`DELETE FROM "audit_events"`);
    let prev = GENESIS_HASH;
    const ids: string[] = [];
    for (let i = 0; i < count; i += 1) {
      const [{ id }] = await db.$queryRaw<[{ id: bigint }]>`SELECT nextval(pg_get_serial_sequence('audit_events', 'id')) AS id`;
      const row: AuditRowArray = Array<string | null>(16).fill(null);
      row[ROW.id] = String(id);
      row[ROW.occurredAt] = new Date(Date.now() - 60_000 + i).toISOString();
      row[ROW.action] = "auth.sign_in";
      row[ROW.result] = "SUCCESS";
      row[ROW.actorLabel] = "legacy";
      row[ROW.details] = `{"i": ${i}}`;
      row[ROW.prevHash] = prev;
      const hash = legacyHashOf(row);
      row[ROW.hash] = hash;
      prev = hash;
      await insertRaw(row);
      ids.push(String(id));
    }
    return ids;
  }

  it("legacy: an unkeyed prefix pinned by keyed rows is accepted; unkeyed only is reported; editing the prefix is detected", async () => {
    const legacy = await legacyChain(3);
    expect(await verify(db)).toMatchObject({ ok: false, firstBadId: legacy[2], problem: "unkeyed" });
    await db.$transaction((tx) => recordAudit(tx, event(randomUUID(), { action: "audit.chain_keyed" })));
    expect(await verify(db)).toMatchObject({ ok: true, rows: 4, keyedRows: 1 });

    // Rewriting the legacy prefix with the (public) legacy formula breaks the keyed row's link.
    await rechain(1, (row) => {
      row[ROW.actorLabel] = "rewritten";
    }, (row) => (row[ROW.macKeyId] === null ? legacyHashOf(row) : (row[ROW.hash] as string)));
    expect(await verify(db)).toMatchObject({ ok: false });
  });

  it("the console's Verify chain reports truncation against AUDIT_CHECKPOINT_FILE, audits the run, and checkpoints an intact head", async () => {
    const ids = await freshChain(4);
    const file = path.join(dir, "console.jsonl");
    const intact = await runChainVerification(db, { userId: randomUUID() }, { checkpointFile: file, sinks: [fileCheckpointSink(file)] });
    expect(intact).toMatchObject({ ok: true, checkpointFileConfigured: true });
    const written = (await readCheckpointFile(file)).valid;
    expect(written).toHaveLength(1);

    const headId = written[0]?.lastId as string;
    await tamper(`DELETE FROM "audit_events" WHERE "id" > $1`, ids[2]);
    const broken = await runChainVerification(db, { userId: randomUUID() }, { checkpointFile: file, sinks: [fileCheckpointSink(file)] });
    expect(broken).toMatchObject({ ok: false, problem: "truncated", firstBadId: headId });
    const audited = await db.auditEvent.findFirstOrThrow({ where: { action: "audit.chain_verified" }, orderBy: { id: "desc" } });
    expect(audited).toMatchObject({ result: "FAILURE", targetId: headId });
    // No checkpoint of a broken chain.
    expect((await readCheckpointFile(file)).valid).toHaveLength(1);
  });

  it("the streamed COPY path (CLI) and the row path (console) agree, on text that needs escaping", async () => {
    await freshChain(2);
    const awkward = ["tab\there", "line\nbreak\r\n", "back\\slash \\N", "\u0000nul", "lone \uD800 surrogate", "emoji 🔥 ü", "\b\f\v\u0001"];
    for (const text of awkward) {
      await db.$transaction((tx) => recordAudit(tx, event(randomUUID(), { userAgent: text, targetId: text, details: { text, n: 1.5 } })));
    }
    expect(await verify(db)).toMatchObject({ ok: true, rows: 2 + awkward.length });
    const viaCopy = async () => {
      await db.$disconnect(); // the embedded scratch server serves one client at a time
      const client = await connectWhenFree(scratch?.url as string);
      try {
        return await verifyAuditChain(pgAuditRowSource(client));
      } finally {
        await client.end();
      }
    };
    expect(await viaCopy()).toEqual({ ok: true, rows: 2 + awkward.length, keyedRows: 2 + awkward.length, checkpointsMatched: 0 });
    const [victim] = await rowsAsText(db, `"user_agent" = 'emoji 🔥 ü'`);
    await tamper(`UPDATE "audit_events" SET "user_agent" = 'emoji 🔥 u' WHERE "id" = $1::bigint`, victim?.[ROW.id]);
    expect(await viaCopy()).toMatchObject({ ok: false, firstBadId: victim?.[ROW.id], problem: "edited" });
    expect(await verify(db)).toMatchObject({ ok: false, firstBadId: victim?.[ROW.id], problem: "edited" });
  });

  it("npm run audit:verify exits 0 on an intact chain and 1 naming the problem after the tail is cut", async () => {
    const ids = await freshChain(5);
    const file = path.join(dir, "cli.jsonl");
    await db.$disconnect(); // the embedded scratch server serves one client at a time
    const run = (args: string[] = []) =>
      promisify(execFile)(process.execPath, ["--import", "tsx", "scripts/audit-verify.ts", ...args], {
        env: { ...process.env, DATABASE_URL: scratch?.url, AUDIT_CHECKPOINT_FILE: file, LOG_LEVEL: "silent" },
      }).then(
        (done) => ({ code: 0, output: done.stdout + done.stderr }),
        (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, output: error.stdout + error.stderr }),
      );
    const first = await run();
    expect(first.output).toMatch(/OK: 5 audit row\(s\) checked/);
    expect(first.code).toBe(0);
    expect(readFileSync(file, "utf8").trim().split("\n")).toHaveLength(1);

    await tamper(`DELETE FROM "audit_events" WHERE "id" >= $1`, ids[3]);
    await db.$disconnect();
    const second = await run();
    expect(second.code).toBe(1);
    expect(second.output).toContain(`BROKEN: audit chain problem "truncated" at row id ${ids[4]}`);
  });

  it(`runs on ${testDatabaseKind()}`, () => expect(["embedded", "postgresql"]).toContain(testDatabaseKind()));
});

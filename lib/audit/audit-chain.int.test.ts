// The audit chain on a real database. Tamper tests run on a SCRATCH database
// (migrated here) because they must disable the append-only trigger the way
// an attacker with superuser rights would; the run's shared database is only
// appended to.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "@/lib/db/generated/client";
import { createPrismaClient } from "@/lib/db/prisma-factory";
import { applyMigrations } from "@/lib/db/migrate";
import { createScratchDatabase, disconnectTestPrisma, getTestPrisma, testDatabaseKind, type ThrowawayDatabase } from "@/test/db";
import { GENESIS_HASH, computeAuditHash, recordAudit, verifyAuditChain, type AuditEventInput } from "./record-audit";

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

describe("recordAudit on the shared test database", () => {
  const prisma = () => getTestPrisma();
  afterAll(() => disconnectTestPrisma());

  it("appends linked rows whose hash can be recomputed", async () => {
    const requestId = randomUUID();
    for (let i = 0; i < 3; i += 1) await prisma().$transaction((tx) => recordAudit(tx, event(requestId, { details: { i } })));
    const rows = await prisma().auditEvent.findMany({ where: { requestId }, orderBy: { id: "asc" } });
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(computeAuditHash(row.prevHash, row)).toBe(row.hash);
    expect(rows[1]?.prevHash).toBe(rows[0]?.hash);
    expect(rows[2]?.prevHash).toBe(rows[1]?.hash);
    expect(await verifyAuditChain(prisma())).toMatchObject({ ok: true });
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
    expect(await verifyAuditChain(prisma())).toMatchObject({ ok: true });
  });

  it("keeps one unbroken chain under 20 concurrent appends", async () => {
    const requestId = randomUUID();
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => prisma().$transaction((tx) => recordAudit(tx, event(requestId, { details: { i } })))),
    );
    expect(await prisma().auditEvent.count({ where: { requestId } })).toBe(20);
    const result = await verifyAuditChain(prisma(), { batchSize: 7 });
    expect(result).toMatchObject({ ok: true });
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

describe("verifyAuditChain detects tampering (scratch database)", () => {
  let scratch: ThrowawayDatabase;
  let db: PrismaClient;

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    await applyMigrations(scratch.url, { logger: quiet });
    db = createPrismaClient(scratch.url, 1);
  });

  afterAll(async () => {
    await db?.$disconnect();
    await scratch?.drop();
  });

  /**
   * What a superuser can do: switch the append-only trigger off, tamper, switch it back on.
   * `db` uses the portal's role, which can do none of this: the transaction first returns to
   * the login role (the scratch database's superuser).
   */
  async function tamper(sql: string, ...values: unknown[]): Promise<void> {
    await db.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`SET LOCAL ROLE NONE`);
      await tx.$executeRawUnsafe(`ALTER TABLE "audit_events" DISABLE TRIGGER USER`);
      await tx.$executeRawUnsafe(sql, ...values);
      await tx.$executeRawUnsafe(`ALTER TABLE "audit_events" ENABLE TRIGGER USER`);
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

  /** Burns one sequence value, as a rolled-back transaction does, and returns it. */
  async function burnId(): Promise<bigint> {
    const [{ id }] = await db.$queryRaw<[{ id: bigint }]>`SELECT nextval(pg_get_serial_sequence('audit_events', 'id')) AS id`;
    return BigInt(id);
  }

  it("is ok on an empty log and on an intact chain, across batch boundaries", async () => {
    await tamper(`DELETE FROM "audit_chain_anchors"`);
    await tamper(`DELETE FROM "audit_events"`);
    expect(await verifyAuditChain(db)).toEqual({ ok: true, rows: 0 });
    await freshChain(10);
    expect(await verifyAuditChain(db, { batchSize: 3 })).toEqual({ ok: true, rows: 10 });
  });

  it("edited: a row whose content changed", async () => {
    const ids = await freshChain(6);
    await tamper(`UPDATE "audit_events" SET "ip_address" = '198.51.100.1' WHERE "id" = $1`, ids[3]);
    expect(await verifyAuditChain(db, { batchSize: 2 })).toEqual({ ok: false, rows: 4, firstBadId: String(ids[3]), problem: "edited" });
  });

  it("edited: a row whose content AND hash were rewritten", async () => {
    const ids = await freshChain(6);
    const row = await db.auditEvent.findUniqueOrThrow({ where: { id: ids[2] } });
    const forged = { ...row, actorLabel: "someone else" };
    await tamper(
      `UPDATE "audit_events" SET "actor_label" = $1, "hash" = $2 WHERE "id" = $3`,
      forged.actorLabel,
      computeAuditHash(row.prevHash, forged),
      ids[2],
    );
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, firstBadId: String(ids[2]), problem: "edited" });
  });

  it("removed: a row deleted from the middle, and the first row deleted", async () => {
    let ids = await freshChain(6);
    await tamper(`DELETE FROM "audit_events" WHERE "id" = $1`, ids[2]);
    expect(await verifyAuditChain(db)).toEqual({ ok: false, rows: 3, firstBadId: String(ids[3]), problem: "removed" });

    ids = await freshChain(4);
    await tamper(`DELETE FROM "audit_events" WHERE "id" = $1`, ids[0]);
    expect(await verifyAuditChain(db)).toEqual({ ok: false, rows: 1, firstBadId: String(ids[1]), problem: "removed" });
  });

  it("inserted: a self-consistent forged row in an id gap, with any prevHash", async () => {
    for (const linkToPrevious of [false, true]) {
      const requestId = randomUUID();
      await freshChain(3);
      const gapId = await burnId(); // a rolled-back transaction's id: gaps are normal
      await db.$transaction((tx) => recordAudit(tx, event(requestId)));
      await db.$transaction((tx) => recordAudit(tx, event(requestId)));
      const before = await db.auditEvent.findFirstOrThrow({ where: { id: { lt: gapId } }, orderBy: { id: "desc" } });
      // The gap alone is fine.
      expect(await verifyAuditChain(db)).toEqual({ ok: true, rows: 5 });

      const prevHash = linkToPrevious ? before.hash : "f".repeat(64);
      const content = {
        ...before,
        id: gapId,
        occurredAt: new Date(before.occurredAt.getTime() + 1),
        action: "user.role_changed",
        details: { role: "OPERATOR_ADMIN" },
      };
      await tamper(
        `INSERT INTO "audit_events" ("id", "occurred_at", "actor_user_id", "actor_label", "action", "target_type", "target_id",
           "organization_id", "result", "ip_address", "user_agent", "request_id", "details", "prev_hash", "hash")
         VALUES ($1, $2, $3::uuid, $4, $5, $6, $7, $8::uuid, $9::"AuditResult", $10, $11, $12, $13::jsonb, $14, $15)`,
        content.id,
        content.occurredAt,
        content.actorUserId,
        content.actorLabel,
        content.action,
        content.targetType,
        content.targetId,
        content.organizationId,
        content.result,
        content.ipAddress,
        content.userAgent,
        content.requestId,
        JSON.stringify(content.details),
        prevHash,
        computeAuditHash(prevHash, content),
      );
      expect(await verifyAuditChain(db, { batchSize: 2 }), `linkToPrevious=${linkToPrevious}`).toMatchObject({
        ok: false,
        firstBadId: String(gapId),
        problem: "inserted",
      });
    }
  });

  it("reports the FIRST problem when there are several", async () => {
    const ids = await freshChain(8);
    await tamper(`DELETE FROM "audit_events" WHERE "id" = $1`, ids[6]);
    await tamper(`UPDATE "audit_events" SET "action" = 'auth.sign_out' WHERE "id" = $1`, ids[2]);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, firstBadId: String(ids[2]), problem: "edited" });
  });

  /** What retention does (lib/audit/security-retention.ts): delete a prefix, then anchor the last deleted row. */
  async function retainFrom(ids: bigint[], firstKeptIndex: number): Promise<void> {
    const lastDeleted = await db.auditEvent.findUniqueOrThrow({ where: { id: ids[firstKeptIndex - 1] } });
    await tamper(`DELETE FROM "audit_events" WHERE "id" <= $1`, lastDeleted.id);
    // Anchors are the owner's to write (the portal's role may not INSERT them).
    await tamper(
      `INSERT INTO "audit_chain_anchors" ("id", "last_deleted_id", "last_deleted_hash", "rows_deleted", "cutoff") VALUES (gen_random_uuid(), $1, $2, $3, now())`,
      lastDeleted.id,
      lastDeleted.hash,
      firstKeptIndex,
    );
  }

  it("L5 anchor: a chain whose oldest rows retention deleted is accepted from the anchor on", async () => {
    const ids = await freshChain(6);
    await retainFrom(ids, 3);
    expect(await verifyAuditChain(db, { batchSize: 2 })).toEqual({ ok: true, rows: 3 });
    // Without the anchor the same rows are a chain with its start removed.
    await tamper(`DELETE FROM "audit_chain_anchors"`);
    expect(await verifyAuditChain(db)).toEqual({ ok: false, rows: 1, firstBadId: String(ids[3]), problem: "removed" });
  });

  it("L5 anchor: removing the row right after the anchor is detected", async () => {
    const ids = await freshChain(6);
    await retainFrom(ids, 2);
    await tamper(`DELETE FROM "audit_events" WHERE "id" = $1`, ids[2]);
    expect(await verifyAuditChain(db)).toEqual({ ok: false, rows: 1, firstBadId: String(ids[3]), problem: "removed" });
  });

  it("L5 anchor: the latest anchor counts, and a row at or below it does not belong", async () => {
    const ids = await freshChain(6);
    await retainFrom(ids, 1);
    await retainFrom(ids, 3); // a later run moved the start forward
    expect(await verifyAuditChain(db)).toEqual({ ok: true, rows: 3 });
    // A deleted row put back (by someone past the trigger) sits at or below the anchor.
    const resurrected = { id: ids[1] as bigint };
    await tamper(
      `INSERT INTO "audit_events" ("id", "occurred_at", "action", "result", "prev_hash", "hash")
       SELECT $1, now(), 'auth.sign_in', 'SUCCESS', $2, $3`,
      resurrected.id,
      GENESIS_HASH,
      computeAuditHash(GENESIS_HASH, {
        id: resurrected.id,
        occurredAt: new Date(0),
        action: "x",
        result: "SUCCESS",
        actorUserId: null,
        actorLabel: null,
        targetType: null,
        targetId: null,
        organizationId: null,
        ipAddress: null,
        userAgent: null,
        requestId: null,
        details: null,
      }),
    );
    const result = await verifyAuditChain(db);
    expect(result).toMatchObject({ ok: false, firstBadId: String(ids[1]) });
  });

  it("the genesis row links to 64 zeros", async () => {
    const ids = await freshChain(1);
    const first = await db.auditEvent.findUniqueOrThrow({ where: { id: ids[0] } });
    expect(first.prevHash).toBe(GENESIS_HASH);
  });

  it(`runs on ${testDatabaseKind()}`, () => expect(["embedded", "postgresql"]).toContain(testDatabaseKind()));
});

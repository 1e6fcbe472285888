// L5: security record retention on a SCRATCH database (migrated here): the
// tests need audit rows older than a year at the START of the chain, which the
// run's shared database cannot have. Old rows are written by
// appendChainedAuditRows (correctly chained, with an old occurredAt).
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { applyMigrations } from "@/lib/db/migrate";
import { createPrismaClient } from "@/lib/db/prisma-factory";
import { DAY_MS } from "@/lib/time/clock";
import { createScratchDatabase, type ThrowawayDatabase } from "@/test/db";
import { prismaAuditRowSource, verifyAuditChain } from "./chain-verify";
import { recordAudit } from "./record-audit";
import {
  MIN_SECURITY_RETENTION_DAYS,
  SecurityRetentionRefusedError,
  runSecurityRetention,
  securityRetentionCutoff,
  securityRetentionJobs,
} from "./security-retention";
import { appendChainedAuditRows } from "./chained-audit-rows.test-support";
import type { Db } from "@/lib/db/db";

const quiet = { info: () => undefined, warn: () => undefined };
const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS);

describe("securityRetentionCutoff (L5)", () => {
  it("refuses a window below 365 days", () => {
    expect(() => securityRetentionCutoff(new Date(), 364)).toThrow(SecurityRetentionRefusedError);
    expect(() => securityRetentionCutoff(new Date(), 30)).toThrow(/minimum is 365 days/);
    const now = new Date("2027-06-01T00:00:00Z");
    expect(securityRetentionCutoff(now, MIN_SECURITY_RETENTION_DAYS)).toEqual(new Date(now.getTime() - 365 * DAY_MS));
  });
});

describe("runSecurityRetention (L5, scratch database)", () => {
  let scratch: ThrowawayDatabase;
  let db: Db;

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    await applyMigrations(scratch.url, { logger: quiet });
    db = createPrismaClient(scratch.url, 2);
  });

  afterAll(async () => {
    await db?.$disconnect();
    await scratch?.drop();
  });

  /**
   * Each test starts from an empty log: what only a superuser can do (the trigger is switched
   * off for it). `db` uses the portal's role, so the transaction returns to the login role
   * (the scratch database's superuser) first.
   */
  beforeEach(async () => {
    await db.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`SET LOCAL ROLE NONE`);
      await tx.$executeRawUnsafe(`ALTER TABLE "audit_events" DISABLE TRIGGER USER`);
      await tx.$executeRawUnsafe(`DELETE FROM "audit_events"`);
      await tx.$executeRawUnsafe(`ALTER TABLE "audit_events" ENABLE TRIGGER USER`);
      await tx.$executeRawUnsafe(`DELETE FROM "audit_chain_anchors"`);
    });
    await db.alert.deleteMany();
    await db.logReview.deleteMany();
    await db.securityRetentionRun.deleteMany();
  });

  const recent = (requestId: string) =>
    db.$transaction((tx) => recordAudit(tx, { action: "auth.sign_in", result: "SUCCESS", actorLabel: "test", requestId }));

  it("deletes only the prefix older than the window, anchors it, and the chain stays verifiable", async () => {
    const requestId = randomUUID();
    const oldest = await appendChainedAuditRows(db, [
      { occurredAt: daysAgo(600) },
      { occurredAt: daysAgo(550) },
      { occurredAt: daysAgo(500) },
    ]);
    const middle = await appendChainedAuditRows(db, [{ occurredAt: daysAgo(420) }, { occurredAt: daysAgo(400) }]);
    await appendChainedAuditRows(db, [{ occurredAt: daysAgo(10) }]);
    await recent(requestId);
    expect(await verifyAuditChain(prismaAuditRowSource(db))).toMatchObject({ ok: true, rows: 7 });

    const first = await runSecurityRetention(db, { trigger: "cli", retentionDays: 450 });
    expect(first.auditEventsDeleted).toBe(3);
    expect(first.anchor).toEqual({ lastDeletedId: String(oldest[2]), lastDeletedHash: expect.any(String) });
    const remaining = await db.auditEvent.findMany({ orderBy: { id: "asc" }, select: { id: true } });
    expect(remaining[0]?.id).toBe(middle[0]);
    // 4 kept + the run's own audit event.
    expect(await verifyAuditChain(prismaAuditRowSource(db, 2))).toMatchObject({ ok: true, rows: 5 });

    const run = await db.securityRetentionRun.findUniqueOrThrow({ where: { id: first.runId } });
    expect(run).toMatchObject({ trigger: "cli", auditEventsDeleted: 3, alertsDeleted: 0 });
    expect(run.finishedAt).not.toBeNull();
    const audited = await db.auditEvent.findFirstOrThrow({ where: { action: "security.retention_run", targetId: first.runId } });
    expect(audited.details).toMatchObject({ auditEventsDeleted: 3, retentionDays: 450, trigger: "cli" });

    // A second run at the minimum window takes the next prefix; the newest anchor is the one that counts.
    const second = await runSecurityRetention(db, { trigger: "scheduled", retentionDays: 365 });
    expect(second.auditEventsDeleted).toBe(2);
    expect(second.anchor?.lastDeletedId).toBe(String(middle[1]));
    expect(await db.auditChainAnchor.count()).toBe(2);
    expect(await verifyAuditChain(prismaAuditRowSource(db))).toMatchObject({ ok: true, rows: 4 });
    // Nothing younger than 365 days was touched.
    expect(await db.auditEvent.count({ where: { occurredAt: { lt: daysAgo(365) } } })).toBe(0);
    expect(await db.auditEvent.count({ where: { requestId } })).toBe(1);
  });

  it("stops at the first row newer than the cutoff (a prefix, never a hole in the chain)", async () => {
    const ids = await appendChainedAuditRows(db, [
      { occurredAt: daysAgo(500) },
      { occurredAt: daysAgo(20) }, // e.g. written by an instance with a wrong clock
      { occurredAt: daysAgo(500) },
    ]);
    const result = await runSecurityRetention(db, { trigger: "cli", retentionDays: 365 });
    expect(result.auditEventsDeleted).toBe(1);
    expect(await db.auditEvent.count({ where: { id: { in: [ids[1] as bigint, ids[2] as bigint] } } })).toBe(2);
    expect(await verifyAuditChain(prismaAuditRowSource(db))).toMatchObject({ ok: true, rows: 3 });
  });

  it("never deletes anything younger than 365 days: a forced cutoff is refused by the trigger and rolls back", async () => {
    await appendChainedAuditRows(db, [{ occurredAt: daysAgo(500) }, { occurredAt: daysAgo(100) }, { occurredAt: daysAgo(5) }]);
    // A clock 300 days ahead makes the job's cutoff 65 days ago: it tries to delete the 100-day-old row.
    const future = new Date(Date.now() + 300 * DAY_MS);
    await expect(runSecurityRetention(db, { trigger: "cli", now: future, retentionDays: 365 })).rejects.toThrow(/append-only/);
    expect(await db.auditEvent.count()).toBe(3);
    expect(await db.auditChainAnchor.count()).toBe(0);
    expect(await db.securityRetentionRun.count()).toBe(0);

    // The same with a raw DELETE by the OWNER (the portal's role may not DELETE at all, see the
    // next test), as the retention job declares itself: refused for a young row...
    const young = await db.auditEvent.findFirstOrThrow({ where: { occurredAt: { gt: daysAgo(200) } } });
    await expect(
      db.$transaction(async (tx) => {
        await tx.$executeRawUnsafe(`SET LOCAL ROLE NONE`);
        await tx.$executeRawUnsafe(`SET LOCAL firefeed.audit_retention = 'on'`);
        await tx.$executeRawUnsafe(`DELETE FROM "audit_events" WHERE "id" = $1`, young.id);
      }),
    ).rejects.toThrow(/append-only/);
    // ...and refused for ANY row without the declaration.
    const old = await db.auditEvent.findFirstOrThrow({ orderBy: { id: "asc" } });
    // (Inside a transaction: the embedded server's socket layer drops the connection when this
    // error comes from a bare statement after the session has seen the setting; PostgreSQL does not.)
    await expect(
      db.$transaction(async (tx) => {
        await tx.$executeRawUnsafe(`SET LOCAL ROLE NONE`);
        await tx.$executeRawUnsafe(`DELETE FROM "audit_events" WHERE "id" = $1`, old.id);
      }),
    ).rejects.toThrow(/append-only/);
    // The portal's own role is refused before the trigger is even asked, declaration or not.
    for (const declare of [false, true]) {
      await expect(
        db.$transaction(async (tx) => {
          if (declare) await tx.$executeRawUnsafe(`SET LOCAL firefeed.audit_retention = 'on'`);
          await tx.$executeRawUnsafe(`DELETE FROM "audit_events" WHERE "id" = $1`, old.id);
        }),
      ).rejects.toThrow(/permission denied/);
    }
    expect(await db.auditEvent.count()).toBe(3);
    expect(await verifyAuditChain(prismaAuditRowSource(db))).toMatchObject({ ok: true, rows: 3 });
  });

  it("deletes closed alerts (with their evidence), completed log reviews and old runs past the cutoff; keeps the rest", async () => {
    await appendChainedAuditRows(db, [{ occurredAt: daysAgo(3) }]);
    const alert = (status: "OPEN" | "ACKNOWLEDGED" | "DISMISSED" | "ESCALATED", lastSeenDaysAgo: number) =>
      db.alert.create({
        data: {
          ruleId: "test.rule",
          groupKey: randomUUID(),
          severity: "LOW",
          status,
          title: "t",
          summary: "s",
          firstSeenAt: daysAgo(lastSeenDaysAgo + 1),
          lastSeenAt: daysAgo(lastSeenDaysAgo),
          evidence: { create: [{ auditEventId: 1n }, { auditEventId: 2n }] },
        },
      });
    const oldDismissed = await alert("DISMISSED", 500);
    const oldEscalated = await alert("ESCALATED", 500);
    const oldOpen = await alert("OPEN", 500);
    const youngDismissed = await alert("DISMISSED", 30);
    await db.logReview.create({
      data: { periodStart: daysAgo(520), periodEnd: daysAgo(513), dueAt: daysAgo(510), status: "COMPLETED", completedAt: daysAgo(511) },
    });
    await db.logReview.create({
      data: { periodStart: daysAgo(20), periodEnd: daysAgo(13), dueAt: daysAgo(10), status: "COMPLETED", completedAt: daysAgo(11) },
    });
    await db.logReview.create({ data: { periodStart: daysAgo(600), periodEnd: daysAgo(593), dueAt: daysAgo(590), status: "OPEN" } });
    await db.securityRetentionRun.create({ data: { trigger: "cli", cutoff: daysAgo(900), startedAt: daysAgo(500), finishedAt: daysAgo(500) } });

    const result = await runSecurityRetention(db, { trigger: "admin", actorUserId: randomUUID(), retentionDays: 400 });
    expect(result).toMatchObject({ alertsDeleted: 2, logReviewsDeleted: 1, retentionRunsDeleted: 1, otherRecordsDeleted: 2, auditEventsDeleted: 0 });
    expect(result.anchor).toBeNull();
    const keptAlerts = (await db.alert.findMany({ select: { id: true } })).map((row) => row.id).sort();
    expect(keptAlerts).toEqual([oldOpen.id, youngDismissed.id].sort());
    expect(await db.alertEvidence.count({ where: { alertId: { in: [oldDismissed.id, oldEscalated.id] } } })).toBe(0);
    expect(await db.logReview.count()).toBe(2);
    const run = await db.securityRetentionRun.findUniqueOrThrow({ where: { id: result.runId } });
    expect(run).toMatchObject({ alertsDeleted: 2, otherRecordsDeleted: 2, trigger: "admin" });
    expect(await verifyAuditChain(prismaAuditRowSource(db))).toMatchObject({ ok: true, rows: 2 });
  });

  it("securityRetentionJobs: one daily job that runs the retention", async () => {
    await appendChainedAuditRows(db, [{ occurredAt: daysAgo(800) }, { occurredAt: daysAgo(1) }]);
    const [job, ...others] = securityRetentionJobs(db);
    expect(others).toHaveLength(0);
    expect(job?.intervalMs).toBe(DAY_MS);
    await job?.run({ now: new Date(), instanceId: "test" });
    const run = await db.securityRetentionRun.findFirstOrThrow({ orderBy: { startedAt: "desc" } });
    expect(run).toMatchObject({ trigger: "scheduled", auditEventsDeleted: 1 });
  });
});

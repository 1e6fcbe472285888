// Server-side only (no "server-only" import: scripts/retention-run.ts, the scheduler load it outside Next).
//
// Retention of security records (L5; docs/decisions/0012-audit-retention-and-anchors.md).
// Security and audit records are kept at least 365 days: cutoff = now -
// SECURITY_RECORD_RETENTION_DAYS (lib/env.ts refuses < 365 at start-up; this
// module refuses again at run time). One transaction:
//  1. the portal's database role cannot DELETE audit rows at all; the owner's
//     SECURITY DEFINER function firefeed_delete_audit_prefix() (migration
//     20261202200000_database_roles) declares the transaction the retention job
//     (firefeed.audit_retention = 'on'), the only way the append-only trigger
//     on audit_events lets a DELETE through, and then only for rows older than
//     365 days by the DATABASE's clock. A wrong `now`, a bad setting or a bug
//     cannot delete a younger row: the trigger refuses and the whole run rolls back.
//  2. audit_events older than the cutoff are deleted as a PREFIX of the chain
//     (ids ascending, stopping at the first row at or after the cutoff), so the
//     rest of the chain stays intact, and an AuditChainAnchor (last deleted id
//     and hash) tells the verifier where the chain now starts.
//  3. closed alerts (dismissed, escalated or closed) last seen before the
//     cutoff (their evidence and webhook deliveries cascade), completed log
//     reviews and earlier retention runs older than the cutoff.
//  4. the run is recorded (SecurityRetentionRun with counts) and audited
//     ("security.retention_run"). The audit event is appended BEFORE the
//     prefix is deleted, so the chain is never emptied: its new row links to
//     the last deleted row, exactly as the anchor says.
import { Prisma } from "@/lib/db/generated/client";
import { getEnv } from "@/lib/env";
import type { ScheduledJobDefinition } from "@/lib/jobs/scheduler";
import { DAY_MS, HOUR_MS } from "@/lib/time/clock";
import { AUDIT_CHAIN_LOCK_KEY, recordAudit } from "./record-audit";
import type { Db } from "@/lib/db/db";

/** The floor the controls promise (L5): nothing younger is ever deleted. */
export const MIN_SECURITY_RETENTION_DAYS = 365;

export type SecurityRetentionTrigger = "scheduled" | "cli" | "admin";

export interface SecurityRetentionOptions {
  now?: Date;
  trigger: SecurityRetentionTrigger;
  actorUserId?: string | null;
  /** Tests only: override SECURITY_RECORD_RETENTION_DAYS (still refused below 365). */
  retentionDays?: number;
}

export interface SecurityRetentionResult {
  runId: string;
  cutoff: Date;
  retentionDays: number;
  auditEventsDeleted: number;
  alertsDeleted: number;
  logReviewsDeleted: number;
  retentionRunsDeleted: number;
  otherRecordsDeleted: number;
  anchor: { lastDeletedId: string; lastDeletedHash: string } | null;
}

export class SecurityRetentionRefusedError extends Error {
  constructor(days: number) {
    super(`Security record retention of ${days} day(s) refused: the minimum is ${MIN_SECURITY_RETENTION_DAYS} days (control L5).`);
    this.name = "SecurityRetentionRefusedError";
  }
}

export function securityRetentionCutoff(now: Date, retentionDays: number): Date {
  if (!Number.isInteger(retentionDays) || retentionDays < MIN_SECURITY_RETENTION_DAYS) {
    throw new SecurityRetentionRefusedError(retentionDays);
  }
  return new Date(now.getTime() - retentionDays * DAY_MS);
}

export async function runSecurityRetention(db: Db, options: SecurityRetentionOptions): Promise<SecurityRetentionResult> {
  const now = options.now ?? new Date();
  const retentionDays = options.retentionDays ?? getEnv().SECURITY_RECORD_RETENTION_DAYS;
  const cutoff = securityRetentionCutoff(now, retentionDays);

  return db.$transaction(
    async (tx) => {
      const run = await tx.securityRetentionRun.create({
        data: { trigger: options.trigger, cutoff, startedAt: now, triggeredByUserId: options.actorUserId ?? null },
      });

      // Alerts: only closed ones (dismissed, escalated to an incident, or closed), last seen before the cutoff.
      const alertsDeleted = await tx.$executeRaw`
        DELETE FROM "alerts"
        WHERE "last_seen_at" < ${cutoff}::timestamptz
          AND ("status" IN ('DISMISSED', 'ESCALATED') OR "closed_at" IS NOT NULL)`;
      const logReviewsDeleted = await tx.$executeRaw`
        DELETE FROM "log_reviews" WHERE "status" = 'COMPLETED' AND "completed_at" < ${cutoff}::timestamptz`;
      const retentionRunsDeleted = await tx.$executeRaw`
        DELETE FROM "security_retention_runs" WHERE "started_at" < ${cutoff}::timestamptz AND "id" <> ${run.id}::uuid`;

      // The audit chain: hold the appenders' lock, then find the prefix of rows older than the cutoff.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK_KEY}::bigint)`;
      const [firstKept] = await tx.$queryRaw<{ id: bigint }[]>`
        SELECT "id" FROM "audit_events" WHERE "occurred_at" >= ${cutoff}::timestamptz ORDER BY "id" ASC LIMIT 1`;
      const prefixCondition = firstKept ? Prisma.sql`"id" < ${firstKept.id}::bigint` : Prisma.sql`TRUE`;
      const [lastDeleted] = await tx.$queryRaw<{ id: bigint; hash: string }[]>`
        SELECT "id", "hash" FROM "audit_events" WHERE ${prefixCondition} ORDER BY "id" DESC LIMIT 1`;
      const [{ count: prefixCount }] = await tx.$queryRaw<[{ count: bigint }]>`
        SELECT count(*)::bigint AS "count" FROM "audit_events" WHERE ${prefixCondition}`;
      const auditEventsToDelete = Number(prefixCount);
      const otherRecordsDeleted = logReviewsDeleted + retentionRunsDeleted;

      // Appended first (it links to the current tail), so the chain is never left empty.
      await recordAudit(tx, {
        action: "security.retention_run",
        result: "SUCCESS",
        actorUserId: options.actorUserId ?? null,
        actorLabel: options.actorUserId ? null : options.trigger,
        targetType: "security_retention_run",
        targetId: run.id,
        details: {
          trigger: options.trigger,
          retentionDays,
          cutoff: cutoff.toISOString(),
          auditEventsDeleted: auditEventsToDelete,
          alertsDeleted,
          logReviewsDeleted,
          retentionRunsDeleted,
          lastDeletedAuditEventId: lastDeleted ? lastDeleted.id.toString() : null,
          // With the id, attests the anchor written below (lib/audit/chain-verify.ts accepts no anchor without it).
          lastDeletedAuditEventHash: lastDeleted ? lastDeleted.hash : null,
        },
      });

      let auditEventsDeleted = 0;
      if (lastDeleted) {
        // The portal's role may not DELETE audit rows (README "Database roles"): the owner's
        // SECURITY DEFINER function deletes the prefix, checks the count and the last row's
        // hash, and records the anchor, all in this transaction (the trigger still refuses
        // rows younger than 365 days).
        const [{ deleted }] = await tx.$queryRaw<[{ deleted: number }]>`
          SELECT "firefeed_delete_audit_prefix"(${lastDeleted.id}::bigint, ${lastDeleted.hash}::text, ${auditEventsToDelete}::integer, ${cutoff}::timestamptz) AS "deleted"`;
        auditEventsDeleted = Number(deleted);
      }

      await tx.securityRetentionRun.update({
        where: { id: run.id },
        data: { finishedAt: new Date(), auditEventsDeleted, alertsDeleted, otherRecordsDeleted },
      });
      return {
        runId: run.id,
        cutoff,
        retentionDays,
        auditEventsDeleted,
        alertsDeleted,
        logReviewsDeleted,
        retentionRunsDeleted,
        otherRecordsDeleted,
        anchor: lastDeleted ? { lastDeletedId: lastDeleted.id.toString(), lastDeletedHash: lastDeleted.hash } : null,
      };
    },
    { timeout: 300_000, maxWait: 30_000 },
  );
}

/** Recent runs for the admin console (counts only). */
export async function listSecurityRetentionRuns(db: Pick<Db, "securityRetentionRun">, take = 10) {
  return db.securityRetentionRun.findMany({ orderBy: { startedAt: "desc" }, take });
}

/** The daily job (wired in server/portal-jobs.ts). */
export function securityRetentionJobs(db: Db): ScheduledJobDefinition[] {
  return [
    {
      name: "security-retention",
      intervalMs: 24 * HOUR_MS,
      lockMs: 30 * 60 * 1000,
      run: async ({ now }) => {
        await runSecurityRetention(db, { now, trigger: "scheduled" });
      },
    },
  ];
}

// Server-side only (no "server-only" import: the scheduler and the seed load it outside Next).
//
// The alert evaluator (control L3): reads NEW audit events in id order from a
// cursor (audit_consumer_cursors, name "alerts"), batch by batch, hands each
// event to the rules that read its action, and turns their findings into
// alerts with evidence.
//
// Guarantees:
// - Exactly once per event: one batch = one transaction holding the alerts it
//   produced AND the advanced cursor. A crash mid-batch rolls both back; the
//   next run re-reads the same events and reaches the same result.
// - No gaps: recordAudit assigns ids under the audit chain lock and holds it to
//   commit, so an event with a smaller id is always visible before a larger
//   one; reading "id > cursor" never skips a late commit.
// - No forks: a transaction-level advisory lock (ALERT_EVALUATOR_LOCK_KEY)
//   serializes evaluators (scheduler on several instances, the inbox's
//   catch-up) and the analyst actions that close alerts, so a grouped repeat
//   never lands on an alert being dismissed and two evaluators never both
//   create "the" open alert of a group.
// - Restart-safe windows: thresholds count the audit log itself (events in the
//   window up to the current one), not counters in memory.
// - No loops: rules never read alert.* events (rules.test.ts checks it) and the
//   evaluator itself writes no audit events.
import type { Prisma } from "@/lib/db/generated/client";
import { getSecuritySettings, type SecuritySettings } from "@/lib/security-settings/settings";
import { ALERT_RULES } from "./rules";
import {
  maxSeverity,
  type AccountKind,
  type AlertAuditEvent,
  type AlertFinding,
  type AlertRule,
  type RuleContext,
  type WindowFilter,
} from "./types";
import { buildWebhookPayload } from "./webhook-payload";
import type { Db, DbTransaction } from "@/lib/db/db";

type Tx = DbTransaction;

export const ALERTS_CURSOR_NAME = "alerts";
/** Arbitrary constant naming "the alert evaluator" lock (distinct from the migration runner (72707369), the audit chain (72707370) and the PII reveal limit (72707371)). */
export const ALERT_EVALUATOR_LOCK_KEY = 72707372;
/** At most this many evidence rows per finding (the newest events of the window). */
export const MAX_EVIDENCE_PER_FINDING = 50;
/** A new cursor starts this far back: older history would only raise stale alerts. */
const NEW_CURSOR_LOOKBACK_MS = 24 * 60 * 60_000;

export interface EvaluateAlertsOptions {
  now?: () => Date;
  /** Injected settings (tests); default: read from the database once per run. */
  settings?: SecuritySettings;
  cursorName?: string;
  batchSize?: number;
  /** Stop after this many batches (the inbox's bounded catch-up); the rest waits for the next run. */
  maxBatches?: number;
  /** false: if another evaluator holds the lock, return at once (skipped: "busy") instead of queuing. */
  waitForLock?: boolean;
  /** When set, each NEW alert also queues a webhook delivery whose link points under appUrl. */
  webhook?: { appUrl: string } | null;
  rules?: readonly AlertRule[];
}

export interface EvaluateAlertsResult {
  eventsRead: number;
  alertsCreated: number;
  alertsUpdated: number;
  batches: number;
  /** True when the cursor reached the newest event. */
  caughtUp: boolean;
  skipped?: "busy";
}

const EVENT_COLUMNS = {
  id: true,
  occurredAt: true,
  action: true,
  result: true,
  actorUserId: true,
  actorLabel: true,
  targetType: true,
  targetId: true,
  organizationId: true,
  ipAddress: true,
  details: true,
} as const;

/** The database-backed RuleContext for one batch transaction. */
function databaseContext(tx: Tx, settings: SecuritySettings, kinds: Map<string, AccountKind | null>): RuleContext {
  return {
    settings,
    async countInWindow(event: AlertAuditEvent, filter: WindowFilter, windowMinutes: number) {
      const where: Prisma.AuditEventWhereInput = {
        action: { in: [...filter.actions] },
        id: { lte: event.id },
        occurredAt: { gte: new Date(event.occurredAt.getTime() - windowMinutes * 60_000), lte: event.occurredAt },
        ...(filter.result !== undefined && { result: filter.result }),
        ...(filter.actorUserId !== undefined && { actorUserId: filter.actorUserId }),
        ...(filter.targetType !== undefined && { targetType: filter.targetType }),
        ...(filter.targetId !== undefined && { targetId: filter.targetId }),
        ...(filter.ipAddress !== undefined && { ipAddress: filter.ipAddress }),
      };
      // One after the other: a transaction is one connection anyway.
      const count = await tx.auditEvent.count({ where });
      const newest = await tx.auditEvent.findMany({ where, orderBy: { id: "desc" }, take: MAX_EVIDENCE_PER_FINDING, select: { id: true } });
      return { count, eventIds: newest.map((row) => row.id) };
    },
    async accountKind(userId: string) {
      if (!kinds.has(userId)) {
        const user = await tx.user.findUnique({ where: { id: userId }, select: { kind: true } });
        kinds.set(userId, user?.kind ?? null);
      }
      return kinds.get(userId) ?? null;
    },
    async knownNetworks(userId: string) {
      const rows = await tx.operatorKnownNetwork.findMany({ where: { userId }, select: { network: true }, orderBy: { firstSeenAt: "asc" } });
      return rows.map((row) => row.network);
    },
    async rememberNetwork(userId: string, network: string, seenAt: Date) {
      await tx.operatorKnownNetwork.upsert({
        where: { userId_network: { userId, network } },
        create: { userId, network, firstSeenAt: seenAt, lastSeenAt: seenAt },
        update: { lastSeenAt: seenAt },
      });
    },
  };
}

/** Creates the alert for `finding`, or folds it into the group's open/acknowledged alert. */
async function applyFinding(
  tx: Tx,
  rule: AlertRule,
  finding: AlertFinding,
  event: AlertAuditEvent,
  now: Date,
  webhook: EvaluateAlertsOptions["webhook"],
): Promise<"created" | "updated"> {
  const evidence = [...new Set(finding.evidenceEventIds)].slice(0, MAX_EVIDENCE_PER_FINDING);
  const open = await tx.alert.findFirst({
    where: { ruleId: rule.id, groupKey: finding.groupKey, status: { in: ["OPEN", "ACKNOWLEDGED"] } },
    orderBy: { createdAt: "desc" },
  });
  if (open) {
    await tx.alert.update({
      where: { id: open.id },
      data: {
        occurrences: { increment: 1 },
        lastSeenAt: event.occurredAt > open.lastSeenAt ? event.occurredAt : open.lastSeenAt,
        // A repeat can only raise the severity (an operator account joining a group), never lower it.
        severity: maxSeverity(open.severity, finding.severity),
        summary: finding.summary,
      },
    });
    await tx.alertEvidence.createMany({
      data: evidence.map((auditEventId) => ({ alertId: open.id, auditEventId })),
      skipDuplicates: true,
    });
    return "updated";
  }
  const alert = await tx.alert.create({
    data: {
      ruleId: rule.id,
      groupKey: finding.groupKey,
      severity: finding.severity,
      title: finding.title,
      summary: finding.summary,
      organizationId: finding.organizationId ?? null,
      subjectUserId: finding.subjectUserId ?? null,
      firstSeenAt: event.occurredAt,
      lastSeenAt: event.occurredAt,
      evidence: { createMany: { data: evidence.map((auditEventId) => ({ auditEventId })) } },
    },
  });
  // Only NEW alerts page the on-call tool: grouped repeats of an alert someone
  // is already looking at would page again for the same problem. A recurrence
  // after the alert was closed is a new alert and pages again.
  if (webhook) {
    await tx.webhookDelivery.create({
      data: { alertId: alert.id, payload: buildWebhookPayload(alert, webhook.appUrl), nextAttemptAt: now },
    });
  }
  return "created";
}

async function startingCursor(tx: Tx, now: Date): Promise<bigint> {
  const older = await tx.auditEvent.findFirst({
    where: { occurredAt: { lt: new Date(now.getTime() - NEW_CURSOR_LOOKBACK_MS) } },
    orderBy: [{ occurredAt: "desc" }, { id: "desc" }],
    select: { id: true },
  });
  return older?.id ?? 0n;
}

type BatchOutcome = { busy: true } | { busy: false; read: number; created: number; updated: number };

async function evaluateBatch(
  tx: Tx,
  options: Required<Pick<EvaluateAlertsOptions, "cursorName" | "batchSize" | "waitForLock">> & {
    settings: SecuritySettings;
    now: Date;
    webhook: EvaluateAlertsOptions["webhook"];
    rulesByAction: Map<string, AlertRule[]>;
  },
): Promise<BatchOutcome> {
  if (options.waitForLock) {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${ALERT_EVALUATOR_LOCK_KEY}::bigint)`;
  } else {
    const [row] = await tx.$queryRaw<[{ locked: boolean }]>`SELECT pg_try_advisory_xact_lock(${ALERT_EVALUATOR_LOCK_KEY}::bigint) AS locked`;
    if (!row?.locked) return { busy: true };
  }
  // Read the cursor only under the lock: a queued evaluator sees the one before it committed.
  const cursor = await tx.auditConsumerCursor.findUnique({ where: { name: options.cursorName } });
  const afterId = cursor ? cursor.lastAuditEventId : await startingCursor(tx, options.now);
  const rows = await tx.auditEvent.findMany({
    where: { id: { gt: afterId } },
    orderBy: { id: "asc" },
    take: options.batchSize,
    select: EVENT_COLUMNS,
  });
  const kinds = new Map<string, AccountKind | null>();
  const context = databaseContext(tx, options.settings, kinds);
  let created = 0;
  let updated = 0;
  for (const row of rows) {
    const event: AlertAuditEvent = { ...row, details: row.details };
    for (const rule of options.rulesByAction.get(event.action) ?? []) {
      const finding = await rule.evaluate(event, context);
      if (finding === null) continue;
      const outcome = await applyFinding(tx, rule, finding, event, options.now, options.webhook);
      if (outcome === "created") created += 1;
      else updated += 1;
    }
  }
  const lastId = rows.at(-1)?.id ?? afterId;
  if (!cursor || lastId !== afterId) {
    await tx.auditConsumerCursor.upsert({
      where: { name: options.cursorName },
      create: { name: options.cursorName, lastAuditEventId: lastId },
      update: { lastAuditEventId: lastId },
    });
  }
  return { busy: false, read: rows.length, created, updated };
}

/** Runs the rules over every audit event after the cursor (up to maxBatches batches). */
export async function evaluateAlerts(db: Db, options: EvaluateAlertsOptions = {}): Promise<EvaluateAlertsResult> {
  const now = options.now ?? (() => new Date());
  const batchSize = options.batchSize ?? 100;
  const maxBatches = options.maxBatches ?? 50;
  const settings = options.settings ?? (await getSecuritySettings(db));
  const rulesByAction = new Map<string, AlertRule[]>();
  for (const rule of options.rules ?? ALERT_RULES) {
    for (const action of rule.actions) rulesByAction.set(action, [...(rulesByAction.get(action) ?? []), rule]);
  }
  const result: EvaluateAlertsResult = { eventsRead: 0, alertsCreated: 0, alertsUpdated: 0, batches: 0, caughtUp: false };
  while (result.batches < maxBatches) {
    const outcome = await db.$transaction(
      (tx) =>
        evaluateBatch(tx, {
          cursorName: options.cursorName ?? ALERTS_CURSOR_NAME,
          batchSize,
          waitForLock: options.waitForLock ?? true,
          settings,
          now: now(),
          webhook: options.webhook ?? null,
          rulesByAction,
        }),
      // A batch of 100 events is a few hundred short queries; the embedded database is slower than PostgreSQL.
      { timeout: 60_000, maxWait: 15_000 },
    );
    if (outcome.busy) return { ...result, skipped: "busy" };
    result.batches += 1;
    result.eventsRead += outcome.read;
    result.alertsCreated += outcome.created;
    result.alertsUpdated += outcome.updated;
    if (outcome.read < batchSize) {
      result.caughtUp = true;
      break;
    }
  }
  return result;
}

// Server-side only (no "server-only" import: scripts/retention-run.ts, the scheduler load it outside Next).
//
// Amazon-data retention (controls D1, D5; DPP 2.1):
// - PII: nulled (all PII columns and the blind index; pii_purged_at set) once
//   an order is past its window: deliveredAt + N days, or shippedAt + N days
//   when no delivery date is known, with N = min(organization's
//   pii_retention_days, PII_RETENTION_DAYS) (30 by default, never more).
//   Orders that will never ship (CANCELLED, UNFULFILLABLE): purchaseDate + N.
//   Orders still open with no shipment at all (PENDING, UNSHIPPED, …):
//   purchaseDate + OPEN_ORDER_PII_MAX_DAYS, because PII may be kept only to
//   fulfil the order and no legitimate fulfilment takes that long.
//   The ciphertext is destroyed, not just hidden: nulling IS the shredding here
//   (the key stays, it protects other rows), and backups age out on their own cycle.
// - Non-PII order data: deleted once purchaseDate is older than
//   ORDER_RETENTION_MONTHS (18 by default, never more).
// Every run is recorded (RetentionRun with counts) and audited.
import { recordAudit } from "@/lib/audit/record-audit";
import { getEnv } from "@/lib/env";
import { ORDER_PII_FIELDS } from "./order-encryption";
import type { Db } from "@/lib/db/db";

/** Open, never-shipped orders keep PII at most this long after purchase. */
export const OPEN_ORDER_PII_MAX_DAYS = 90;

export type RetentionTrigger = "scheduled" | "cli" | "admin";

export interface RetentionResult {
  runId: string;
  ordersPiiPurged: number;
  ordersDeleted: number;
}

export interface RetentionOptions {
  now?: Date;
  trigger: RetentionTrigger;
  actorUserId?: string | null;
  /** Overrides for tests; default from lib/env (already capped at 30 days / 18 months). */
  piiRetentionDays?: number;
  orderRetentionMonths?: number;
}

const PII_SET_NULL = [...ORDER_PII_FIELDS.map((f) => `"${f.column}" = NULL`), `"buyer_email_index" = NULL`].join(", ");

export async function runRetention(db: Db, options: RetentionOptions): Promise<RetentionResult> {
  const env = getEnv();
  const now = options.now ?? new Date();
  const piiDays = Math.min(options.piiRetentionDays ?? env.PII_RETENTION_DAYS, env.PII_RETENTION_DAYS);
  const orderMonths = Math.min(options.orderRetentionMonths ?? env.ORDER_RETENTION_MONTHS, env.ORDER_RETENTION_MONTHS);
  const run = await db.retentionRun.create({
    data: { trigger: options.trigger, startedAt: now, triggeredByUserId: options.actorUserId ?? null },
  });

  return db.$transaction(
    async (tx) => {
      // $1 now, $2 the policy cap in days, $3 the open-order cap in days.
      const purged = await tx.$executeRawUnsafe(
        `UPDATE amazon_orders AS o SET ${PII_SET_NULL}, "pii_purged_at" = $1::timestamptz, "updated_at" = $1::timestamptz
         FROM organizations AS org
         WHERE org.id = o.organization_id
           AND o.pii_purged_at IS NULL
           AND (
             (o.delivered_at IS NOT NULL AND o.delivered_at < $1::timestamptz - make_interval(days => LEAST(org.pii_retention_days, $2::int)))
             OR (o.delivered_at IS NULL AND o.shipped_at IS NOT NULL
                 AND o.shipped_at < $1::timestamptz - make_interval(days => LEAST(org.pii_retention_days, $2::int)))
             OR (o.delivered_at IS NULL AND o.shipped_at IS NULL AND o.status IN ('CANCELLED', 'UNFULFILLABLE')
                 AND o.purchase_date < $1::timestamptz - make_interval(days => LEAST(org.pii_retention_days, $2::int)))
             OR (o.delivered_at IS NULL AND o.shipped_at IS NULL
                 AND o.purchase_date < $1::timestamptz - make_interval(days => $3::int))
           )`,
        now,
        piiDays,
        OPEN_ORDER_PII_MAX_DAYS,
      );
      const deleted = await tx.$executeRawUnsafe(
        `DELETE FROM amazon_orders WHERE purchase_date < $1::timestamptz - make_interval(months => $2::int)`,
        now,
        orderMonths,
      );
      await tx.retentionRun.update({
        where: { id: run.id },
        data: { finishedAt: new Date(), ordersPiiPurged: purged, ordersDeleted: deleted },
      });
      await recordAudit(tx, {
        action: "orders.retention_run",
        result: "SUCCESS",
        actorUserId: options.actorUserId ?? null,
        actorLabel: options.actorUserId ? null : options.trigger,
        targetType: "retention_run",
        targetId: run.id,
        details: { trigger: options.trigger, ordersPiiPurged: purged, ordersDeleted: deleted, piiRetentionDays: piiDays, orderRetentionMonths: orderMonths },
      });
      return { runId: run.id, ordersPiiPurged: purged, ordersDeleted: deleted };
    },
    { timeout: 120_000 },
  );
}

/** Recent runs for the admin console (no PII: counts only). */
export async function listRetentionRuns(db: Db, take = 20) {
  return db.retentionRun.findMany({ orderBy: { startedAt: "desc" }, take });
}

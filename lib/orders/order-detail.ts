// Server-side only.
//
// One order's page (issue 11): what was bought, its totals and status, and
// what happened to it in FireFeed (imported and updated by syncs, buyer
// details revealed, buyer details deleted under retention), with buyer data
// masked exactly as in the list. Scoped to the actor's organization: another
// organization's order id answers null, like an id that does not exist.
import "server-only";
import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/db";
import { hasPermission } from "@/lib/rbac/roles";
import { isUuid } from "@/lib/validation/input";
import { MASKED_ORDER_SELECT, toMaskedOrderRow, type OrderListRow } from "./order-queries";

export interface OrderItemView {
  asin: string | null;
  sellerSku: string | null;
  title: string | null;
  quantity: number;
  /** Decimal string, or null while Amazon has not priced the item (pending orders). */
  unitPrice: string | null;
  currencyCode: string | null;
}

export type OrderTimelineEvent =
  | { kind: "purchased"; at: Date }
  | { kind: "shipped"; at: Date }
  | { kind: "imported"; at: Date; trigger: "MANUAL" | "SCHEDULED" | null }
  | { kind: "updated"; at: Date }
  | { kind: "revealed"; at: Date; by: string; reason: string | null }
  | { kind: "reveal-refused"; at: Date; by: string }
  | { kind: "pii-deleted"; at: Date };

export interface OrderDetail extends OrderListRow {
  fulfillmentChannel: string | null;
  shippedAt: Date | null;
  /** Null when the connection uses Orders API v0 (no items in its order list). */
  items: OrderItemView[] | null;
  piiPurgedAt: Date | null;
  /** Newest first. */
  timeline: OrderTimelineEvent[];
}

// The stored JSON is what lib/orders/order-encryption.ts wrote; a row edited
// by hand that does not parse is shown as "no item details", never a crash.
const storedItems = z.array(
  z.object({
    asin: z.string().optional(),
    sellerSku: z.string().optional(),
    title: z.string().optional(),
    quantity: z.number().int().nonnegative(),
    unitPrice: z.object({ amount: z.string(), currencyCode: z.string() }).optional(),
  }),
);

function itemsFrom(value: unknown): OrderItemView[] | null {
  if (value === null || value === undefined) return null;
  const parsed = storedItems.safeParse(value);
  if (!parsed.success) return null;
  return parsed.data.map((item) => ({
    asin: item.asin ?? null,
    sellerSku: item.sellerSku ?? null,
    title: item.title ?? null,
    quantity: item.quantity,
    unitPrice: item.unitPrice?.amount ?? null,
    currencyCode: item.unitPrice?.currencyCode ?? null,
  }));
}

const REVEAL_ACTIONS = ["orders.pii_revealed", "orders.pii_reveal_refused"];
const TIMELINE_REVEALS_SHOWN = 50;

/** The order of the actor's organization with this id, or null (unknown, malformed, or another organization's). */
export async function getOrderDetail(db: Db, actor: Actor, orderId: string): Promise<OrderDetail | null> {
  if (!actor.organizationId || !hasPermission(actor.role, "orders:view") || !isUuid(orderId)) return null;
  const organizationId = actor.organizationId;
  const record = await db.amazonOrder.findFirst({
    where: { id: orderId, organizationId },
    select: { ...MASKED_ORDER_SELECT, fulfillmentChannel: true, shippedAt: true, items: true, connectionId: true, createdAt: true, updatedAt: true },
  });
  if (!record) return null;

  const [importRun, reveals] = await Promise.all([
    // The sync run that was running when the row was created (its window holds the insert).
    record.connectionId
      ? db.syncRun.findFirst({
          where: { organizationId, connectionId: record.connectionId, startedAt: { lte: record.createdAt } },
          orderBy: { startedAt: "desc" },
          select: { trigger: true },
        })
      : null,
    db.auditEvent.findMany({
      where: { organizationId, targetType: "amazon_order", targetId: record.id, action: { in: REVEAL_ACTIONS } },
      orderBy: { id: "desc" },
      take: TIMELINE_REVEALS_SHOWN,
      select: { action: true, result: true, occurredAt: true, actorUserId: true, details: true },
    }),
  ]);
  // Names of the organization's own users only: an id that is not one of them stays "Someone".
  const actorIds = [...new Set(reveals.map((event) => event.actorUserId).filter((id): id is string => id !== null))];
  const users = actorIds.length
    ? await db.user.findMany({ where: { id: { in: actorIds }, organizationId }, select: { id: true, displayName: true } })
    : [];
  const nameOf = (id: string | null) => users.find((user) => user.id === id)?.displayName ?? "Someone";

  const timeline: OrderTimelineEvent[] = [{ kind: "purchased", at: record.purchaseDate }];
  if (record.shippedAt) timeline.push({ kind: "shipped", at: record.shippedAt });
  timeline.push({ kind: "imported", at: record.createdAt, trigger: importRun?.trigger ?? null });
  // updated_at moves on every sync that changed the row; equal to created_at (ms) when never changed.
  if (record.updatedAt.getTime() - record.createdAt.getTime() > 1_000) timeline.push({ kind: "updated", at: record.updatedAt });
  for (const event of reveals) {
    if (event.action === "orders.pii_revealed" && event.result === "SUCCESS") {
      const details = event.details as { reason?: unknown } | null;
      timeline.push({ kind: "revealed", at: event.occurredAt, by: nameOf(event.actorUserId), reason: typeof details?.reason === "string" ? details.reason : null });
    } else {
      timeline.push({ kind: "reveal-refused", at: event.occurredAt, by: nameOf(event.actorUserId) });
    }
  }
  if (record.piiPurgedAt) timeline.push({ kind: "pii-deleted", at: record.piiPurgedAt });
  timeline.sort((a, b) => b.at.getTime() - a.at.getTime());

  return {
    ...(await toMaskedOrderRow(record)),
    fulfillmentChannel: record.fulfillmentChannel,
    shippedAt: record.shippedAt,
    items: itemsFrom(record.items),
    piiPurgedAt: record.piiPurgedAt,
    timeline,
  };
}

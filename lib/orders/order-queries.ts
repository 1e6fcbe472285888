// Server-side only.
//
// Reading orders (R2, A2, A3, L2). Every query is scoped to the actor's
// organization (style principle 3): the organization never comes from the
// client. Lists show PII masked only; the full PII of ONE order comes out only
// through revealOrderPii, which re-checks permission and step-up, demands a
// reason, is rate limited per user and is audited either way.
import "server-only";
import { z } from "zod";
import { isUuid, uuidField } from "@/lib/validation/input";
import type { Actor } from "@/lib/auth/actor";
import { hasRecentStepUp } from "@/lib/auth/mfa/step-up";
import { recordAudit } from "@/lib/audit/record-audit";
import { DecryptionError } from "@/lib/crypto/field-encryption";
import type { Prisma } from "@/lib/db/generated/client";
import { getEnv } from "@/lib/env";
import { getLogger } from "@/lib/log";
import { hasPermission } from "@/lib/rbac/roles";
import { maskName, maskShipTo } from "./masking";
import { buyerEmailIndexFor, decryptOrderPii, type StoredOrderPii } from "./order-encryption";
import type { Db } from "@/lib/db/db";
import type { RequestContext } from "@/lib/http/request-context";

export interface ListOrdersInput {
  /** Opaque keyset cursor from a previous page's nextCursor / prevCursor. */
  cursor?: string;
  /** "next" (default) reads older orders after the cursor; "prev" reads the newer page before it. */
  direction?: "next" | "prev";
  /** 1-100. */
  limit: number;
  status?: string;
  marketplaceId?: string;
  /** An Amazon order id (exact) or a buyer e-mail (exact, via the blind index). */
  search?: string;
  /** Purchase date range, inclusive. */
  from?: Date;
  to?: Date;
}

export interface OrderListRow {
  id: string;
  amazonOrderId: string;
  marketplaceId: string | null;
  status: string;
  purchaseDate: Date;
  lastUpdateDate: Date;
  /** Decimal as a string ("11.01"), or null. */
  orderTotal: string | null;
  currencyCode: string | null;
  itemCount: number | null;
  /** "J*** D***"; "" when unknown or purged; UNREADABLE_MASK when the stored value does not decrypt. */
  buyerNameMasked: string;
  /** "S***, WA, US"; "" when unknown or purged; UNREADABLE_MASK when the stored value does not decrypt. */
  shipToMasked: string;
  piiPurged: boolean;
}

export interface ListOrdersResult {
  rows: OrderListRow[];
  /** Cursor for the next (older) page, or null at the end. */
  nextCursor: string | null;
  /** Cursor for the previous (newer) page, or null on the first page. */
  prevCursor: string | null;
}

export interface RevealedOrderPii {
  buyerName: string | null;
  buyerEmail: string | null;
  buyerPhone: string | null;
  shipping: {
    name: string | null;
    addressLine1: string | null;
    addressLine2: string | null;
    addressLine3: string | null;
    city: string | null;
    districtOrCounty: string | null;
    stateOrRegion: string | null;
    municipality: string | null;
    postalCode: string | null;
    countryCode: string | null;
    phone: string | null;
  };
}

export type RevealOrderPiiResult =
  | { ok: true; pii: RevealedOrderPii }
  | { ok: false; error: string; refused?: "rate-limit" | "step-up" | "permission" | "purged" | "not-found" | "invalid-reason" | "undecryptable" };

/** Thrown when a caller without orders:view or without an organization lists orders (a bug in the caller). */
export class OrdersAccessError extends Error {
  override readonly name = "OrdersAccessError";
}

/** Shown in a list instead of a masked value that failed to decrypt: visible, never an empty field. */
export const UNREADABLE_MASK = "[cannot decrypt]";
export const REVEAL_REASON_MIN = 10;
export const REVEAL_REASON_MAX = 500;
const MAX_LIMIT = 100;
/** Names the per-user reveal lock (distinct from the audit chain's and the migration runner's keys). */
const REVEAL_LOCK_KEY = 72707371;

const cursorSchema = z.object({ d: z.iso.datetime(), i: uuidField() });

function encodeCursor(row: { purchaseDate: Date; id: string }): string {
  return Buffer.from(JSON.stringify({ d: row.purchaseDate.toISOString(), i: row.id }), "utf8").toString("base64url");
}

function decodeCursor(cursor: string): { purchaseDate: Date; id: string } | null {
  try {
    const parsed = cursorSchema.safeParse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
    return parsed.success ? { purchaseDate: new Date(parsed.data.d), id: parsed.data.i } : null;
  } catch {
    return null;
  }
}

function requireOrgWith(actor: Actor, permission: "orders:view"): string {
  if (!actor.organizationId || !hasPermission(actor.role, permission)) throw new OrdersAccessError("not allowed to list orders");
  return actor.organizationId;
}

const LIST_SELECT = {
  id: true,
  amazonOrderId: true,
  marketplaceId: true,
  status: true,
  purchaseDate: true,
  lastUpdateDate: true,
  orderTotalAmount: true,
  currencyCode: true,
  itemCount: true,
  piiPurgedAt: true,
  buyerName: true,
  shipCity: true,
  shipStateOrRegion: true,
  shipCountryCode: true,
} satisfies Prisma.AmazonOrderSelect;

type ListRecord = Prisma.AmazonOrderGetPayload<{ select: typeof LIST_SELECT }>;

async function toListRow(record: ListRecord): Promise<OrderListRow> {
  let buyerNameMasked = "";
  let shipToMasked = "";
  if (!record.piiPurgedAt) {
    const stored = {
      id: record.id,
      buyerName: record.buyerName,
      shipCity: record.shipCity,
      shipStateOrRegion: record.shipStateOrRegion,
      shipCountryCode: record.shipCountryCode,
    } as StoredOrderPii;
    try {
      const plain = await decryptOrderPii(stored, ["buyerName", "shipCity", "shipStateOrRegion", "shipCountryCode"]);
      buyerNameMasked = maskName(plain.buyerName);
      shipToMasked = maskShipTo({ city: plain.shipCity, stateOrRegion: plain.shipStateOrRegion, countryCode: plain.shipCountryCode });
    } catch (error) {
      if (!(error instanceof DecryptionError)) throw error;
      getLogger().error({ orderId: record.id }, "order PII does not decrypt (tampered value or missing key)");
      buyerNameMasked = UNREADABLE_MASK;
      shipToMasked = UNREADABLE_MASK;
    }
  }
  return {
    id: record.id,
    amazonOrderId: record.amazonOrderId,
    marketplaceId: record.marketplaceId,
    status: record.status,
    purchaseDate: record.purchaseDate,
    lastUpdateDate: record.lastUpdateDate,
    orderTotal: record.orderTotalAmount === null ? null : record.orderTotalAmount.toFixed(2),
    currencyCode: record.currencyCode,
    itemCount: record.itemCount,
    buyerNameMasked,
    shipToMasked,
    piiPurged: record.piiPurgedAt !== null,
  };
}

/** The order list of the actor's organization, PII masked, keyset-paginated by (purchase date, id) newest first. */
export async function listOrders(db: Db, actor: Actor, input: ListOrdersInput): Promise<ListOrdersResult> {
  const organizationId = requireOrgWith(actor, "orders:view");
  const limit = Math.min(Math.max(Math.trunc(input.limit) || 1, 1), MAX_LIMIT);
  const direction = input.direction ?? "next";
  const where: Prisma.AmazonOrderWhereInput = { organizationId };
  if (input.status) where.status = input.status;
  if (input.marketplaceId) where.marketplaceId = input.marketplaceId;
  if (input.from || input.to) where.purchaseDate = { ...(input.from ? { gte: input.from } : {}), ...(input.to ? { lte: input.to } : {}) };
  const search = input.search?.trim();
  if (search) {
    if (search.includes("@")) where.buyerEmailIndex = await buyerEmailIndexFor(search);
    else where.amazonOrderId = search;
  }
  const cursor = input.cursor ? decodeCursor(input.cursor) : null;
  const conditions: Prisma.AmazonOrderWhereInput[] = [where];
  if (cursor) {
    const before = direction === "next";
    conditions.push({
      OR: [
        { purchaseDate: before ? { lt: cursor.purchaseDate } : { gt: cursor.purchaseDate } },
        { purchaseDate: cursor.purchaseDate, id: before ? { lt: cursor.id } : { gt: cursor.id } },
      ],
    });
  }
  const sort = direction === "next" ? "desc" : "asc";
  const records = await db.amazonOrder.findMany({
    where: { AND: conditions },
    orderBy: [{ purchaseDate: sort }, { id: sort }],
    take: limit + 1,
    select: LIST_SELECT,
  });
  const hasMore = records.length > limit;
  const page = records.slice(0, limit);
  if (direction === "prev") page.reverse();
  const rows = await Promise.all(page.map(toListRow));
  const first = page[0];
  const last = page[page.length - 1];
  if (direction === "next") {
    return {
      rows,
      nextCursor: hasMore && last ? encodeCursor(last) : null,
      prevCursor: cursor && first ? encodeCursor(first) : null,
    };
  }
  return {
    rows,
    nextCursor: last ? encodeCursor(last) : null,
    prevCursor: hasMore && first ? encodeCursor(first) : null,
  };
}

/**
 * The full PII of one order of the actor's organization. Permission
 * (orders:reveal-pii) and step-up (MFA within 5 minutes) are enforced by the
 * calling action AND here; at most PII_REVEAL_LIMIT_PER_HOUR successful
 * reveals per user per hour, counted from the audit log under a per-user
 * lock (works across instances, fails closed: a database error is an error);
 * a refusal is audited (orders.pii_reveal_refused: the alert signal).
 */
export async function revealOrderPii(
  db: Db,
  actor: Actor,
  orderId: string,
  input: { reason: string },
  request: RequestContext,
): Promise<RevealOrderPiiResult> {
  if (!actor.organizationId || !hasPermission(actor.role, "orders:reveal-pii")) {
    return { ok: false, error: "You do not have permission to do this.", refused: "permission" };
  }
  if (!hasRecentStepUp(actor.mfaVerifiedAt, Date.now())) {
    return { ok: false, error: "For your security, confirm it's you with your authentication code first.", refused: "step-up" };
  }
  const reason = (input.reason ?? "").trim();
  if (reason.length < REVEAL_REASON_MIN || reason.length > REVEAL_REASON_MAX) {
    return { ok: false, error: `Give a reason of ${REVEAL_REASON_MIN} to ${REVEAL_REASON_MAX} characters.`, refused: "invalid-reason" };
  }
  if (!isUuid(orderId)) return { ok: false, error: "This order was not found.", refused: "not-found" };
  const organizationId = actor.organizationId;
  const limit = getEnv().PII_REVEAL_LIMIT_PER_HOUR;
  const auditBase = {
    actorUserId: actor.userId,
    organizationId,
    targetType: "amazon_order",
    targetId: orderId,
    ipAddress: request.ipAddress,
    userAgent: request.userAgent,
    requestId: request.requestId,
  };

  return db.$transaction(async (tx): Promise<RevealOrderPiiResult> => {
    // Serialize this user's reveals so two concurrent ones cannot both pass the count.
    await tx.$queryRawUnsafe(`SELECT pg_advisory_xact_lock($1::int, hashtext($2::text))::text AS locked`, REVEAL_LOCK_KEY, actor.userId);
    const recent = await tx.auditEvent.count({
      where: { action: "orders.pii_revealed", result: "SUCCESS", actorUserId: actor.userId, occurredAt: { gte: new Date(Date.now() - 60 * 60_000) } },
    });
    if (recent >= limit) {
      await recordAudit(tx, { ...auditBase, action: "orders.pii_reveal_refused", result: "DENIED", details: { refused: "rate-limit", limitPerHour: limit } });
      return { ok: false, error: "You have reached the limit of buyer-detail reveals for this hour. Try again later.", refused: "rate-limit" };
    }
    const order = await tx.amazonOrder.findFirst({ where: { id: orderId, organizationId } });
    if (!order) return { ok: false, error: "This order was not found.", refused: "not-found" };
    if (order.piiPurgedAt) {
      return { ok: false, error: "The buyer details of this order were deleted under the data-retention policy.", refused: "purged" };
    }
    let plain;
    try {
      plain = await decryptOrderPii(order);
    } catch (error) {
      if (!(error instanceof DecryptionError)) throw error;
      await recordAudit(tx, { ...auditBase, action: "orders.pii_revealed", result: "FAILURE", details: { reason, error: "undecryptable" } });
      getLogger().error({ orderId }, "order PII does not decrypt (tampered value or missing key)");
      return { ok: false, error: "These buyer details cannot be read. The problem has been recorded; contact support.", refused: "undecryptable" };
    }
    const fields = Object.entries(plain)
      .filter(([, value]) => value !== null)
      .map(([key]) => key)
      .join(",");
    await recordAudit(tx, { ...auditBase, action: "orders.pii_revealed", result: "SUCCESS", details: { reason, fields } });
    return {
      ok: true,
      pii: {
        buyerName: plain.buyerName,
        buyerEmail: plain.buyerEmail,
        buyerPhone: plain.buyerPhone,
        shipping: {
          name: plain.shipName,
          addressLine1: plain.shipAddressLine1,
          addressLine2: plain.shipAddressLine2,
          addressLine3: plain.shipAddressLine3,
          city: plain.shipCity,
          districtOrCounty: plain.shipDistrict,
          stateOrRegion: plain.shipStateOrRegion,
          municipality: plain.shipMunicipality,
          postalCode: plain.shipPostalCode,
          countryCode: plain.shipCountryCode,
          phone: plain.shipPhone,
        },
      },
    };
  });
}

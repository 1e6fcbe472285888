// Server-side only.
//
// Reading orders (R2, A2, A3, L2). Every query is scoped to the actor's
// organization (style principle 3): the organization never comes from the
// client. Lists show PII masked only; the full PII of ONE order comes out only
// through revealOrderPii, which re-checks permission and step-up, demands a
// reason, is rate limited per user and is audited either way.
import "server-only";
import { isUuid } from "@/lib/validation/input";
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

/** The columns the list can be sorted by; purchase date newest first is the default. */
export const ORDER_SORT_KEYS = ["purchased", "total", "status"] as const;
export type OrderSortKey = (typeof ORDER_SORT_KEYS)[number];

export interface ListOrdersInput {
  /** 1-based; a page past the end is clamped to the last page. */
  page: number;
  /** 1-100. */
  pageSize: number;
  sort?: { key: OrderSortKey; direction: "asc" | "desc" };
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
  /** Orders matching the filters, across all pages. */
  totalCount: number;
  /** The page actually returned (after clamping). */
  page: number;
  pageSize: number;
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

function requireOrgWith(actor: Actor, permission: "orders:view"): string {
  if (!actor.organizationId || !hasPermission(actor.role, permission)) throw new OrdersAccessError("not allowed to list orders");
  return actor.organizationId;
}

/** The columns a masked order row is made from (no PII column but the four masked ones). */
export const MASKED_ORDER_SELECT = {
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

type ListRecord = Prisma.AmazonOrderGetPayload<{ select: typeof MASKED_ORDER_SELECT }>;

/** One order as lists show it: buyer name and ship-to masked, or "[cannot decrypt]" when a value does not decrypt. */
export async function toMaskedOrderRow(record: ListRecord): Promise<OrderListRow> {
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

function orderByFor(sort: ListOrdersInput["sort"]): Prisma.AmazonOrderOrderByWithRelationInput[] {
  const direction = sort?.direction ?? "desc";
  // Ties (same total, same status) keep a stable order: newest purchase first, then id.
  const tieBreak: Prisma.AmazonOrderOrderByWithRelationInput[] = [{ purchaseDate: "desc" }, { id: "desc" }];
  switch (sort?.key) {
    case "total":
      return [{ orderTotalAmount: { sort: direction, nulls: "last" } }, ...tieBreak];
    case "status":
      return [{ status: direction }, ...tieBreak];
    default:
      return [{ purchaseDate: direction }, { id: direction }];
  }
}

/**
 * One page of the actor's organization's orders, PII masked, with the total
 * across pages. Offset pages (not a keyset cursor) because the page number
 * lives in the URL and a person may open page 7 directly; the (organization,
 * purchase date) index keeps the default order cheap.
 */
export async function listOrders(db: Db, actor: Actor, input: ListOrdersInput): Promise<ListOrdersResult> {
  const organizationId = requireOrgWith(actor, "orders:view");
  const pageSize = Math.min(Math.max(Math.trunc(input.pageSize) || 1, 1), MAX_LIMIT);
  const where: Prisma.AmazonOrderWhereInput = { organizationId };
  if (input.status) where.status = input.status;
  if (input.marketplaceId) where.marketplaceId = input.marketplaceId;
  if (input.from || input.to) where.purchaseDate = { ...(input.from ? { gte: input.from } : {}), ...(input.to ? { lte: input.to } : {}) };
  const search = input.search?.trim();
  if (search) {
    if (search.includes("@")) where.buyerEmailIndex = await buyerEmailIndexFor(search);
    else where.amazonOrderId = search;
  }
  const totalCount = await db.amazonOrder.count({ where });
  const pageCount = Math.max(1, Math.ceil(totalCount / pageSize));
  const page = Math.min(Math.max(Math.trunc(input.page) || 1, 1), pageCount);
  const records = await db.amazonOrder.findMany({
    where,
    orderBy: orderByFor(input.sort),
    skip: (page - 1) * pageSize,
    take: pageSize,
    select: MASKED_ORDER_SELECT,
  });
  return { rows: await Promise.all(records.map(toMaskedOrderRow)), totalCount, page, pageSize };
}

/**
 * The marketplaces the organization sells in (chosen at onboarding) plus any
 * its orders came from: the choices of the list's marketplace filter, so a
 * seller in two marketplaces is not offered twenty-three.
 */
export async function listOrderMarketplaces(db: Db, actor: Actor): Promise<string[]> {
  const organizationId = requireOrgWith(actor, "orders:view");
  const [organization, fromOrders] = await Promise.all([
    db.organization.findUnique({ where: { id: organizationId }, select: { marketplaceIds: true } }),
    db.amazonOrder.findMany({ where: { organizationId, marketplaceId: { not: null } }, distinct: ["marketplaceId"], select: { marketplaceId: true } }),
  ]);
  const ids = new Set(organization?.marketplaceIds ?? []);
  for (const row of fromOrders) if (row.marketplaceId) ids.add(row.marketplaceId);
  return [...ids];
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

// Server-side only (no "server-only" import: the sync, the retention CLI, the
// bench load it outside Next).
//
// The ONLY code that turns buyer PII into ciphertext and back (control R2).
// Writing an order encrypts every PII field with AES-256-GCM, associated data
// { table: "amazon_orders", column: <db column>, recordId: <order id> }, and
// stores an HMAC blind index of the normalized buyer e-mail for exact search.
// Reading decrypts strictly: a DecryptionError surfaces, never an empty field.
//
// Why a typed data-access layer and not a Prisma `result`/`query` extension:
// decryption is async (the key provider may be a KMS), which `result`
// extensions cannot be, and the associated data needs the row id BEFORE an
// upsert decides whether it inserts or updates. So the id is chosen here (the
// existing row's id, or a fresh uuid) and the upsert is one SQL statement per
// page. Call sites get plaintext in and plaintext out; none touches ciphertext.
import { randomUUID } from "node:crypto";
import { blindIndex, decryptField, encryptField } from "@/lib/crypto/field-encryption";
import type { NormalizedOrder } from "@/lib/spapi/orders";
import type { DbTransaction } from "@/lib/db/db";

export const ORDERS_TABLE = "amazon_orders";
export const BUYER_EMAIL_INDEX_PURPOSE = "amazon_orders.buyer_email";

/** Every PII column: plaintext path in a NormalizedOrder → Prisma field → database column. */
export const ORDER_PII_FIELDS = [
  { key: "buyerName", column: "buyer_name", read: (o: NormalizedOrder) => o.pii.buyerName },
  { key: "buyerEmail", column: "buyer_email", read: (o: NormalizedOrder) => o.pii.buyerEmail },
  { key: "buyerPhone", column: "buyer_phone", read: (o: NormalizedOrder) => o.pii.buyerPhone },
  { key: "shipName", column: "ship_name", read: (o: NormalizedOrder) => o.pii.shipping?.name },
  { key: "shipAddressLine1", column: "ship_address_line1", read: (o: NormalizedOrder) => o.pii.shipping?.addressLine1 },
  { key: "shipAddressLine2", column: "ship_address_line2", read: (o: NormalizedOrder) => o.pii.shipping?.addressLine2 },
  { key: "shipAddressLine3", column: "ship_address_line3", read: (o: NormalizedOrder) => o.pii.shipping?.addressLine3 },
  { key: "shipCity", column: "ship_city", read: (o: NormalizedOrder) => o.pii.shipping?.city },
  { key: "shipDistrict", column: "ship_district", read: (o: NormalizedOrder) => o.pii.shipping?.districtOrCounty },
  { key: "shipStateOrRegion", column: "ship_state_or_region", read: (o: NormalizedOrder) => o.pii.shipping?.stateOrRegion },
  { key: "shipMunicipality", column: "ship_municipality", read: (o: NormalizedOrder) => o.pii.shipping?.municipality },
  { key: "shipPostalCode", column: "ship_postal_code", read: (o: NormalizedOrder) => o.pii.shipping?.postalCode },
  { key: "shipCountryCode", column: "ship_country_code", read: (o: NormalizedOrder) => o.pii.shipping?.countryCode },
  { key: "shipPhone", column: "ship_phone", read: (o: NormalizedOrder) => o.pii.shipping?.phone },
] as const;

export type OrderPiiKey = (typeof ORDER_PII_FIELDS)[number]["key"];
/** A row's PII columns as stored (ciphertext or null). */
export type StoredOrderPii = { id: string } & { [K in OrderPiiKey]: string | null };
/** The same fields decrypted. */
export type PlainOrderPii = { [K in OrderPiiKey]: string | null };

const contextFor = (recordId: string, column: string) => ({ table: ORDERS_TABLE, column, recordId });

/** Lower-cased, trimmed: the form both the sync and the search box index. */
export function normalizeEmailForIndex(email: string): string {
  return email.trim().toLowerCase();
}

export async function buyerEmailIndexFor(email: string): Promise<string> {
  return blindIndex(normalizeEmailForIndex(email), BUYER_EMAIL_INDEX_PURPOSE);
}

/**
 * Decrypts the requested PII columns of one stored row (all by default).
 * Strict: any tampered value, wrong row or unknown key throws DecryptionError.
 */
export async function decryptOrderPii(row: StoredOrderPii, keys: readonly OrderPiiKey[] = ORDER_PII_FIELDS.map((f) => f.key)): Promise<PlainOrderPii> {
  const result = Object.fromEntries(ORDER_PII_FIELDS.map((field) => [field.key, null])) as PlainOrderPii;
  for (const field of ORDER_PII_FIELDS) {
    if (!keys.includes(field.key)) continue;
    const stored = row[field.key];
    result[field.key] = stored === null ? null : await decryptField(stored, contextFor(row.id, field.column));
  }
  return result;
}

export interface UpsertOrdersContext {
  organizationId: string;
  connectionId: string;
}

export interface UpsertOrdersOptions {
  /** "omit" stores no PII at all: ONLY for the encryption-cost benchmark's baseline. */
  piiMode?: "encrypt" | "omit";
}

const NON_PII_COLUMNS = [
  "id",
  "organization_id",
  "connection_id",
  "amazon_order_id",
  "marketplace_id",
  "status",
  "purchase_date",
  "last_update_date",
  "order_total_amount",
  "currency_code",
  "fulfillment_channel",
  "item_count",
  "shipped_at",
  "delivered_at",
  "items",
] as const;
const CASTS: Record<string, string> = {
  id: "::uuid",
  organization_id: "::uuid",
  connection_id: "::uuid",
  purchase_date: "::timestamptz",
  last_update_date: "::timestamptz",
  order_total_amount: "::numeric",
  item_count: "::int",
  shipped_at: "::timestamptz",
  delivered_at: "::timestamptz",
  items: "::jsonb",
};
const PII_COLUMNS = [...ORDER_PII_FIELDS.map((f) => f.column), "buyer_email_index"];
const ALL_COLUMNS = [...NON_PII_COLUMNS, ...PII_COLUMNS];

function dateOrNull(iso: string | undefined): Date | null {
  if (!iso) return null;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

/**
 * Idempotent upsert of one page by (organization_id, amazon_order_id), in the
 * caller's transaction. An existing row keeps its id (its ciphertexts are
 * bound to it); a row whose PII was purged by retention stays purged; an
 * older copy of an order (a page re-read after a resume) never overwrites a
 * newer one. Returns how many rows were inserted or changed, and how many of
 * those were inserted.
 */
export interface UpsertedOrders {
  /** Rows inserted or changed. */
  upserted: number;
  /** Of those, rows that did not exist before. */
  added: number;
}

export async function upsertOrders(
  tx: DbTransaction,
  context: UpsertOrdersContext,
  orders: readonly NormalizedOrder[],
  options: UpsertOrdersOptions = {},
): Promise<UpsertedOrders> {
  if (orders.length === 0) return { upserted: 0, added: 0 };
  // The same order twice in one page would make ON CONFLICT touch a row twice: keep the newest.
  const unique = new Map<string, NormalizedOrder>();
  for (const order of orders) {
    const seen = unique.get(order.amazonOrderId);
    if (!seen || seen.lastUpdateDate <= order.lastUpdateDate) unique.set(order.amazonOrderId, order);
  }
  const pageOrders = [...unique.values()];
  const existing = await tx.amazonOrder.findMany({
    where: { organizationId: context.organizationId, amazonOrderId: { in: pageOrders.map((o) => o.amazonOrderId) } },
    select: { id: true, amazonOrderId: true },
  });
  const idByAmazonId = new Map(existing.map((row) => [row.amazonOrderId, row.id]));

  const params: unknown[] = [];
  const tuples: string[] = [];
  for (const order of pageOrders) {
    const id = idByAmazonId.get(order.amazonOrderId) ?? randomUUID();
    const values: unknown[] = [
      id,
      context.organizationId,
      context.connectionId,
      order.amazonOrderId,
      order.marketplaceId || null,
      order.status,
      dateOrNull(order.purchaseDate) ?? dateOrNull(order.lastUpdateDate),
      dateOrNull(order.lastUpdateDate),
      order.orderTotal?.amount ?? null,
      order.orderTotal?.currencyCode ?? null,
      order.fulfillmentChannel ?? null,
      order.itemCount ?? null,
      dateOrNull(order.shippedAt),
      dateOrNull(order.deliveredAt),
      order.items ? JSON.stringify(order.items) : null,
    ];
    if (options.piiMode === "omit") {
      values.push(...PII_COLUMNS.map(() => null));
    } else {
      for (const field of ORDER_PII_FIELDS) {
        const plain = field.read(order);
        values.push(plain ? await encryptField(plain, contextFor(id, field.column)) : null);
      }
      values.push(order.pii.buyerEmail ? await buyerEmailIndexFor(order.pii.buyerEmail) : null);
    }
    const placeholders = values.map((value, index) => {
      params.push(value);
      return `$${params.length}${CASTS[ALL_COLUMNS[index] as string] ?? ""}`;
    });
    tuples.push(`(${placeholders.join(", ")}, now(), now())`);
  }

  const keepPurged = (column: string) =>
    `"${column}" = CASE WHEN amazon_orders.pii_purged_at IS NULL THEN EXCLUDED."${column}" ELSE NULL END`;
  const updates = [
    ...NON_PII_COLUMNS.filter((c) => !["id", "organization_id", "amazon_order_id"].includes(c)).map((c) => `"${c}" = EXCLUDED."${c}"`),
    ...PII_COLUMNS.map(keepPurged),
    `"updated_at" = now()`,
  ];
  const sql =
    `INSERT INTO amazon_orders (${ALL_COLUMNS.map((c) => `"${c}"`).join(", ")}, "created_at", "updated_at") VALUES ${tuples.join(", ")} ` +
    `ON CONFLICT ("organization_id", "amazon_order_id") DO UPDATE SET ${updates.join(", ")} ` +
    // The id check keeps ciphertexts bound to the row they were made for.
    `WHERE amazon_orders.id = EXCLUDED.id AND amazon_orders.last_update_date <= EXCLUDED.last_update_date ` +
    // xmax is 0 only on a freshly inserted row version: PostgreSQL's (and PGlite's) way to tell insert from update.
    `RETURNING (xmax = 0) AS inserted`;
  const rows = await tx.$queryRawUnsafe<{ inserted: boolean }[]>(sql, ...params);
  return { upserted: rows.length, added: rows.filter((row) => row.inserted).length };
}

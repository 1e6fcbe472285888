/**
 * The seller behind the operator's seller page (e2e/operator-seller-page.spec.ts,
 * issue 11): an onboarded organization with an Amazon connection per region
 * (Europe active, North America disconnected with its data deleted), a sync
 * history with one failure, and orders whose buyer PII is stored encrypted
 * through the order layer, as the sync stores it. Its own organization, so
 * the counts the journey checks do not move with other journeys.
 *
 * The next scheduled sync is hours away and the connection holds no refresh
 * token: nothing during the run talks to Amazon for it. Shipped recently or
 * already purged, no order is due for the retention job either.
 */
import { randomUUID } from "node:crypto";
import { upsertOrders } from "@/lib/orders/order-encryption";
import { CURRENT_TERMS_VERSION } from "@/lib/onboarding/terms";
import type { NormalizedOrder } from "@/lib/spapi/orders";
import type { Db } from "@/lib/db/db";

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** The buyers of the seeded orders: none of these may appear on an operator's screen. */
const BUYERS = [
  { name: "Philippa Quarrington", email: "philippa.quarrington@marketplace.amazon.example", street: "14 Wisteria Mews" },
  { name: "Ignatius Fairweather", email: "ignatius.fairweather@marketplace.amazon.example", street: "3 Larkspur Row" },
] as const;

export const SELLER_PAGE_SAMPLE = {
  legalName: "Cedar Ridge Supply Ltd",
  country: "United Kingdom",
  marketplaces: "United Kingdom, Germany",
  orders: { total: 14, lastThirtyDays: 10, piiPurged: 2 },
  /** Runs in the sync history, newest first: orders upserted, and the one failure. */
  syncRuns: [6, 0, 4, 9, 2, 11, 3, 25],
  failedRunIndex: 1,
  syncError: "Amazon did not answer in time. The next sync tries again.",
  deletedOrders: 37,
  /** Strings of the buyers' PII (names, e-mail addresses, streets) for "is never shown" checks. */
  buyerPii: BUYERS.flatMap((buyer) => [buyer.name, ...buyer.name.split(" "), buyer.email, buyer.street]),
} as const;

function sampleOrder(index: number, purchasedAt: Date, shippedAt: Date): NormalizedOrder {
  const buyer = BUYERS[index % BUYERS.length]!;
  return {
    amazonOrderId: `203-${String(4_100_000 + index).padStart(7, "0")}-${String(7_300_000 + index).padStart(7, "0")}`,
    marketplaceId: index % 2 === 0 ? "A1F83G8C2ARO7P" : "A1PA6795UKMFR9",
    status: "SHIPPED",
    purchaseDate: purchasedAt.toISOString(),
    lastUpdateDate: shippedAt.toISOString(),
    orderTotal: { amount: (18.5 + index).toFixed(2), currencyCode: index % 2 === 0 ? "GBP" : "EUR" },
    itemCount: 1,
    shippedAt: shippedAt.toISOString(),
    pii: {
      buyerName: buyer.name,
      buyerEmail: buyer.email,
      buyerPhone: "+44 20 7946 0958",
      shipping: { name: buyer.name, addressLine1: buyer.street, city: "Bristol", postalCode: "BS1 4DJ", countryCode: "GB" },
    },
  };
}

/** Seeds the sample seller; returns its organization id. */
export async function seedSellerPageSample(prisma: Db, now: Date): Promise<string> {
  const ago = (ms: number) => new Date(now.getTime() - ms);
  const organization = await prisma.organization.create({
    data: {
      legalName: SELLER_PAGE_SAMPLE.legalName,
      countryCode: "GB",
      marketplaceIds: ["A1F83G8C2ARO7P", "A1PA6795UKMFR9"],
      onboardingStep: "COMPLETE",
      onboardingCompletedAt: ago(20 * DAY_MS),
      contactName: "Cora Cedar",
      contactEmail: "ops@cedar-ridge.example",
    },
  });
  const owner = await prisma.user.create({
    data: {
      email: "cora.owner@cedar-ridge.example",
      displayName: "Cora Cedar",
      kind: "SELLER",
      role: "SELLER_OWNER",
      status: "ACTIVE",
      organizationId: organization.id,
      emailVerifiedAt: ago(21 * DAY_MS),
    },
  });
  await prisma.user.create({
    data: {
      email: "rowan.member@cedar-ridge.example",
      displayName: "Rowan Ridge",
      kind: "SELLER",
      role: "SELLER_MEMBER",
      status: "ACTIVE",
      organizationId: organization.id,
      emailVerifiedAt: ago(15 * DAY_MS),
    },
  });
  await prisma.termsAcceptance.create({
    data: { organizationId: organization.id, userId: owner.id, termsVersion: CURRENT_TERMS_VERSION, acceptedAt: ago(20 * DAY_MS) },
  });

  const lastRunAt = ago(2 * HOUR_MS);
  const europe = await prisma.amazonConnection.create({
    data: {
      organizationId: organization.id,
      region: "EU",
      sellingPartnerId: "A3CEDARRIDGE01",
      status: "ACTIVE",
      connectedAt: ago(20 * DAY_MS),
      connectedByUserId: owner.id,
      lastSyncAt: new Date(lastRunAt.getTime() + 95_000),
      lastSyncStatus: "SUCCEEDED",
      nextSyncAt: new Date(now.getTime() + 6 * HOUR_MS),
      syncWatermark: lastRunAt,
    },
  });
  // North America was connected once, then disconnected: its data was deleted (D2).
  const northAmerica = await prisma.amazonConnection.create({
    data: {
      organizationId: organization.id,
      region: "NA",
      sellingPartnerId: "A3CEDARRIDGENA",
      status: "DISCONNECTED",
      connectedAt: ago(19 * DAY_MS),
      connectedByUserId: owner.id,
      disconnectedAt: ago(10 * DAY_MS),
    },
  });
  await prisma.dataDeletionRecord.create({
    data: {
      organizationId: organization.id,
      connectionId: northAmerica.id,
      reason: "seller_disconnected",
      ordersDeleted: SELLER_PAGE_SAMPLE.deletedOrders,
      requestedByUserId: owner.id,
      createdAt: ago(10 * DAY_MS),
    },
  });

  // Every six hours, newest first.
  for (const [index, ordersUpserted] of SELLER_PAGE_SAMPLE.syncRuns.entries()) {
    const startedAt = new Date(lastRunAt.getTime() - index * 6 * HOUR_MS);
    const failed = index === SELLER_PAGE_SAMPLE.failedRunIndex;
    await prisma.syncRun.create({
      data: {
        id: randomUUID(),
        organizationId: organization.id,
        connectionId: europe.id,
        trigger: index === SELLER_PAGE_SAMPLE.syncRuns.length - 1 ? "MANUAL" : "SCHEDULED",
        status: failed ? "FAILED" : "SUCCEEDED",
        startedAt,
        heartbeatAt: startedAt,
        finishedAt: new Date(startedAt.getTime() + (failed ? 30_000 : 95_000)),
        windowStart: new Date(startedAt.getTime() - 6 * HOUR_MS),
        windowEnd: startedAt,
        pagesFetched: ordersUpserted === 0 ? 0 : 1,
        ordersUpserted,
        error: failed ? SELLER_PAGE_SAMPLE.syncError : null,
      },
    });
  }

  // 10 orders bought in the last 30 days, 4 earlier (2 of those past retention: PII purged).
  const { total, lastThirtyDays, piiPurged } = SELLER_PAGE_SAMPLE.orders;
  const orders = Array.from({ length: total }, (_, index) => {
    const recent = index < lastThirtyDays;
    const purchasedAt = ago((recent ? 2 + index : 40 + index) * DAY_MS);
    return sampleOrder(index, purchasedAt, recent ? new Date(purchasedAt.getTime() + DAY_MS) : ago(5 * DAY_MS));
  });
  await prisma.$transaction((tx) => upsertOrders(tx, { organizationId: organization.id, connectionId: europe.id }, orders));
  const purged = orders.slice(lastThirtyDays, lastThirtyDays + piiPurged).map((order) => order.amazonOrderId);
  // What the retention job leaves (lib/orders/retention.ts): the PII columns empty, the purge time recorded.
  await prisma.amazonOrder.updateMany({
    where: { organizationId: organization.id, amazonOrderId: { in: purged } },
    data: {
      piiPurgedAt: ago(DAY_MS),
      buyerName: null,
      buyerEmail: null,
      buyerEmailIndex: null,
      buyerPhone: null,
      shipName: null,
      shipAddressLine1: null,
      shipCity: null,
      shipPostalCode: null,
      shipCountryCode: null,
    },
  });
  return organization.id;
}

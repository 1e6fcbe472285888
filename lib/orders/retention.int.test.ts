// D1/D5 retention purge and D2 deauthorization deletion on a real database,
// with a controlled `now` and orders written through the encryption layer.
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { disconnectTestPrisma, getTestPrisma } from "@/test/db";
import { createSignedInUser, testRequest } from "@/test/factories";
import type { NormalizedOrder } from "@/lib/spapi/orders";
import { disconnectAmazon } from "@/lib/amazon/disconnect";
import { upsertOrders } from "./order-encryption";
import { OPEN_ORDER_PII_MAX_DAYS, runRetention } from "./retention";
import { createConnectedOrganization } from "./sync.test-support";

const db = getTestPrisma();
afterAll(disconnectTestPrisma);

const NOW = new Date("2027-06-15T12:00:00Z");
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000).toISOString();

function order(label: string, fields: Partial<NormalizedOrder>): NormalizedOrder {
  return {
    amazonOrderId: `${label}-${randomUUID().slice(0, 8)}`,
    marketplaceId: "ATVPDKIKX0DER",
    status: "SHIPPED",
    purchaseDate: daysAgo(60),
    lastUpdateDate: daysAgo(1),
    orderTotal: { amount: "19.99", currencyCode: "USD" },
    pii: {
      buyerName: "Retention Test Buyer",
      buyerEmail: `${label}@marketplace.amazon.com`,
      buyerPhone: "+1 206-555-0100",
      shipping: { name: "Retention Test Buyer", addressLine1: "1 Test Way", city: "Seattle", postalCode: "98101", countryCode: "US" },
    },
    ...fields,
  };
}

async function seed(organizationId: string, connectionId: string, orders: NormalizedOrder[]) {
  await db.$transaction((tx) => upsertOrders(tx, { organizationId, connectionId }, orders));
  const rows = await db.amazonOrder.findMany({ where: { organizationId } });
  return new Map(rows.map((r) => [r.amazonOrderId.split("-")[0]!, r]));
}

describe("retention (D1, D5)", () => {
  it("purges PII past the window (delivery, else shipment; cancelled and stale open orders by purchase), deletes orders past 18 months, records the run", async () => {
    const { organization, connection } = await createConnectedOrganization(db, "token-not-used");
    const orders = [
      order("delivered31", { deliveredAt: daysAgo(31), shippedAt: daysAgo(34) }),
      order("delivered29", { deliveredAt: daysAgo(29), shippedAt: daysAgo(40) }), // shipped long ago, delivered recently: kept
      order("shipped31", { shippedAt: daysAgo(31) }),
      order("shipped10", { shippedAt: daysAgo(10) }),
      order("cancelled31", { status: "CANCELLED", purchaseDate: daysAgo(31) }),
      order("cancelled5", { status: "CANCELLED", purchaseDate: daysAgo(5) }),
      order("openstale", { status: "UNSHIPPED", purchaseDate: daysAgo(OPEN_ORDER_PII_MAX_DAYS + 1) }),
      order("openfresh", { status: "UNSHIPPED", purchaseDate: daysAgo(40) }),
      order("ancient", { purchaseDate: daysAgo(19 * 31), shippedAt: daysAgo(19 * 31 - 1) }),
    ];
    const before = await seed(organization.id, connection.id, orders);
    expect(before.size).toBe(orders.length);

    const result = await runRetention(db, { now: NOW, trigger: "cli" });
    const after = new Map((await db.amazonOrder.findMany({ where: { organizationId: organization.id } })).map((r) => [r.amazonOrderId.split("-")[0]!, r]));

    expect(after.has("ancient")).toBe(false);
    for (const purged of ["delivered31", "shipped31", "cancelled31", "openstale"]) {
      const row = after.get(purged)!;
      expect(row.piiPurgedAt, purged).not.toBeNull();
      expect([row.buyerName, row.buyerEmail, row.buyerEmailIndex, row.buyerPhone, row.shipName, row.shipAddressLine1, row.shipCity, row.shipPostalCode]).toEqual(
        Array(8).fill(null),
      );
      // Non-personal order data stays.
      expect(row.orderTotalAmount?.toFixed(2)).toBe("19.99");
      expect(row.status).toBeTruthy();
    }
    for (const kept of ["delivered29", "shipped10", "cancelled5", "openfresh"]) {
      expect(after.get(kept)!.piiPurgedAt, kept).toBeNull();
      expect(after.get(kept)!.buyerEmail, kept).toMatch(/^v1:/);
    }
    expect(result.ordersPiiPurged).toBeGreaterThanOrEqual(4);
    expect(result.ordersDeleted).toBeGreaterThanOrEqual(1);
    const run = await db.retentionRun.findUniqueOrThrow({ where: { id: result.runId } });
    expect(run).toMatchObject({ trigger: "cli", ordersPiiPurged: result.ordersPiiPurged, ordersDeleted: result.ordersDeleted });
    expect(run.finishedAt).not.toBeNull();
    expect(await db.auditEvent.findFirst({ where: { action: "orders.retention_run", targetId: result.runId } })).not.toBeNull();

    // A purged order synced again (Amazon updated it) does not get its PII back.
    const again = orders.find((o) => o.amazonOrderId.startsWith("delivered31"))!;
    await db.$transaction((tx) => upsertOrders(tx, { organizationId: organization.id, connectionId: connection.id }, [{ ...again, lastUpdateDate: NOW.toISOString() }]));
    const resynced = await db.amazonOrder.findFirstOrThrow({ where: { organizationId: organization.id, amazonOrderId: again.amazonOrderId } });
    expect(resynced.buyerEmail).toBeNull();
    expect(resynced.lastUpdateDate.toISOString()).toBe(NOW.toISOString());

    // Idempotent: a second run purges nothing more.
    const second = await runRetention(db, { now: NOW, trigger: "scheduled" });
    expect(second.ordersPiiPurged).toBe(0);
    expect(second.ordersDeleted).toBe(0);
  });

  it("a seller's shorter retention setting applies (never longer than the policy)", async () => {
    const { organization, connection } = await createConnectedOrganization(db, "token-not-used", { piiRetentionDays: 7 });
    await seed(organization.id, connection.id, [order("delivered8", { deliveredAt: daysAgo(8) }), order("delivered6", { deliveredAt: daysAgo(6) })]);
    await runRetention(db, { now: NOW, trigger: "admin" });
    const rows = await db.amazonOrder.findMany({ where: { organizationId: organization.id } });
    const purged = Object.fromEntries(rows.map((r) => [r.amazonOrderId.split("-")[0]!, r.piiPurgedAt !== null]));
    expect(purged).toEqual({ delivered8: true, delivered6: false });
  });
});

describe("deauthorization deletion (D2)", () => {
  it("disconnectAmazon deletes the organization's orders and sync runs, erases the token and records proof, in one go", async () => {
    const { organization, connection } = await createConnectedOrganization(db, "token-to-erase");
    await seed(organization.id, connection.id, [order("a", {}), order("b", {}), order("c", {})]);
    await db.syncRun.create({ data: { organizationId: organization.id, connectionId: connection.id, trigger: "MANUAL", status: "SUCCEEDED", windowStart: new Date() } });
    const { actor } = await createSignedInUser(db, { role: "SELLER_OWNER", organizationId: organization.id });

    // Another tenant's owner cannot disconnect it.
    const other = await db.organization.create({ data: { legalName: "Other Disconnect LLC", countryCode: "US" } });
    const { actor: stranger } = await createSignedInUser(db, { role: "SELLER_OWNER", organizationId: other.id });
    expect(await disconnectAmazon(db, stranger, connection.id, testRequest())).toMatchObject({ ok: false });
    // Step-up is required.
    expect(await disconnectAmazon(db, { ...actor, mfaVerifiedAt: new Date(Date.now() - 3_600_000) }, connection.id, testRequest())).toMatchObject({ ok: false });
    expect(await db.amazonOrder.count({ where: { organizationId: organization.id } })).toBe(3);

    const request = testRequest();
    expect(await disconnectAmazon(db, actor, connection.id, request)).toEqual({ ok: true, ordersDeleted: 3 });
    expect(await db.amazonOrder.count({ where: { organizationId: organization.id } })).toBe(0);
    expect(await db.syncRun.count({ where: { connectionId: connection.id } })).toBe(0);
    const after = await db.amazonConnection.findUniqueOrThrow({ where: { id: connection.id } });
    expect(after).toMatchObject({ status: "DISCONNECTED", refreshTokenCiphertext: null, syncLeaseOwner: null, nextSyncAt: null });
    const record = await db.dataDeletionRecord.findFirstOrThrow({ where: { organizationId: organization.id } });
    expect(record).toMatchObject({ reason: "seller_disconnected", ordersDeleted: 3, requestedByUserId: actor.userId, connectionId: connection.id });
    const audit = await db.auditEvent.findFirstOrThrow({ where: { requestId: request.requestId, action: "amazon.disconnected" } });
    expect(audit.actorUserId).toBe(actor.userId);
  });
});

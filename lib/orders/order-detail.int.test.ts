// The order page's data (issue 11) on a real database after a real sync from
// the fake: items and totals from Amazon's 2026-01-01 shape, a timeline of
// syncs and reveals, buyer data masked, and the organization boundary.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectTestPrisma, getTestPrisma } from "@/test/db";
import { createSignedInUser, testRequest } from "@/test/factories";
import type { FakeAmazon } from "@/tools/fake-amazon/server";
import { getOrderDetail } from "./order-detail";
import { revealOrderPii } from "./order-queries";
import { runOrderSync } from "./sync";
import { authorizeDemoSeller, createConnectedOrganization, fakePiiValues, fakeSyncDeps, startTestFake } from "./sync.test-support";
import type { SpApiConfig } from "@/lib/spapi/config";

const db = getTestPrisma();
let fake: FakeAmazon;
let config: SpApiConfig;
let organizationId: string;
let connectionId: string;

beforeAll(async () => {
  const started = await startTestFake({ orderCount: 30 });
  fake = started.fake;
  config = started.config;
  const refreshToken = await authorizeDemoSeller(fake, config);
  const { organization, connection } = await createConnectedOrganization(db, refreshToken);
  organizationId = organization.id;
  connectionId = connection.id;
});
afterAll(async () => {
  await fake?.stop();
  await disconnectTestPrisma();
});

describe("order detail", () => {
  it("a first sync counts every order as added; a second sync of the same window adds none", async () => {
    const first = await runOrderSync(db, { connectionId, trigger: "MANUAL" }, fakeSyncDeps(config));
    expect(first.status).toBe("SUCCEEDED");
    if (first.status !== "SUCCEEDED") return;
    const stored = await db.amazonOrder.count({ where: { organizationId } });
    expect(first.ordersAdded).toBe(stored);
    expect(first.ordersUpserted).toBe(stored);
    const run = await db.syncRun.findUniqueOrThrow({ where: { id: first.runId } });
    expect(run.ordersAdded).toBe(stored);

    await db.amazonConnection.update({ where: { id: connectionId }, data: { syncWatermark: new Date(Date.now() - 40 * 86_400_000) } });
    const again = await runOrderSync(db, { connectionId, trigger: "SCHEDULED" }, fakeSyncDeps(config));
    expect(again.status).toBe("SUCCEEDED");
    if (again.status !== "SUCCEEDED") return;
    expect(again.ordersAdded).toBe(0);
    expect(again.ordersUpserted).toBeGreaterThan(0);
  });

  it("shows items, totals, status and a timeline, with buyer data masked and no PII anywhere in it", async () => {
    const fakeOrder = fake.state.orders.find((o) => o.status === "Shipped" && o.items.length > 0)!;
    const row = await db.amazonOrder.findFirstOrThrow({ where: { organizationId, amazonOrderId: fakeOrder.orderId } });
    const { actor: owner } = await createSignedInUser(db, { role: "SELLER_OWNER", organizationId, displayName: "Olivia Owner" });
    const detail = await getOrderDetail(db, owner, row.id);
    expect(detail).not.toBeNull();
    if (!detail) return;
    expect(detail).toMatchObject({ amazonOrderId: fakeOrder.orderId, status: "SHIPPED", piiPurged: false });
    expect(detail.items).toEqual(
      fakeOrder.items.map((item) => ({
        asin: item.asin,
        sellerSku: item.sellerSku,
        title: item.title,
        quantity: item.quantityOrdered,
        unitPrice: expect.any(String),
        currencyCode: expect.any(String),
      })),
    );
    // Amazon's decimal text is kept as sent ("27.5" is 27.50).
    expect(detail.items!.map((item) => Number(item.unitPrice))).toEqual(fakeOrder.items.map((item) => Number(item.unitPrice)));
    expect(detail.buyerNameMasked).toMatch(/^\S\*\*\*/);
    expect(detail.timeline.map((event) => event.kind)).toEqual(expect.arrayContaining(["purchased", "imported"]));
    expect(detail.timeline.find((event) => event.kind === "imported")).toMatchObject({ trigger: "MANUAL" });
    const text = JSON.stringify(detail);
    for (const value of fakePiiValues([fakeOrder])) expect(text).not.toContain(value);

    // A reveal appears on the timeline with who did it and why; the revealed values do not.
    const revealed = await revealOrderPii(db, owner, row.id, { reason: "Buyer asked about the parcel" }, testRequest());
    expect(revealed.ok).toBe(true);
    const after = await getOrderDetail(db, owner, row.id);
    expect(after?.timeline[0]).toMatchObject({ kind: "revealed", by: "Olivia Owner", reason: "Buyer asked about the parcel" });
    for (const value of fakePiiValues([fakeOrder])) expect(JSON.stringify(after)).not.toContain(value);
  });

  it("answers null for another organization's order, a malformed or unknown id, and an operator", async () => {
    const row = await db.amazonOrder.findFirstOrThrow({ where: { organizationId } });
    const other = await createConnectedOrganization(db, "other-organization-token");
    const { actor: stranger } = await createSignedInUser(db, { role: "SELLER_OWNER", organizationId: other.organization.id });
    expect(await getOrderDetail(db, stranger, row.id)).toBeNull();
    const { actor: member } = await createSignedInUser(db, { role: "SELLER_MEMBER", organizationId });
    expect(await getOrderDetail(db, member, row.id)).not.toBeNull();
    expect(await getOrderDetail(db, member, "not-a-uuid")).toBeNull();
    expect(await getOrderDetail(db, member, crypto.randomUUID())).toBeNull();
    const { actor: operator } = await createSignedInUser(db, { role: "OPERATOR_ADMIN" });
    expect(await getOrderDetail(db, operator, row.id)).toBeNull();
  });

  it("a hand-edited items value that does not parse shows as no item details, not a crash", async () => {
    const row = await db.amazonOrder.findFirstOrThrow({ where: { organizationId } });
    await db.amazonOrder.update({ where: { id: row.id }, data: { items: { not: "an array" } } });
    const { actor } = await createSignedInUser(db, { role: "SELLER_MEMBER", organizationId });
    expect((await getOrderDetail(db, actor, row.id))?.items).toBeNull();
  });
});

// R2 proofs on a real database after a real sync from the fake: no buyer PII in
// plain text anywhere in a dump; a tampered ciphertext fails cleanly; lists are
// masked and tenant-scoped; reveals are checked, reasoned, limited and audited.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectTestPrisma, getTestPrisma } from "@/test/db";
import { createSignedInUser, testRequest } from "@/test/factories";
import { DecryptionError } from "@/lib/crypto/field-encryption";
import type { FakeAmazon } from "@/tools/fake-amazon/server";
import { decryptOrderPii } from "./order-encryption";
import { UNREADABLE_MASK, listOrderMarketplaces, listOrders, revealOrderPii } from "./order-queries";
import { runOrderSync } from "./sync";
import {
  authorizeDemoSeller,
  createConnectedOrganization,
  dumpDatabaseText,
  fakePiiValues,
  fakeSyncDeps,
  startTestFake,
} from "./sync.test-support";

const db = getTestPrisma();
let fake: FakeAmazon;
let organizationId: string;

beforeAll(async () => {
  const started = await startTestFake({ orderCount: 80 });
  fake = started.fake;
  const refreshToken = await authorizeDemoSeller(fake, started.config);
  const { organization, connection } = await createConnectedOrganization(db, refreshToken);
  organizationId = organization.id;
  const outcome = await runOrderSync(db, { connectionId: connection.id, trigger: "MANUAL" }, fakeSyncDeps(started.config));
  expect(outcome.status).toBe("SUCCEEDED");
});
afterAll(async () => {
  await fake?.stop();
  await disconnectTestPrisma();
});

const isPending = (status: string) => status === "PENDING" || status === "PENDING_AVAILABILITY";

async function anOrderWithPii() {
  return db.amazonOrder.findFirstOrThrow({ where: { organizationId, buyerEmail: { not: null } }, orderBy: { purchaseDate: "desc" } });
}

describe("buyer PII protection", () => {
  it("a dump of every table contains none of the fake's buyer names, e-mails, phones or address lines", async () => {
    const stored = await db.amazonOrder.count({ where: { organizationId, buyerEmail: { not: null } } });
    expect(stored).toBeGreaterThan(10);
    const dump = await dumpDatabaseText(db);
    expect(dump).toContain("amazon_orders");
    const values = fakePiiValues(fake.state.orders);
    expect(values.length).toBeGreaterThan(100);
    const leaked = values.filter((value) => dump.includes(value));
    expect(leaked).toEqual([]);
    // Also case-insensitively for e-mails (the blind index input is lower-cased).
    const lowerDump = dump.toLowerCase();
    expect(fake.state.orders.filter((o) => lowerDump.includes(o.buyer.buyerEmail.toLowerCase()))).toEqual([]);
    // ...and the refresh token of the connection is not in it either (R3).
    expect(dump).not.toMatch(/Atzr\|/);
  });

  it("a flipped byte in a stored ciphertext gives a clean DecryptionError, never plaintext or an empty field", async () => {
    const order = await anOrderWithPii();
    const [version, keyId, iv, body] = order.buyerName!.split(":");
    const bytes = Buffer.from(body!, "base64url");
    bytes[0] = bytes[0]! ^ 0x01;
    const tampered = [version, keyId, iv, bytes.toString("base64url")].join(":");
    await db.amazonOrder.update({ where: { id: order.id }, data: { buyerName: tampered } });

    await expect(decryptOrderPii({ ...order, buyerName: tampered })).rejects.toBeInstanceOf(DecryptionError);
    const { actor } = await createSignedInUser(db, { role: "SELLER_OWNER", organizationId });
    const revealed = await revealOrderPii(db, actor, order.id, { reason: "Checking a tampered row for the test" }, testRequest());
    expect(revealed).toMatchObject({ ok: false, refused: "undecryptable" });
    expect(JSON.stringify(revealed)).not.toContain("@marketplace.amazon.com");
    const list = await listOrders(db, actor, { page: 1, pageSize: 100, search: order.amazonOrderId });
    expect(list.rows[0]?.buyerNameMasked).toBe(UNREADABLE_MASK);

    // A ciphertext copied into another row does not decrypt there (the AAD binds the row id).
    const other = await db.amazonOrder.findFirstOrThrow({ where: { organizationId, buyerEmail: { not: null }, id: { not: order.id } } });
    await expect(decryptOrderPii({ ...other, buyerEmail: order.buyerEmail })).rejects.toBeInstanceOf(DecryptionError);
    await db.amazonOrder.update({ where: { id: order.id }, data: { buyerName: order.buyerName } });
  });

  it("lists masked rows with a total, pages by number (clamped), sorts, and finds by exact order id or buyer e-mail (blind index)", async () => {
    const { actor } = await createSignedInUser(db, { role: "SELLER_MEMBER", organizationId });
    const all = await db.amazonOrder.count({ where: { organizationId } });
    const first = await listOrders(db, actor, { page: 1, pageSize: 10 });
    expect(first.rows).toHaveLength(10);
    expect(first).toMatchObject({ totalCount: all, page: 1, pageSize: 10 });
    for (const row of first.rows) {
      if (row.buyerNameMasked) expect(row.buyerNameMasked).toMatch(/^(\S\*\*\*)( \S\*\*\*)*$/);
    }
    // Every page once, newest purchase first, nothing twice.
    const seen: string[] = [];
    const dates: number[] = [];
    for (let page = 1; page <= Math.ceil(all / 10); page += 1) {
      const result = await listOrders(db, actor, { page, pageSize: 10 });
      expect(result.page).toBe(page);
      seen.push(...result.rows.map((r) => r.id));
      dates.push(...result.rows.map((r) => new Date(r.purchaseDate).getTime()));
    }
    expect(new Set(seen).size).toBe(all);
    expect(dates).toEqual([...dates].sort((a, b) => b - a));
    // A page past the end (an edited URL) answers the last page, not an empty one.
    const past = await listOrders(db, actor, { page: 999, pageSize: 10 });
    expect(past.page).toBe(Math.ceil(all / 10));
    expect(past.rows.length).toBeGreaterThan(0);

    const byTotal = await listOrders(db, actor, { page: 1, pageSize: 100, sort: { key: "total", direction: "asc" } });
    const totals = byTotal.rows.map((r) => r.orderTotal).filter((t): t is string => t !== null).map(Number);
    expect(totals.length).toBeGreaterThan(1);
    expect(totals).toEqual([...totals].sort((a, b) => a - b));
    // Unpriced (pending) orders go last in either direction.
    const nullsAt = byTotal.rows.findIndex((r) => r.orderTotal === null);
    if (nullsAt >= 0) expect(byTotal.rows.slice(nullsAt).every((r) => r.orderTotal === null)).toBe(true);

    const shipped = await listOrders(db, actor, { page: 1, pageSize: 100, status: "SHIPPED" });
    expect(shipped.totalCount).toBe(await db.amazonOrder.count({ where: { organizationId, status: "SHIPPED" } }));
    expect(shipped.rows.every((r) => r.status === "SHIPPED")).toBe(true);

    const fakeOrder = fake.state.orders.find((o) => !["Pending", "PendingAvailability"].includes(o.status))!;
    const byEmail = await listOrders(db, actor, { page: 1, pageSize: 10, search: `  ${fakeOrder.buyer.buyerEmail.toUpperCase()} ` });
    expect(byEmail.rows.map((r) => r.amazonOrderId)).toEqual([fakeOrder.orderId]);
    expect(byEmail.totalCount).toBe(1);
    const byId = await listOrders(db, actor, { page: 1, pageSize: 10, search: fakeOrder.orderId });
    expect(byId.rows).toHaveLength(1);
    expect(byId.rows[0]?.buyerNameMasked).not.toContain(fakeOrder.buyer.buyerName.split(" ")[0]!.slice(1));
  });

  it("offers as marketplace filters only the organization's own marketplaces and those its orders came from", async () => {
    const { actor } = await createSignedInUser(db, { role: "SELLER_MEMBER", organizationId });
    const fromOrders = (await db.amazonOrder.findMany({ where: { organizationId }, distinct: ["marketplaceId"], select: { marketplaceId: true } }))
      .map((row) => row.marketplaceId)
      .filter((id): id is string => id !== null);
    const { marketplaceIds: chosen } = await db.organization.findUniqueOrThrow({ where: { id: organizationId } });
    const offered = await listOrderMarketplaces(db, actor);
    expect(new Set(offered)).toEqual(new Set([...chosen, ...fromOrders]));
    expect(offered.length).toBeLessThan(5);
    const other = await createConnectedOrganization(db, "another-refresh-token");
    await db.organization.update({ where: { id: other.organization.id }, data: { marketplaceIds: ["A1PA6795UKMFR9"] } });
    expect(await listOrderMarketplaces(db, actor)).not.toContain("A1PA6795UKMFR9");
  });

  it("reveal: full PII for a step-up-verified owner with a reason, audited; refused without step-up, reason or permission", async () => {
    const order = await anOrderWithPii();
    const request = testRequest();
    const { actor } = await createSignedInUser(db, { role: "SELLER_OWNER", organizationId });
    const ok = await revealOrderPii(db, actor, order.id, { reason: "Customer asked about the delivery address" }, request);
    expect(ok.ok).toBe(true);
    if (!ok.ok) return;
    const fakeOrder = fake.state.orders.find((o) => o.orderId === order.amazonOrderId)!;
    expect(ok.pii.buyerEmail).toBe(fakeOrder.buyer.buyerEmail);
    expect(ok.pii.shipping.addressLine1).toBe(fakeOrder.shippingAddress.addressLine1);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { requestId: request.requestId, action: "orders.pii_revealed" } });
    expect(audit).toMatchObject({ actorUserId: actor.userId, targetId: order.id, result: "SUCCESS" });
    expect(JSON.stringify(audit.details)).toContain("Customer asked");
    expect(JSON.stringify(audit.details)).not.toContain(fakeOrder.buyer.buyerEmail);

    const stale = { ...actor, mfaVerifiedAt: new Date(Date.now() - 10 * 60_000) };
    expect(await revealOrderPii(db, stale, order.id, { reason: "Customer asked about the delivery address" }, testRequest())).toMatchObject({ ok: false, refused: "step-up" });
    expect(await revealOrderPii(db, actor, order.id, { reason: "short" }, testRequest())).toMatchObject({ ok: false, refused: "invalid-reason" });
    const { actor: member } = await createSignedInUser(db, { role: "SELLER_MEMBER", organizationId });
    const memberResult = await revealOrderPii(db, member, order.id, { reason: "Customer asked about the delivery address" }, testRequest());
    if (!memberResult.ok) expect(memberResult.refused).toBe("permission");
  });

  it("another organization's actor can neither list nor reveal these orders", async () => {
    const order = await anOrderWithPii();
    const otherOrg = await db.organization.create({ data: { legalName: "Other Tenant LLC", countryCode: "US" } });
    const { actor: stranger } = await createSignedInUser(db, { role: "SELLER_OWNER", organizationId: otherOrg.id });
    expect((await listOrders(db, stranger, { page: 1, pageSize: 100 })).rows).toEqual([]);
    expect((await listOrders(db, stranger, { page: 1, pageSize: 100, search: order.amazonOrderId })).rows).toEqual([]);
    expect(await revealOrderPii(db, stranger, order.id, { reason: "Trying to peek at another tenant" }, testRequest())).toMatchObject({
      ok: false,
      refused: "not-found",
    });
  });

  it("refuses (and audits the refusal) beyond PII_REVEAL_LIMIT_PER_HOUR reveals per user", async () => {
    const order = await anOrderWithPii();
    const { actor } = await createSignedInUser(db, { role: "SELLER_OWNER", organizationId });
    const limit = 20; // lib/env default
    for (let i = 0; i < limit; i += 1) {
      const result = await revealOrderPii(db, actor, order.id, { reason: `Reveal number ${i} for the test` }, testRequest());
      expect(result.ok).toBe(true);
    }
    const request = testRequest();
    expect(await revealOrderPii(db, actor, order.id, { reason: "One more than allowed" }, request)).toMatchObject({ ok: false, refused: "rate-limit" });
    const refusal = await db.auditEvent.findFirst({ where: { requestId: request.requestId, action: "orders.pii_reveal_refused" } });
    expect(refusal?.result).toBe("DENIED");
  });

  it("Pending orders carry no PII (the fake, like Amazon, sends none) and are stored without it", async () => {
    const pending = await db.amazonOrder.findMany({ where: { organizationId } });
    for (const row of pending.filter((r) => isPending(r.status))) expect(row.buyerEmail).toBeNull();
  });
});

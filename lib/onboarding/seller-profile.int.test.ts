// The operator's seller page on a real database: two organizations with
// orders (buyer PII encrypted through the order layer), sync runs, connections
// and deletion records; the profile counts only its own organization's rows
// and carries no buyer data or token, in any form.
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { encryptField } from "@/lib/crypto/field-encryption";
import type { AmazonRegion } from "@/lib/db/generated/enums";
import { upsertOrders } from "@/lib/orders/order-encryption";
import type { NormalizedOrder } from "@/lib/spapi/orders";
import { disconnectTestPrisma, getTestPrisma } from "@/test/db";
import { createOrganization, createUser } from "@/test/factories";
import { getSellerProfile, SELLER_PROFILE_SYNC_RUNS } from "./seller-profile";
import { CURRENT_TERMS_VERSION } from "./terms";
import { TEST_REFRESH_TOKEN } from "@/lib/spapi/spapi.test-support";

const db = getTestPrisma();
afterAll(disconnectTestPrisma);

const NOW = new Date();
const DAY = 86_400_000;
const ago = (days: number) => new Date(NOW.getTime() - days * DAY);

/** Buyer data of one tenant: every value must stay out of the profile (names, e-mails, phones, addresses). */
function buyerOf(tenant: string) {
  return {
    buyerName: `Harriet ${tenant} Buyerson`,
    buyerEmail: `harriet.${tenant.toLowerCase()}@marketplace.amazon.example`,
    buyerPhone: "+1 206-555-0147",
    shipping: {
      name: `Harriet ${tenant} Buyerson`,
      addressLine1: `77 ${tenant} Orchard Lane`,
      city: "Tacoma",
      postalCode: "98402",
      countryCode: "US",
    },
  };
}

function order(tenant: string, purchasedDaysAgo: number): NormalizedOrder {
  return {
    amazonOrderId: `114-${randomUUID().slice(0, 7)}-${randomUUID().slice(0, 7)}`,
    marketplaceId: "ATVPDKIKX0DER",
    status: "SHIPPED",
    purchaseDate: ago(purchasedDaysAgo).toISOString(),
    lastUpdateDate: ago(Math.max(0, purchasedDaysAgo - 1)).toISOString(),
    orderTotal: { amount: "42.50", currencyCode: "USD" },
    pii: buyerOf(tenant),
  };
}


async function connect(organizationId: string, region: AmazonRegion, overrides: { lastError?: string } = {}) {
  const id = randomUUID();
  return db.amazonConnection.create({
    data: {
      id,
      organizationId,
      region,
      sellingPartnerId: `A${randomUUID().slice(0, 12).toUpperCase()}`,
      refreshTokenCiphertext: await encryptField(TEST_REFRESH_TOKEN, { table: "amazon_connections", column: "refresh_token_ciphertext", recordId: id }),
      status: "ACTIVE",
      connectedAt: ago(40),
      lastSyncAt: ago(0.1),
      lastSyncStatus: overrides.lastError ? "FAILED" : "SUCCEEDED",
      lastError: overrides.lastError ?? null,
      lastErrorAt: overrides.lastError ? ago(0.1) : null,
      nextSyncAt: new Date(NOW.getTime() + 3_600_000),
    },
  });
}

async function syncRuns(organizationId: string, connectionId: string, count: number) {
  for (let index = 0; index < count; index += 1) {
    const startedAt = new Date(NOW.getTime() - (index + 1) * 3_600_000);
    const failed = index === 1;
    await db.syncRun.create({
      data: {
        organizationId,
        connectionId,
        trigger: index % 2 === 0 ? "SCHEDULED" : "MANUAL",
        status: failed ? "FAILED" : "SUCCEEDED",
        startedAt,
        heartbeatAt: startedAt,
        finishedAt: new Date(startedAt.getTime() + 95_000),
        windowStart: new Date(startedAt.getTime() - 3_600_000),
        windowEnd: startedAt,
        pagesFetched: 2,
        ordersUpserted: index + 1,
        error: failed ? "Amazon did not answer in time. The next sync tries again." : null,
      },
    });
  }
}

/** Every key of an object graph, so a PII-named field would be seen even when empty. */
function keysOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(keysOf);
  if (value && typeof value === "object" && !(value instanceof Date)) {
    return Object.entries(value).flatMap(([key, inner]) => [key, ...keysOf(inner)]);
  }
  return [];
}

async function seedTenant(tenant: string, options: { recent: number; older: number; purged: number; runs: number; region: AmazonRegion }) {
  const organization = await createOrganization(db, { legalName: `${tenant} Seller Profile Ltd` });
  const connection = await connect(organization.id, options.region, { lastError: tenant === "Alpha" ? "Amazon did not answer in time. The next sync tries again." : undefined });
  const orders = [
    ...Array.from({ length: options.recent }, () => order(tenant, 5)),
    ...Array.from({ length: options.older }, () => order(tenant, 60)),
  ];
  await db.$transaction((tx) => upsertOrders(tx, { organizationId: organization.id, connectionId: connection.id }, orders));
  const older = await db.amazonOrder.findMany({
    where: { organizationId: organization.id, purchaseDate: { lt: ago(30) } },
    select: { id: true },
    take: options.purged,
  });
  // What the retention job leaves behind (lib/orders/retention.ts): PII columns nulled, the time recorded.
  await db.amazonOrder.updateMany({
    where: { id: { in: older.map((row) => row.id) } },
    data: { piiPurgedAt: ago(1), buyerName: null, buyerEmail: null, buyerEmailIndex: null, buyerPhone: null, shipName: null, shipAddressLine1: null, shipCity: null, shipPostalCode: null, shipCountryCode: null },
  });
  await syncRuns(organization.id, connection.id, options.runs);
  return { organization, connection };
}

describe("getSellerProfile", () => {
  it("counts one organization's orders, team, syncs and deletions, and holds no buyer data or token", async () => {
    const alpha = await seedTenant("Alpha", { recent: 3, older: 2, purged: 1, runs: SELLER_PROFILE_SYNC_RUNS + 2, region: "NA" });
    const beta = await seedTenant("Beta", { recent: 4, older: 4, purged: 3, runs: 2, region: "EU" });
    const organizationId = alpha.organization.id;

    await db.organization.update({
      where: { id: organizationId },
      data: { onboardingStep: "COMPLETE", onboardingCompletedAt: ago(39), marketplaceIds: ["ATVPDKIKX0DER", "A2EUQ1WTGCTBG2"], countryCode: "US" },
    });
    const owner = await createUser(db, { role: "SELLER_OWNER", organizationId, displayName: "Olga Alpha-Owner", password: null });
    await createUser(db, { role: "SELLER_MEMBER", organizationId, password: null });
    await createUser(db, { role: "SELLER_MEMBER", organizationId, password: null, status: "DEACTIVATED" });
    await createUser(db, { role: "SELLER_OWNER", organizationId: beta.organization.id, password: null });
    await db.termsAcceptance.create({ data: { organizationId, userId: owner.id, termsVersion: "2026-01-01", acceptedAt: ago(100) } });
    await db.termsAcceptance.create({ data: { organizationId, userId: owner.id, termsVersion: CURRENT_TERMS_VERSION, acceptedAt: ago(39) } });
    const invitation = (email: string, overrides: { expiresAt?: Date; acceptedAt?: Date; orgId?: string } = {}) =>
      db.invitation.create({
        data: {
          email,
          kind: "SELLER",
          role: "SELLER_MEMBER",
          organizationId: overrides.orgId ?? organizationId,
          tokenHash: randomUUID(),
          expiresAt: overrides.expiresAt ?? new Date(NOW.getTime() + 7 * DAY),
          acceptedAt: overrides.acceptedAt ?? null,
        },
      });
    await invitation("pending.alpha@example.test");
    await invitation("expired.alpha@example.test", { expiresAt: ago(1) });
    await invitation("accepted.alpha@example.test", { acceptedAt: ago(2) });
    await invitation("pending.beta@example.test", { orgId: beta.organization.id });
    // A disconnected Europe connection whose data was deleted (D2), and one deletion of the other tenant.
    const europe = await db.amazonConnection.create({
      data: { organizationId, region: "EU", sellingPartnerId: "AEUROPEALPHA", status: "DISCONNECTED", connectedAt: ago(80), disconnectedAt: ago(50) },
    });
    await db.dataDeletionRecord.create({ data: { organizationId, connectionId: europe.id, reason: "seller_disconnected", ordersDeleted: 12, createdAt: ago(50) } });
    await db.dataDeletionRecord.create({ data: { organizationId: beta.organization.id, connectionId: beta.connection.id, reason: "amazon_revoked", ordersDeleted: 99 } });

    const profile = await getSellerProfile(db, organizationId, { includeHealth: true, now: NOW });
    expect(profile).not.toBeNull();
    expect(profile).toMatchObject({
      organizationId,
      legalName: "Alpha Seller Profile Ltd",
      countryCode: "US",
      marketplaceIds: ["ATVPDKIKX0DER", "A2EUQ1WTGCTBG2"],
      onboarding: { step: "COMPLETE", completedAt: ago(39), termsAcceptedAt: ago(39), termsVersion: CURRENT_TERMS_VERSION },
      orders: { total: 5, lastThirtyDays: 3, piiPurged: 1 },
      team: {
        counts: [
          { role: "SELLER_OWNER", status: "ACTIVE", count: 1 },
          { role: "SELLER_MEMBER", status: "ACTIVE", count: 1 },
          { role: "SELLER_MEMBER", status: "DEACTIVATED", count: 1 },
        ],
        pendingInvitations: 1,
      },
      deletions: [{ region: "EU", reason: "seller_disconnected", ordersDeleted: 12 }],
    });
    // In the regions' order (NA, EU, FE), like the sellers list.
    expect(profile!.health!.connections).toEqual([
      expect.objectContaining({
        region: "NA",
        status: "ACTIVE",
        lastSyncStatus: "FAILED",
        lastError: "Amazon did not answer in time. The next sync tries again.",
        nextSyncAt: new Date(NOW.getTime() + 3_600_000),
      }),
      expect.objectContaining({ region: "EU", status: "DISCONNECTED", disconnectedAt: ago(50), lastSyncAt: null }),
    ]);
    // The newest runs, newest first, this organization's only.
    const runs = profile!.health!.syncRuns;
    expect(runs).toHaveLength(SELLER_PROFILE_SYNC_RUNS);
    expect(runs.map((run) => run.ordersUpserted)).toEqual(Array.from({ length: SELLER_PROFILE_SYNC_RUNS }, (_, index) => index + 1));
    expect(runs.every((run) => run.region === "NA" && run.pagesFetched === 2)).toBe(true);
    expect(runs[1]).toMatchObject({ status: "FAILED", trigger: "MANUAL", error: "Amazon did not answer in time. The next sync tries again." });
    expect(runs[0]!.finishedAt!.getTime() - runs[0]!.startedAt.getTime()).toBe(95_000);

    // No buyer data, no token, no connection secret, whatever its form.
    const text = JSON.stringify(profile);
    const storedSecrets = await db.amazonConnection.findUniqueOrThrow({ where: { id: alpha.connection.id }, select: { refreshTokenCiphertext: true } });
    const storedPii = await db.amazonOrder.findFirstOrThrow({ where: { organizationId, piiPurgedAt: null }, select: { buyerName: true, buyerEmail: true } });
    for (const secret of [
      "Harriet",
      "Buyerson",
      "marketplace.amazon.example",
      "555-0147",
      "Orchard Lane",
      "98402",
      TEST_REFRESH_TOKEN,
      storedSecrets.refreshTokenCiphertext!,
      storedPii.buyerName!,
      storedPii.buyerEmail!,
      "@",
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(keysOf(profile).filter((key) => /^(buyer|ship)|token|ciphertext|sellingPartner|email/i.test(key))).toEqual([]);
    // People are counted, never named.
    expect(text).not.toContain("Olga");

    // The other tenant sees only its own rows.
    const other = await getSellerProfile(db, beta.organization.id, { includeHealth: true, now: NOW });
    expect(other).toMatchObject({
      orders: { total: 8, lastThirtyDays: 4, piiPurged: 3 },
      team: { counts: [{ role: "SELLER_OWNER", status: "ACTIVE", count: 1 }], pendingInvitations: 1 },
      deletions: [{ region: "EU", reason: "amazon_revoked", ordersDeleted: 99 }],
    });
    expect(other!.health!.syncRuns).toHaveLength(2);
    expect(other!.health!.connections.map((connection) => connection.region)).toEqual(["EU"]);
  });

  it("leaves connection health and sync history out unless asked for", async () => {
    const { organization } = await seedTenant("Gamma", { recent: 1, older: 0, purged: 0, runs: 1, region: "FE" });
    const profile = await getSellerProfile(db, organization.id, { includeHealth: false });
    expect(profile).not.toBeNull();
    expect(profile!.health).toBeUndefined();
    expect(profile!.orders).toEqual({ total: 1, lastThirtyDays: 1, piiPurged: 0 });
    expect(JSON.stringify(profile)).not.toMatch(/lastSync|nextSync|lastError|ordersUpserted/);
  });

  it("a new organization has empty sections, not errors", async () => {
    const organization = await createOrganization(db);
    expect(await getSellerProfile(db, organization.id, { includeHealth: true })).toMatchObject({
      onboarding: { step: "ORGANIZATION", completedAt: null, termsAcceptedAt: null, termsVersion: null },
      team: { counts: [], pendingInvitations: 0 },
      orders: { total: 0, lastThirtyDays: 0, piiPurged: 0 },
      deletions: [],
      health: { connections: [], syncRuns: [] },
    });
  });

  it("answers null for a malformed or unknown id", async () => {
    for (const id of ["not-a-uuid", "", "../admin", `${randomUUID()}x`, "00000000-0000-0000-0000-00000000000G"]) {
      expect(await getSellerProfile(db, id, { includeHealth: true }), id).toBeNull();
    }
    expect(await getSellerProfile(db, randomUUID(), { includeHealth: true })).toBeNull();
  });
});

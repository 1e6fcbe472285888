// Helpers for the lib/orders integration tests and the sync bench (never imported by app code):
// the local fake Amazon over real HTTP, a seller connected to it through the real
// consent + LWA exchange, SyncDeps that build the real SP-API client against it,
// and a plain-text dump of every table for the PII scan.
import { createSpApiClient } from "@/lib/spapi/client";
import { consentUrl, type SpApiConfig } from "@/lib/spapi/config";
import { fakeAmazonConfig } from "@/lib/spapi/spapi.test-support";
import { silentLogger } from "@/lib/spapi/deps";
import { exchangeAuthorizationCode } from "@/lib/spapi/lwa";
import { DEFAULT_RETRY_POLICY } from "@/lib/spapi/retry";
import { decryptField, encryptField } from "@/lib/crypto/field-encryption";
import {
  DEMO_SELLING_PARTNER_ID,
  MARKETPLACE_CA,
  MARKETPLACE_US,
  startFakeAmazon,
  type FakeAmazon,
  type FakeAmazonOptions,
  type FakeOrder,
} from "@/tools/fake-amazon/server";
import type { SyncDeps } from "./sync";
import type { Db } from "@/lib/db/db";

export const TEST_MARKETPLACES = [MARKETPLACE_US, MARKETPLACE_CA];
const FAST_RETRY = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 5, maxDelayMs: 50 };

export async function startTestFake(options: Partial<FakeAmazonOptions> = {}): Promise<{ fake: FakeAmazon; config: SpApiConfig }> {
  const fake = await startFakeAmazon({ host: "127.0.0.1", port: 0, orderCount: 120, ...options, scenario: { timeScale: 1000, ...options.scenario } });
  const url = fake.url;
  const config = fakeAmazonConfig(url);
  return { fake, config };
}

/** The website authorization workflow against the fake: consent, confirm, exchange the code. */
export async function authorizeDemoSeller(fake: FakeAmazon, config: SpApiConfig): Promise<string> {
  const url = new URL(consentUrl(config, { region: "NA", state: "sync-test-state" }));
  const form = new URLSearchParams({
    application_id: url.searchParams.get("application_id") ?? "",
    state: "sync-test-state",
    redirect_uri: url.searchParams.get("redirect_uri") ?? "",
    selling_partner_id: DEMO_SELLING_PARTNER_ID,
    decision: "confirm",
  });
  const decision = await fetch(new URL("/apps/authorize/confirm", fake.url), { method: "POST", body: form, redirect: "manual" });
  const callback = new URL(decision.headers.get("location") ?? "");
  const tokens = await exchangeAuthorizationCode(config, callback.searchParams.get("spapi_oauth_code") ?? "", { deps: { logger: silentLogger } });
  return tokens.refreshToken;
}

/** An organization with an ACTIVE NA connection to the fake's demo seller (refresh token stored encrypted). */
export async function createConnectedOrganization(db: Db, refreshToken: string, options: { piiRetentionDays?: number } = {}) {
  const organization = await db.organization.create({
    data: {
      legalName: `Sync Test ${Math.random().toString(36).slice(2, 10)} LLC`,
      countryCode: "US",
      marketplaceIds: TEST_MARKETPLACES,
      ...(options.piiRetentionDays ? { piiRetentionDays: options.piiRetentionDays } : {}),
    },
  });
  const connectionId = crypto.randomUUID();
  const connection = await db.amazonConnection.create({
    data: {
      id: connectionId,
      organizationId: organization.id,
      region: "NA",
      sellingPartnerId: DEMO_SELLING_PARTNER_ID,
      refreshTokenCiphertext: await encryptField(refreshToken, {
        table: "amazon_connections",
        column: "refresh_token_ciphertext",
        recordId: connectionId,
      }),
      status: "ACTIVE",
      nextSyncAt: new Date(),
    },
  });
  return { organization, connection };
}

/** SyncDeps with the REAL SP-API client against the fake (small pages, fast retries, fast buckets). */
export function fakeSyncDeps(config: SpApiConfig, overrides: Partial<SyncDeps> & { pageSize?: number; clientNow?: () => number } = {}): SyncDeps {
  const { pageSize = 10, clientNow, ...rest } = overrides;
  return {
    async createOrdersSource(connection, hooks) {
      const refreshToken = await decryptField(connection.refreshTokenCiphertext ?? "", {
        table: "amazon_connections",
        column: "refresh_token_ciphertext",
        recordId: connection.id,
      });
      return createSpApiClient({
        config,
        refreshToken,
        sellerId: connection.sellingPartnerId,
        region: connection.region,
        ordersApiVersion: connection.ordersApiVersion === "V0" ? "v0" : "2026-01-01",
        ordersPageSize: pageSize,
        rateLimitTimeScale: 1000,
        retryPolicy: FAST_RETRY,
        onRevoked: hooks.onRevoked,
        deps: { logger: silentLogger, ...(clientNow ? { now: clientNow } : {}) },
      }).orders;
    },
    ...rest,
  };
}

/** Fake orders the sync window [after, before] must contain (the fake filters inclusively). */
export function fakeOrdersInWindow(fake: FakeAmazon, after: Date, before: Date): FakeOrder[] {
  return fake.state.orders.filter(
    (o) => o.sellingPartnerId === DEMO_SELLING_PARTNER_ID && o.lastUpdatedTime >= after.getTime() && o.lastUpdatedTime <= before.getTime(),
  );
}

/** Every buyer PII value of the fake worth searching for (2-letter codes would match by chance). */
export function fakePiiValues(orders: readonly FakeOrder[]): string[] {
  const values = new Set<string>();
  for (const o of orders) {
    for (const v of [
      o.buyer.buyerName,
      o.buyer.buyerEmail,
      o.buyer.buyerCompanyName,
      o.shippingAddress.name,
      o.shippingAddress.addressLine1,
      o.shippingAddress.postalCode,
      o.shippingAddress.phone,
    ]) {
      if (v && v.length >= 5) values.add(v);
    }
  }
  return [...values];
}

/** Every row of every table in the public schema as text (what a database dump would expose). */
export async function dumpDatabaseText(db: Db): Promise<string> {
  const tables = await db.$queryRawUnsafe<{ table_name: string }[]>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const parts: string[] = [];
  for (const { table_name } of tables) {
    const rows = await db.$queryRawUnsafe<{ row: string }[]>(`SELECT t::text AS row FROM "${table_name.replace(/"/g, '""')}" AS t`);
    parts.push(`-- ${table_name}`, ...rows.map((r) => r.row));
  }
  return parts.join("\n");
}

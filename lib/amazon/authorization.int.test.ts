// The SP-API website authorization workflow against the local fake of
// Seller Central + LWA over real HTTP, on the test database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { decryptField } from "@/lib/crypto/field-encryption";
import { LwaError } from "@/lib/spapi/errors";
import { exchangeAuthorizationCode } from "@/lib/spapi/lwa";
import type { SpApiConfig } from "@/lib/spapi/config";
import { FAKE_REDIRECT_URI, fakeAmazonConfig } from "@/lib/spapi/spapi.test-support";
import { createOrganization, createSignedInUser, createTestSession, testRequest } from "@/test/factories";
import { disconnectTestPrisma, getTestPrisma } from "@/test/db";
import {
  DEMO_SELLING_PARTNER_ID,
  FAKE_SPAPI_APP_ID,
  startFakeAmazon,
  type FakeAmazon,
} from "@/tools/fake-amazon/server";
import {
  AUTHORIZATION_STATE_TTL_MS,
  completeAmazonAuthorization,
  hashAuthorizationState,
  startAmazonAuthorization,
  type CallbackParams,
} from "./authorization";

const db = getTestPrisma();
let fake: FakeAmazon;
let config: SpApiConfig;

beforeAll(async () => {
  fake = await startFakeAmazon({ port: 0, host: "127.0.0.1", orderCount: 5, redirectUris: [FAKE_REDIRECT_URI] });
  config = fakeAmazonConfig(fake.url);
});

afterAll(async () => {
  await fake?.stop();
  await disconnectTestPrisma();
});

/** A seller owner whose organization has reached the CONNECT step (terms accepted), selling in the US. */
async function sellerReadyToConnect(): Promise<{ actor: Actor; organizationId: string }> {
  const organization = await createOrganization(db);
  await db.organization.update({
    where: { id: organization.id },
    data: { onboardingStep: "CONNECT", marketplaceIds: ["ATVPDKIKX0DER"] },
  });
  const { actor } = await createSignedInUser(db, { role: "SELLER_OWNER", organizationId: organization.id });
  return { actor, organizationId: organization.id };
}

/** Drives the fake's consent page as the seller would: Confirm (or Cancel) posts the form; Amazon redirects back. */
async function consent(consentUrl: string, decision: "confirm" | "cancel" = "confirm"): Promise<CallbackParams> {
  const page = new URL(consentUrl);
  const form = new URLSearchParams({
    application_id: page.searchParams.get("application_id") ?? "",
    state: page.searchParams.get("state") ?? "",
    redirect_uri: page.searchParams.get("redirect_uri") ?? "",
    selling_partner_id: DEMO_SELLING_PARTNER_ID,
    decision,
  });
  const response = await fetch(new URL("/apps/authorize/confirm", page), {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: form,
    redirect: "manual",
  });
  expect(response.status).toBe(302);
  const location = new URL(response.headers.get("location") ?? "");
  expect(`${location.origin}${location.pathname}`).toBe(FAKE_REDIRECT_URI);
  return {
    state: location.searchParams.get("state"),
    spapiOauthCode: location.searchParams.get("spapi_oauth_code"),
    sellingPartnerId: location.searchParams.get("selling_partner_id"),
    error: location.searchParams.get("error"),
  };
}

async function start(actor: Actor, now?: Date): Promise<string> {
  const started = await startAmazonAuthorization(db, actor, "NA", { config, now });
  if (!started.ok) throw new Error(started.error);
  return started.consentUrl;
}

/** Every text value of every row of every table in the public schema, for "this secret appears nowhere" checks. */
async function dumpAllTables(): Promise<string> {
  const tables = await db.$queryRaw<{ table_name: string }[]>`
    SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`;
  const parts: string[] = [];
  for (const { table_name } of tables) {
    // Table names come from the catalogue, not from input.
    const rows = await db.$queryRawUnsafe<{ row: string }[]>(`SELECT t::text AS row FROM "${table_name.replace(/"/g, '""')}" t`);
    for (const { row } of rows) parts.push(row);
  }
  return parts.join("\n");
}

async function connectionsOf(organizationId: string) {
  return db.amazonConnection.findMany({ where: { organizationId } });
}

async function connectFailedAudits(requestId: string) {
  return db.auditEvent.findMany({ where: { requestId, action: "amazon.connect_failed" } });
}

describe("startAmazonAuthorization", () => {
  it("creates a random state, stores only its hash, binds it to the session, user, organization and region for 10 minutes", async () => {
    const { actor, organizationId } = await sellerReadyToConnect();
    const now = new Date();
    const first = new URL(await start(actor, now));
    const state = first.searchParams.get("state")!;
    expect(first.origin).toBe(fake.url);
    expect(first.pathname).toBe("/apps/authorize/consent");
    expect(first.searchParams.get("application_id")).toBe(FAKE_SPAPI_APP_ID);
    expect(first.searchParams.get("redirect_uri")).toBe(FAKE_REDIRECT_URI);
    expect(state).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 random bytes

    const rows = await db.amazonAuthorizationState.findMany({ where: { organizationId } });
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(row.stateHash).toBe(hashAuthorizationState(state));
    expect(JSON.stringify(row)).not.toContain(state);
    expect(row).toMatchObject({ sessionId: actor.sessionId, userId: actor.userId, organizationId, region: "NA", usedAt: null });
    expect(row.expiresAt.getTime() - now.getTime()).toBe(AUTHORIZATION_STATE_TTL_MS);

    // Another click: a different state, and the earlier unused one of this session is superseded.
    const second = new URL(await start(actor)).searchParams.get("state");
    expect(second).not.toBe(state);
    expect(await db.amazonAuthorizationState.count({ where: { organizationId } })).toBe(1);
  });

  it("refuses before the data-use terms are accepted, for a region the seller does not sell in, and for a member", async () => {
    const { actor, organizationId } = await sellerReadyToConnect();
    expect(await startAmazonAuthorization(db, actor, "EU", { config })).toMatchObject({ ok: false });
    await db.organization.update({ where: { id: organizationId }, data: { onboardingStep: "TERMS" } });
    expect(await startAmazonAuthorization(db, actor, "NA", { config })).toMatchObject({ ok: false });
    await db.organization.update({ where: { id: organizationId }, data: { onboardingStep: "CONNECT" } });
    const { actor: member } = await createSignedInUser(db, { role: "SELLER_MEMBER", organizationId });
    expect(await startAmazonAuthorization(db, member, "NA", { config })).toMatchObject({ ok: false });
    expect(await db.amazonAuthorizationState.count({ where: { organizationId } })).toBe(0);
  });
});

describe("completeAmazonAuthorization (the callback)", () => {
  it("exchanges the code through LWA and stores the refresh token only as ciphertext, with the seller id and region", async () => {
    const { actor, organizationId } = await sellerReadyToConnect();
    const params = await consent(await start(actor));
    let refreshToken = "";
    const request = testRequest();
    const result = await completeAmazonAuthorization(db, actor, params, {
      config,
      request,
      exchangeCode: async (cfg, code) => {
        const exchange = await exchangeAuthorizationCode(cfg, code);
        refreshToken = exchange.refreshToken;
        return exchange;
      },
    });
    expect(result).toMatchObject({ ok: true, region: "NA", onboardingCompleted: true });
    expect(refreshToken).toMatch(/^Atzr\|/);

    const [connection] = await connectionsOf(organizationId);
    expect(connection).toMatchObject({ status: "ACTIVE", region: "NA", sellingPartnerId: DEMO_SELLING_PARTNER_ID, connectedByUserId: actor.userId });
    expect(connection!.nextSyncAt).not.toBeNull();
    expect(connection!.refreshTokenCiphertext).not.toContain(refreshToken);
    await expect(
      decryptField(connection!.refreshTokenCiphertext!, { table: "amazon_connections", column: "refresh_token_ciphertext", recordId: connection!.id }),
    ).resolves.toBe(refreshToken);
    // Bound to its row: under another record id it does not decrypt.
    await expect(
      decryptField(connection!.refreshTokenCiphertext!, { table: "amazon_connections", column: "refresh_token_ciphertext", recordId: organizationId }),
    ).rejects.toThrow();

    // The plaintext token is in no column of any table (connections, audit rows, states, ...).
    expect(await dumpAllTables()).not.toContain(refreshToken);
    expect(await dumpAllTables()).not.toContain(params.spapiOauthCode!);

    const organization = await db.organization.findUniqueOrThrow({ where: { id: organizationId } });
    expect(organization.onboardingStep).toBe("COMPLETE");
    expect(organization.onboardingCompletedAt).not.toBeNull();
    const audits = await db.auditEvent.findMany({ where: { requestId: request.requestId, action: "amazon.connected" } });
    expect(audits).toHaveLength(1);
  });

  it("refuses a reused state and changes nothing", async () => {
    const { actor, organizationId } = await sellerReadyToConnect();
    const params = await consent(await start(actor));
    expect(await completeAmazonAuthorization(db, actor, params, { config, request: testRequest() })).toMatchObject({ ok: true });
    const before = await connectionsOf(organizationId);

    const request = testRequest();
    // The same callback again (a replay, or a double click).
    expect(await completeAmazonAuthorization(db, actor, params, { config, request })).toEqual({ ok: false, error: "state" });
    expect(await connectionsOf(organizationId)).toEqual(before);
    expect(await connectFailedAudits(request.requestId)).toHaveLength(1);
  });

  it("refuses a missing, unknown, expired or other-session state and changes nothing", async () => {
    const { actor, organizationId } = await sellerReadyToConnect();
    const now = new Date();
    const params = await consent(await start(actor, now));

    expect(await completeAmazonAuthorization(db, actor, { ...params, state: null }, { config, request: testRequest() })).toEqual({ ok: false, error: "state" });
    expect(
      await completeAmazonAuthorization(db, actor, { ...params, state: `${params.state}x` }, { config, request: testRequest() }),
    ).toEqual({ ok: false, error: "state" });

    // The same user signed in on another browser (another session) cannot use it.
    const otherSession = await createTestSession(db, actor.userId);
    const otherActor: Actor = { ...actor, sessionId: otherSession.id };
    expect(await completeAmazonAuthorization(db, otherActor, params, { config, request: testRequest() })).toEqual({ ok: false, error: "state" });
    // Nor can a signed-out browser.
    expect(await completeAmazonAuthorization(db, null, params, { config, request: testRequest() })).toEqual({ ok: false, error: "session" });

    // Past its 10 minutes it is dead.
    const late = new Date(now.getTime() + AUTHORIZATION_STATE_TTL_MS + 1000);
    expect(await completeAmazonAuthorization(db, actor, params, { config, request: testRequest(), now: late })).toEqual({
      ok: false,
      error: "state",
    });

    expect(await connectionsOf(organizationId)).toEqual([]);
    const state = await db.amazonAuthorizationState.findFirstOrThrow({ where: { organizationId } });
    expect(state.usedAt).toBeNull(); // none of those attempts consumed it
  });

  it("an expired or reused authorization code (LWA invalid_grant) changes nothing but spends the state", async () => {
    const { actor, organizationId } = await sellerReadyToConnect();
    const params = await consent(await start(actor));
    // Somebody else already redeemed the code (or 5 minutes passed): LWA answers invalid_grant.
    await exchangeAuthorizationCode(config, params.spapiOauthCode!);

    const request = testRequest();
    expect(await completeAmazonAuthorization(db, actor, params, { config, request })).toEqual({ ok: false, error: "expired" });
    expect(await connectionsOf(organizationId)).toEqual([]);
    const organization = await db.organization.findUniqueOrThrow({ where: { id: organizationId } });
    expect(organization.onboardingStep).toBe("CONNECT");
    expect(await connectFailedAudits(request.requestId)).toHaveLength(1);
    const state = await db.amazonAuthorizationState.findFirstOrThrow({ where: { organizationId } });
    expect(state.usedAt).not.toBeNull();
  });

  it("other LWA failures and a cancelled consent change nothing", async () => {
    const { actor, organizationId } = await sellerReadyToConnect();
    const failing = (): Promise<never> =>
      Promise.reject(new LwaError("LWA authorization_code failed: HTTP 500 after 3 attempts", 500, undefined));
    const params = await consent(await start(actor));
    expect(await completeAmazonAuthorization(db, actor, params, { config, request: testRequest(), exchangeCode: failing })).toEqual({
      ok: false,
      error: "amazon",
    });

    const cancelled = await consent(await start(actor), "cancel");
    expect(cancelled.error).toBe("access_denied");
    expect(await completeAmazonAuthorization(db, actor, cancelled, { config, request: testRequest() })).toEqual({ ok: false, error: "denied" });
    expect(await connectionsOf(organizationId)).toEqual([]);
  });

  it("re-authorization replaces the token of the same seller; another seller account is refused", async () => {
    const { actor, organizationId } = await sellerReadyToConnect();
    expect(await completeAmazonAuthorization(db, actor, await consent(await start(actor)), { config, request: testRequest() })).toMatchObject({
      ok: true,
    });
    const [first] = await connectionsOf(organizationId);
    expect(await completeAmazonAuthorization(db, actor, await consent(await start(actor)), { config, request: testRequest() })).toMatchObject({
      ok: true,
    });
    const [second] = await connectionsOf(organizationId);
    expect(second!.id).toBe(first!.id);
    expect(second!.refreshTokenCiphertext).not.toBe(first!.refreshTokenCiphertext);

    const otherAccount = await consent(await start(actor));
    const result = await completeAmazonAuthorization(
      db,
      actor,
      { ...otherAccount, sellingPartnerId: "A2DEMOSELLER02" },
      { config, request: testRequest() },
    );
    expect(result).toEqual({ ok: false, error: "account" });
    const [third] = await connectionsOf(organizationId);
    expect(third).toEqual(second);
  });
});

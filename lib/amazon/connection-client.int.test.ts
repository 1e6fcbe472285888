// Issue 9, finding 8: the production SyncDeps (defaultSyncDeps, what the
// scheduler runs) build the SP-API client from the VALIDATED environment, so
// a client secret mounted as a file (SPAPI_CLIENT_SECRET_FILE, the way
// production provides secrets) is used. And a wrong client secret, FireFeed's
// own configuration error, is never taken as the seller revoking access: the
// connection and its Amazon data stay.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { resetSpApiConfigCacheForTests } from "@/lib/amazon/spapi-config";
import { resetEnvCacheForTests } from "@/lib/env";
import { disconnectTestPrisma, getTestPrisma } from "@/test/db";
import { FAKE_LWA_CLIENT_ID, FAKE_LWA_CLIENT_SECRET, FAKE_SPAPI_APP_ID, type FakeAmazon } from "@/tools/fake-amazon/server";
import { defaultSyncDeps, runOrderSync } from "@/lib/orders/sync";
import { authorizeDemoSeller, createConnectedOrganization, startTestFake } from "@/lib/orders/sync.test-support";

const db = getTestPrisma();
let fake: FakeAmazon | undefined;
let secretsDir: string;
const savedEnv = { ...process.env };

beforeEach(() => {
  secretsDir = mkdtempSync(path.join(tmpdir(), "firefeed-spapi-secret-"));
});

afterEach(async () => {
  await fake?.stop();
  fake = undefined;
  rmSync(secretsDir, { recursive: true, force: true });
  process.env = { ...savedEnv };
  resetEnvCacheForTests();
  resetSpApiConfigCacheForTests();
});
afterAll(disconnectTestPrisma);

/** The portal's SPAPI_* settings pointing at the fake, with the client secret given ONLY as a file. */
async function configureWithSecretFile(secret: string) {
  const started = await startTestFake({ orderCount: 30 });
  fake = started.fake;
  const refreshToken = await authorizeDemoSeller(started.fake, started.config);
  const secretFile = path.join(secretsDir, "spapi-client-secret");
  writeFileSync(secretFile, `${secret}\n`, { mode: 0o600 });
  delete process.env.SPAPI_CLIENT_SECRET;
  Object.assign(process.env, {
    SPAPI_CLIENT_ID: FAKE_LWA_CLIENT_ID,
    SPAPI_CLIENT_SECRET_FILE: secretFile,
    SPAPI_APPLICATION_ID: FAKE_SPAPI_APP_ID,
    SPAPI_LWA_TOKEN_URL: `${fake.url}/auth/o2/token`,
    SPAPI_ENDPOINT_NA: fake.url,
    SPAPI_ENDPOINT_EU: fake.url,
    SPAPI_ENDPOINT_FE: fake.url,
    SPAPI_CONSENT_BASE_NA: fake.url,
    SPAPI_CONSENT_BASE_EU: fake.url,
    SPAPI_CONSENT_BASE_FE: fake.url,
  });
  resetEnvCacheForTests();
  resetSpApiConfigCacheForTests();
  return createConnectedOrganization(db, refreshToken);
}

describe("the scheduled sync's SP-API client (defaultSyncDeps)", () => {
  it("uses the client secret from SPAPI_CLIENT_SECRET_FILE", async () => {
    const { organization, connection } = await configureWithSecretFile(FAKE_LWA_CLIENT_SECRET);
    const outcome = await runOrderSync(db, { connectionId: connection.id, trigger: "SCHEDULED" }, defaultSyncDeps());
    expect(outcome).toMatchObject({ status: "SUCCEEDED" });
    expect(await db.amazonOrder.count({ where: { organizationId: organization.id } })).toBe(30);
  });

  it("a wrong client secret (invalid_client) fails the run as OUR configuration error and keeps the seller's connection and data", async () => {
    const { organization, connection } = await configureWithSecretFile(FAKE_LWA_CLIENT_SECRET);
    expect((await runOrderSync(db, { connectionId: connection.id, trigger: "SCHEDULED" }, defaultSyncDeps())).status).toBe("SUCCEEDED");

    // The secret is rotated on Amazon's side but not here (or mounted wrong).
    writeFileSync(process.env.SPAPI_CLIENT_SECRET_FILE as string, "amzn1.oa2-cs.v1.FAKE-not-the-registered-secret\n");
    resetEnvCacheForTests();
    resetSpApiConfigCacheForTests();
    await db.amazonConnection.update({ where: { id: connection.id }, data: { nextSyncAt: new Date() } });
    const outcome = await runOrderSync(db, { connectionId: connection.id, trigger: "SCHEDULED" }, defaultSyncDeps());

    expect(outcome.status).toBe("FAILED");
    const after = await db.amazonConnection.findUniqueOrThrow({ where: { id: connection.id } });
    expect(after.status).toBe("ACTIVE");
    expect(after.refreshTokenCiphertext).not.toBeNull();
    expect(after.lastSyncStatus).toBe("FAILED");
    expect(after.lastError).toMatch(/misconfigured on our side.*data is kept/);
    expect(await db.amazonOrder.count({ where: { organizationId: organization.id } })).toBe(30);
    expect(await db.dataDeletionRecord.count({ where: { organizationId: organization.id } })).toBe(0);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { organizationId: organization.id, action: "orders.sync_failed" } });
    expect(audit.details).toMatchObject({ errorClass: "LwaInvalidClientError" });
    expect(await db.auditEvent.count({ where: { organizationId: organization.id, action: "amazon.revoked" } })).toBe(0);
  });
});

// The order sync on a real database against the local fake Amazon over HTTP:
// pagination, injected 429/500, crash + resume (no duplicates, no gaps), the
// watermark, the lease, failures visible, revocation → deletion.
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { disconnectTestPrisma, getTestPrisma } from "@/test/db";
import { createSignedInUser, testRequest } from "@/test/factories";
import type { FakeAmazon } from "@/tools/fake-amazon/server";
import type { OrdersSource } from "@/lib/spapi/orders";
import { runDueOrderSyncs } from "./order-jobs";
import { decryptOrderPii } from "./order-encryption";
import { getSyncStatus, requestSync, runOrderSync, type SyncDeps } from "./sync";
import { authorizeDemoSeller, createConnectedOrganization, fakeOrdersInWindow, fakeSyncDeps, startTestFake } from "./sync.test-support";

const db = getTestPrisma();
let fake: FakeAmazon | undefined;

afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});
afterAll(disconnectTestPrisma);

async function setup(options: { orderCount?: number } = {}) {
  const started = await startTestFake({ orderCount: options.orderCount ?? 120 });
  fake = started.fake;
  const refreshToken = await authorizeDemoSeller(started.fake, started.config);
  const { organization, connection } = await createConnectedOrganization(db, refreshToken);
  return { fake: started.fake, config: started.config, organization, connection };
}

async function storedOrderIds(organizationId: string): Promise<string[]> {
  const rows = await db.amazonOrder.findMany({ where: { organizationId }, select: { amazonOrderId: true } });
  return rows.map((r) => r.amazonOrderId);
}

async function expectExactlyTheWindow(server: FakeAmazon, organizationId: string, runId: string) {
  const run = await db.syncRun.findUniqueOrThrow({ where: { id: runId } });
  expect(run.windowEnd).not.toBeNull();
  const expected = fakeOrdersInWindow(server, run.windowStart, run.windowEnd!).map((o) => o.orderId);
  const stored = await storedOrderIds(organizationId);
  expect(stored.length).toBe(new Set(stored).size); // no duplicates
  expect(new Set(stored)).toEqual(new Set(expected)); // no gaps, nothing extra
  return { run, expected };
}

describe("order sync", () => {
  it("pages through every order, stores PII encrypted, advances the watermark and schedules the next run", async () => {
    const { fake: server, config, organization, connection } = await setup();
    const outcome = await runOrderSync(db, { connectionId: connection.id, trigger: "MANUAL" }, fakeSyncDeps(config));
    expect(outcome.status).toBe("SUCCEEDED");
    if (outcome.status !== "SUCCEEDED") return;
    expect(outcome.pagesFetched).toBeGreaterThan(5);
    const { run, expected } = await expectExactlyTheWindow(server, organization.id, outcome.runId);
    expect(run.status).toBe("SUCCEEDED");
    expect(run.ordersUpserted).toBe(expected.length);
    expect(run.nextPageToken).toBeNull();

    const after = await db.amazonConnection.findUniqueOrThrow({ where: { id: connection.id } });
    expect(after.syncWatermark?.toISOString()).toBe(run.windowEnd?.toISOString());
    expect(after.lastSyncStatus).toBe("SUCCEEDED");
    expect(after.syncLeaseOwner).toBeNull();
    expect(after.nextSyncAt!.getTime()).toBeGreaterThan(Date.now());

    // The stored PII decrypts back to the fake's values; the column itself is ciphertext.
    const fakeOrder = server.state.orders.find((o) => expected.includes(o.orderId) && !o.status.startsWith("Pending"))!;
    const row = await db.amazonOrder.findFirstOrThrow({ where: { organizationId: organization.id, amazonOrderId: fakeOrder.orderId } });
    expect(row.buyerEmail).toMatch(/^v1:/);
    expect(row.buyerEmailIndex).toMatch(/^[0-9a-f]{64}$/);
    const plain = await decryptOrderPii(row);
    expect(plain.buyerEmail).toBe(fakeOrder.buyer.buyerEmail);
    expect(plain.shipAddressLine1).toBe(fakeOrder.shippingAddress.addressLine1);

    // Running again is idempotent: same rows, nothing duplicated.
    const again = await runOrderSync(db, { connectionId: connection.id, trigger: "SCHEDULED" }, fakeSyncDeps(config));
    expect(again.status).toBe("SUCCEEDED");
    const stored = await storedOrderIds(organization.id);
    expect(stored.length).toBe(new Set(stored).size);
    expect(new Set(stored).size).toBeGreaterThanOrEqual(expected.length);
  });

  it("rides out injected 429 and 500 responses", async () => {
    const { fake: server, config, organization, connection } = await setup();
    server.control.fail429Next(2, "searchOrders");
    server.control.fail500Next(2, "searchOrders");
    const outcome = await runOrderSync(db, { connectionId: connection.id, trigger: "MANUAL" }, fakeSyncDeps(config));
    expect(outcome.status).toBe("SUCCEEDED");
    await expectExactlyTheWindow(server, organization.id, (outcome as { runId: string }).runId);
    expect(server.state.stats().injectedFailures).toBeGreaterThanOrEqual(4);
  });

  it("a persistent failure is recorded on the run and the connection in user-safe words, and the lease is released", async () => {
    const { fake: server, config, connection } = await setup();
    server.control.fail500Next(50, "searchOrders");
    const outcome = await runOrderSync(db, { connectionId: connection.id, trigger: "SCHEDULED" }, fakeSyncDeps(config));
    expect(outcome.status).toBe("FAILED");
    const after = await db.amazonConnection.findUniqueOrThrow({ where: { id: connection.id } });
    expect(after.lastSyncStatus).toBe("FAILED");
    expect(after.lastError).toMatch(/Amazon's service/);
    expect(after.lastError).not.toMatch(/HTTP|500|InternalFailure|Atz/);
    expect(after.syncLeaseOwner).toBeNull();
    expect(after.syncWatermark).toBeNull();
    const run = await db.syncRun.findFirstOrThrow({ where: { connectionId: connection.id } });
    expect(run.status).toBe("FAILED");
    expect(run.error).toBe(after.lastError);
  });

  for (const variant of ["before the next page is fetched", "after fetching a page, before committing it"] as const) {
    it(`resumes a crashed run (${variant}) with no duplicates and no gaps`, async () => {
      const { fake: server, config, organization, connection } = await setup();
      const baseDeps = fakeSyncDeps(config);
      let releaseCrashed: (() => void) | undefined;
      const crashingDeps: SyncDeps = {
        ...baseDeps,
        leaseOwner: "instance-that-crashes",
        leaseMs: 1_000,
        async createOrdersSource(conn, hooks) {
          const real = await baseDeps.createOrdersSource(conn, hooks);
          let pages = 0;
          const source: OrdersSource = {
            apiVersion: real.apiVersion,
            getOrder: (id) => real.getOrder(id),
            async searchOrdersUpdatedSince(params) {
              pages += 1;
              if (pages === 4) {
                // The third page is committed; the process "dies" here and never returns.
                if (variant === "after fetching a page, before committing it") await real.searchOrdersUpdatedSince(params);
                await new Promise<void>((_, reject) => {
                  releaseCrashed = () => reject(new Error("the crashed process is gone"));
                });
              }
              return real.searchOrdersUpdatedSince(params);
            },
          };
          return source;
        },
      };
      const crashed = runOrderSync(db, { connectionId: connection.id, trigger: "SCHEDULED" }, crashingDeps);
      await expect.poll(async () => (await db.syncRun.findFirst({ where: { connectionId: connection.id } }))?.pagesFetched, { timeout: 20_000 }).toBe(3);
      await expect.poll(() => releaseCrashed !== undefined, { timeout: 20_000 }).toBe(true);
      const midway = await db.syncRun.findFirstOrThrow({ where: { connectionId: connection.id } });
      expect(midway.status).toBe("RUNNING");
      expect(midway.nextPageToken).not.toBeNull();

      // While the crashed holder's lease is live, nobody else may run.
      const blocked = await runOrderSync(db, { connectionId: connection.id, trigger: "SCHEDULED" }, { ...baseDeps, leaseOwner: "other" });
      expect(blocked.status).toBe("ALREADY_RUNNING");

      // Once it expires, the next run resumes the SAME run from its stored progress.
      const later = () => new Date(Date.now() + 5 * 60_000);
      const resumed = await runOrderSync(db, { connectionId: connection.id, trigger: "SCHEDULED" }, { ...baseDeps, leaseOwner: "survivor", now: later });
      expect(resumed.status).toBe("SUCCEEDED");
      if (resumed.status !== "SUCCEEDED") return;
      expect(resumed.resumed).toBe(true);
      expect(resumed.runId).toBe(midway.id);
      expect(await db.syncRun.count({ where: { connectionId: connection.id } })).toBe(1);
      const { run: resumedRun, expected } = await expectExactlyTheWindow(server, organization.id, resumed.runId);
      if (variant === "before the next page is fetched") {
        // The stored page token was still good: the run continued where it stopped, re-reading nothing.
        expect(resumedRun.pagesFetched).toBe(Math.ceil(expected.length / 10));
      } else {
        // The token was used up by the page lost in the crash: the window was re-read from its start.
        expect(resumedRun.pagesFetched).toBeGreaterThan(Math.ceil(expected.length / 10));
      }

      // The crashed process waking up must not overwrite the finished run.
      releaseCrashed?.();
      const late = await crashed;
      expect(late.status).toBe("FAILED");
      const final = await db.syncRun.findUniqueOrThrow({ where: { id: midway.id } });
      expect(final.status).toBe("SUCCEEDED");
      const connectionAfter = await db.amazonConnection.findUniqueOrThrow({ where: { id: connection.id } });
      expect(connectionAfter.lastSyncStatus).toBe("SUCCEEDED");
      expect(connectionAfter.lastError).toBeNull();
    });
  }

  it("is incremental: the next run reads only orders updated after the watermark", async () => {
    const started = await startTestFake({ orderCount: 60 });
    fake = started.fake;
    const server = started.fake;
    const refreshToken = await authorizeDemoSeller(server, started.config);
    const { organization, connection } = await createConnectedOrganization(db, refreshToken);
    // The client's window end follows the fake's clock, so advancing it settles touched orders.
    const deps = fakeSyncDeps(started.config, { clientNow: () => server.state.now(), now: () => new Date(server.state.now()) });

    const first = await runOrderSync(db, { connectionId: connection.id, trigger: "SCHEDULED" }, deps);
    expect(first.status).toBe("SUCCEEDED");
    const watermark1 = (await db.amazonConnection.findUniqueOrThrow({ where: { id: connection.id } })).syncWatermark!;

    const touched = server.control.touchOrders(5);
    const added = server.control.addOrders(3);
    server.control.advanceTime(10 * 60_000);

    const second = await runOrderSync(db, { connectionId: connection.id, trigger: "SCHEDULED" }, deps);
    expect(second.status).toBe("SUCCEEDED");
    if (second.status !== "SUCCEEDED") return;
    const run2 = await db.syncRun.findUniqueOrThrow({ where: { id: second.runId } });
    expect(run2.windowStart.toISOString()).toBe(watermark1.toISOString());
    const inWindow = fakeOrdersInWindow(server, run2.windowStart, run2.windowEnd!);
    expect(run2.ordersUpserted).toBe(inWindow.length);
    expect(inWindow.length).toBeLessThan(server.state.orders.length / 2);
    const stored = new Set(await storedOrderIds(organization.id));
    for (const id of [...touched, ...added]) expect(stored.has(id)).toBe(true);
    // A touched order's new state (Unshipped → Shipped) is stored.
    for (const id of touched) {
      const fakeOrder = server.state.orders.find((o) => o.orderId === id)!;
      const row = await db.amazonOrder.findFirstOrThrow({ where: { organizationId: organization.id, amazonOrderId: id } });
      expect(row.lastUpdateDate.getTime()).toBe(fakeOrder.lastUpdatedTime);
    }
    const after = await db.amazonConnection.findUniqueOrThrow({ where: { id: connection.id } });
    expect(after.syncWatermark!.getTime()).toBeGreaterThan(watermark1.getTime());
  });

  it("the scheduler's order-sync job runs connections that are due, and schedules their next run", async () => {
    const { config, organization, connection } = await setup({ orderCount: 30 });
    expect(await runDueOrderSyncs(db, fakeSyncDeps(config), new Date())).toBeGreaterThanOrEqual(1);
    const after = await db.amazonConnection.findUniqueOrThrow({ where: { id: connection.id } });
    expect(after.lastSyncStatus).toBe("SUCCEEDED");
    expect(after.nextSyncAt!.getTime()).toBeGreaterThan(Date.now());
    expect(await db.amazonOrder.count({ where: { organizationId: organization.id } })).toBeGreaterThan(0);
    const run = await db.syncRun.findFirstOrThrow({ where: { connectionId: connection.id } });
    expect(run.trigger).toBe("SCHEDULED");
  });

  it("runs one sync per seller at a time: concurrent runs → exactly one holds the lease", async () => {
    const { config, connection } = await setup({ orderCount: 40 });
    const outcomes = await Promise.all(
      ["a", "b", "c"].map((owner) => runOrderSync(db, { connectionId: connection.id, trigger: "SCHEDULED" }, { ...fakeSyncDeps(config), leaseOwner: owner })),
    );
    expect(outcomes.filter((o) => o.status === "SUCCEEDED")).toHaveLength(1);
    expect(outcomes.filter((o) => o.status === "ALREADY_RUNNING")).toHaveLength(2);
  });

  it("requestSync starts in the background (sync:run, scoped) and getSyncStatus shows progress and history", async () => {
    const { config, organization, connection } = await setup({ orderCount: 40 });
    const { actor } = await createSignedInUser(db, { role: "SELLER_OWNER", organizationId: organization.id });
    const result = await requestSync(db, actor, connection.id, testRequest(), fakeSyncDeps(config));
    expect(result).toMatchObject({ ok: true });
    expect("runId" in result && result.runId).toBeTruthy();
    const again = await requestSync(db, actor, connection.id, testRequest(), fakeSyncDeps(config));
    expect(again).toEqual({ ok: true, alreadyRunning: true });
    await expect
      .poll(async () => (await getSyncStatus(db, actor)).recentRuns[0]?.status, { timeout: 30_000 })
      .toBe("SUCCEEDED");
    const status = await getSyncStatus(db, actor);
    expect(status.connection?.status).toBe("ACTIVE");
    expect(status.connection?.lastSyncAt).not.toBeNull();
    expect(status.currentRun).toBeUndefined();
    expect(status.recentRuns[0]?.ordersUpserted).toBeGreaterThan(0);

    // Another organization's member can neither start nor see it.
    const other = await createConnectedOrganization(db, "irrelevant-token");
    const { actor: stranger } = await createSignedInUser(db, { role: "SELLER_OWNER", organizationId: other.organization.id });
    expect(await requestSync(db, stranger, connection.id, testRequest(), fakeSyncDeps(config))).toEqual({
      ok: false,
      error: "This Amazon connection was not found.",
    });
    expect((await getSyncStatus(db, stranger)).connection?.id).toBe(other.connection.id);
    expect((await getSyncStatus(db, stranger)).recentRuns).toEqual([]);
  });

  it("a revoked authorization marks the connection REVOKED and deletes its Amazon data, with proof", async () => {
    const { fake: server, config, organization, connection } = await setup({ orderCount: 40 });
    const first = await runOrderSync(db, { connectionId: connection.id, trigger: "SCHEDULED" }, fakeSyncDeps(config));
    expect(first.status).toBe("SUCCEEDED");
    const before = await db.amazonOrder.count({ where: { organizationId: organization.id } });
    expect(before).toBeGreaterThan(0);

    server.control.revokeRefreshToken("A2DEMOSELLER01");
    const outcome = await runOrderSync(db, { connectionId: connection.id, trigger: "SCHEDULED" }, fakeSyncDeps(config));
    expect(outcome.status).toBe("REVOKED");
    const after = await db.amazonConnection.findUniqueOrThrow({ where: { id: connection.id } });
    expect(after.status).toBe("REVOKED");
    expect(after.refreshTokenCiphertext).toBeNull();
    expect(after.lastError).toMatch(/revoked/);
    expect(await db.amazonOrder.count({ where: { organizationId: organization.id } })).toBe(0);
    expect(await db.syncRun.count({ where: { connectionId: connection.id } })).toBe(0);
    const record = await db.dataDeletionRecord.findFirstOrThrow({ where: { organizationId: organization.id } });
    expect(record).toMatchObject({ reason: "amazon_revoked", ordersDeleted: before, connectionId: connection.id });
    const audit = await db.auditEvent.findFirst({ where: { organizationId: organization.id, action: "amazon.revoked" } });
    expect(audit).not.toBeNull();
    // A revoked connection is not synced again.
    expect(await runOrderSync(db, { connectionId: connection.id, trigger: "SCHEDULED" }, fakeSyncDeps(config))).toEqual({
      status: "NOT_SYNCABLE",
      reason: "not-active",
    });
  });
});

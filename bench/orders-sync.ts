/**
 * Benchmark (issue 4): the order sync of BENCH_SYNC_ORDERS (default 10,000)
 * fake orders from the local fake Amazon over HTTP into a fresh embedded
 * database, through the real SP-API client, the lease, the per-page
 * transactions and the field encryption. Reports orders/s and the peak RSS
 * (process.memoryUsage sampled every 25 ms; the embedded database (PGlite,
 * WASM) and the fake run in this process too, so RSS includes them; the JS
 * heap figure is closer to the sync's own footprint).
 *
 * Then the cost of field encryption as a ratio: the same pages upserted with
 * every PII field encrypted (+ blind index) vs with the PII columns left null,
 * same database, same run, each into a fresh organization (so both insert),
 * alternated twice, best of each.
 */
import "./server-only-shim";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startEmbeddedDatabase } from "../lib/db/embedded-server";
import { applyMigrations } from "../lib/db/migrate";
import { createPrismaClient } from "../lib/db/prisma-factory";
import { createSpApiClient } from "../lib/spapi/client";
import { silentLogger } from "../lib/spapi/deps";
import { decryptField } from "../lib/crypto/field-encryption";
import type { NormalizedOrder, OrdersSource } from "../lib/spapi/orders";
import { upsertOrders } from "../lib/orders/order-encryption";
import { runOrderSync, type SyncDeps } from "../lib/orders/sync";
import { authorizeDemoSeller, createConnectedOrganization, startTestFake } from "../lib/orders/sync.test-support";
import type { Db } from "@/lib/db/db";

const orderCount = Number(process.env.BENCH_SYNC_ORDERS ?? 10_000);
const PAGE_SIZE = 100;

export interface SyncBenchResult {
  orders: number;
  pages: number;
  seconds: number;
  ordersPerSecond: number;
  /** Whole process: includes the in-process PGlite (WASM memory) and the fake. */
  peakRssMb: number;
  /** JS heap only: the sync's own objects (and the fake's 10,000 orders). */
  peakHeapUsedMb: number;
  encryption: { orders: number; withEncryptionMs: number; withoutEncryptionMs: number; ratio: number; perOrderOverheadMs: number };
}

function sampleMemory(): { stop: () => { rss: number; heapUsed: number } } {
  const peak = { rss: 0, heapUsed: 0 };
  const sample = () => {
    const usage = process.memoryUsage();
    peak.rss = Math.max(peak.rss, usage.rss);
    peak.heapUsed = Math.max(peak.heapUsed, usage.heapUsed);
  };
  sample();
  const timer = setInterval(sample, 25);
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      return peak;
    },
  };
}

async function timeUpserts(db: Db, pages: NormalizedOrder[][], piiMode: "encrypt" | "omit", refreshToken: string): Promise<number> {
  const { organization, connection } = await createConnectedOrganization(db, refreshToken);
  const started = performance.now();
  for (const page of pages) {
    await db.$transaction((tx) => upsertOrders(tx, { organizationId: organization.id, connectionId: connection.id }, page, { piiMode }), { timeout: 60_000 });
  }
  return performance.now() - started;
}

export async function runSyncBench(): Promise<SyncBenchResult> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "firefeed-bench-sync-"));
  const database = await startEmbeddedDatabase({ dataDir: path.join(dir, "pglite"), port: 54353, host: "127.0.0.1" });
  const { fake, config } = await startTestFake({ orderCount, scenario: { rateLimits: false } });
  const db = createPrismaClient(database.connectionString, 1);
  try {
    await applyMigrations(database.connectionString, { logger: { info: () => undefined, warn: () => undefined } });
    const refreshToken = await authorizeDemoSeller(fake, config);
    const { connection } = await createConnectedOrganization(db, refreshToken);
    const captured: NormalizedOrder[][] = [];
    const deps: SyncDeps = {
      async createOrdersSource(conn, hooks) {
        const token = await decryptField(conn.refreshTokenCiphertext ?? "", { table: "amazon_connections", column: "refresh_token_ciphertext", recordId: conn.id });
        const real = createSpApiClient({
          config,
          refreshToken: token,
          sellerId: conn.sellingPartnerId,
          region: conn.region,
          ordersApiVersion: "2026-01-01",
          ordersPageSize: PAGE_SIZE,
          rateLimitTimeScale: 1_000_000, // Amazon's real quota would make this a test of waiting
          onRevoked: hooks.onRevoked,
          deps: { logger: silentLogger },
        }).orders;
        const source: OrdersSource = {
          apiVersion: real.apiVersion,
          getOrder: (id) => real.getOrder(id),
          async searchOrdersUpdatedSince(params) {
            const page = await real.searchOrdersUpdatedSince(params);
            captured.push(page.orders);
            return page;
          },
        };
        return source;
      },
    };

    const memory = sampleMemory();
    const started = performance.now();
    const outcome = await runOrderSync(db, { connectionId: connection.id, trigger: "MANUAL" }, deps);
    const seconds = (performance.now() - started) / 1000;
    const peak = memory.stop();
    if (outcome.status !== "SUCCEEDED") throw new Error(`sync did not succeed: ${outcome.status}`);
    const stored = await db.amazonOrder.count({ where: { connectionId: connection.id } });

    const withEncryption: number[] = [];
    const withoutEncryption: number[] = [];
    for (let round = 0; round < 2; round += 1) {
      withoutEncryption.push(await timeUpserts(db, captured, "omit", refreshToken));
      withEncryption.push(await timeUpserts(db, captured, "encrypt", refreshToken));
    }
    const encryptedMs = Math.min(...withEncryption);
    const plainMs = Math.min(...withoutEncryption);
    const encryptedOrders = captured.reduce((sum, page) => sum + page.length, 0);
    return {
      orders: stored,
      pages: outcome.pagesFetched,
      seconds,
      ordersPerSecond: stored / seconds,
      peakRssMb: peak.rss / 1024 / 1024,
      peakHeapUsedMb: peak.heapUsed / 1024 / 1024,
      encryption: {
        orders: encryptedOrders,
        withEncryptionMs: encryptedMs,
        withoutEncryptionMs: plainMs,
        ratio: encryptedMs / plainMs,
        perOrderOverheadMs: (encryptedMs - plainMs) / encryptedOrders,
      },
    };
  } finally {
    await db.$disconnect();
    await fake.stop();
    await database.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function formatSyncResults(result: SyncBenchResult): string {
  const e = result.encryption;
  return [
    "| measure | value |",
    "|---|---|",
    `| orders synced (pages of ${PAGE_SIZE}) | ${result.orders} (${result.pages} pages) |`,
    `| sync time | ${result.seconds.toFixed(1)} s |`,
    `| orders per second | ${result.ordersPerSecond.toFixed(0)} |`,
    `| peak RSS (whole process: in-process PGlite + fake + sync) | ${result.peakRssMb.toFixed(0)} MB |`,
    `| peak JS heap used | ${result.peakHeapUsedMb.toFixed(0)} MB |`,
    `| upsert of ${e.orders} orders, PII encrypted | ${e.withEncryptionMs.toFixed(0)} ms |`,
    `| same upsert, PII columns null | ${e.withoutEncryptionMs.toFixed(0)} ms |`,
    `| encryption cost ratio (encrypted / plain) | ${e.ratio.toFixed(2)}x (+${e.perOrderOverheadMs.toFixed(3)} ms per order) |`,
  ].join("\n");
}

if (process.argv[1] && /orders-sync\.ts$/.test(process.argv[1])) {
  runSyncBench().then(
    (result) => {
      console.log(formatSyncResults(result));
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}

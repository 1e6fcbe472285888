/**
 * Benchmark: the embedded database (PGlite over the wire protocol, pool of 1) against
 * PostgreSQL 15 for a simple query mix through the same `pg` driver the app uses:
 * insert one row, select it by primary key, and a two-statement transaction.
 * Reported as operations per second, p50/p99 per operation, and the ratio
 * embedded/PostgreSQL. PostgreSQL is used when BENCH_POSTGRES_URL (or TEST_DATABASE_URL)
 * is set; each run creates and drops its own scratch database there.
 */
import pg from "pg";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startEmbeddedDatabase } from "../lib/db/embedded-server";

const iterations = Number(process.env.BENCH_DB_ITERATIONS ?? 1000);

type DbResult = { target: string; opsPerSecond: number; p50: number; p99: number };

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function queryMix(target: string, connectionString: string, poolMax: number): Promise<DbResult> {
  const pool = new pg.Pool({ connectionString, max: poolMax });
  await pool.query("CREATE TABLE IF NOT EXISTS bench_items (id bigserial primary key, label text not null, n int not null)");
  const timings: number[] = [];
  const started = performance.now();
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    const inserted = await pool.query<{ id: string }>("INSERT INTO bench_items (label, n) VALUES ($1, $2) RETURNING id", [`item-${i}`, i]);
    await pool.query("SELECT id, label, n FROM bench_items WHERE id = $1", [inserted.rows[0]!.id]);
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      await client.query("UPDATE bench_items SET n = n + 1 WHERE id = $1", [inserted.rows[0]!.id]);
      await client.query("SELECT count(*) FROM bench_items WHERE n > $1", [i]);
      await client.query("COMMIT");
    } finally {
      client.release();
    }
    timings.push(performance.now() - t0);
  }
  const elapsed = (performance.now() - started) / 1000;
  await pool.query("DROP TABLE bench_items");
  await pool.end();
  timings.sort((a, b) => a - b);
  return { target, opsPerSecond: iterations / elapsed, p50: percentile(timings, 50), p99: percentile(timings, 99) };
}

export async function runDbBench(): Promise<DbResult[]> {
  const results: DbResult[] = [];
  const dir = mkdtempSync(path.join(os.tmpdir(), "firefeed-bench-"));
  const embedded = await startEmbeddedDatabase({ dataDir: path.join(dir, "pglite"), port: 54351, host: "127.0.0.1" });
  try {
    results.push(await queryMix("embedded (PGlite socket)", embedded.connectionString, 1));
  } finally {
    await embedded.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const postgresUrl = process.env.BENCH_POSTGRES_URL ?? process.env.TEST_DATABASE_URL;
  if (postgresUrl) {
    const admin = new pg.Client({ connectionString: postgresUrl });
    await admin.connect();
    const name = `firefeed_bench_${Date.now()}`;
    await admin.query(`CREATE DATABASE ${name}`);
    try {
      const url = new URL(postgresUrl);
      url.pathname = `/${name}`;
      results.push(await queryMix("PostgreSQL 15", url.toString(), 10));
    } finally {
      await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
      await admin.end();
    }
  }
  return results;
}

export function formatDbResults(results: DbResult[]): string {
  const postgres = results.find((r) => r.target.startsWith("PostgreSQL"));
  const lines = ["| database | mixes/s | p50 ms | p99 ms | time vs PostgreSQL |", "|---|---|---|---|---|"];
  for (const r of results) {
    const ratio = postgres ? `${(postgres.opsPerSecond / r.opsPerSecond).toFixed(2)}x` : "n/a";
    lines.push(`| ${r.target} | ${r.opsPerSecond.toFixed(0)} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${ratio} |`);
  }
  return lines.join("\n");
}

/**
 * Benchmark: the audit log (A5, L2) at scale, on PostgreSQL.
 *
 * (a) Fill: BENCH_AUDIT_ROWS (default 1,000,000) rows forming a VALID keyed
 *     chain, MACed in Node (computeAuditMac, the app's own function, under the
 *     audit key of the current master key) and written with multi-row
 *     INSERT ... SELECT FROM unnest(...) in batches.
 * (b) Viewer query latency (lib/audit/audit-query.ts, the page's own code
 *     path through Prisma): p50/p95 of the first page (50 rows) with no
 *     filter, an actor filter, an action group (auth.), a rare action group,
 *     organization + 30-day range, and a deep cursor page (~90% down the log).
 * (c) Append throughput: recordAudit in its own transaction (the app's
 *     pattern), sequential and with 8 concurrent appenders (they queue on the
 *     chain's advisory lock), on the filled table.
 * (d) Chain verification speed, rows/s: verifyAuditChain over the whole log
 *     through pg (npm run audit:verify's path) and through Prisma (the
 *     console's path, which the embedded database needs).
 *
 * Runs on a scratch database created on BENCH_POSTGRES_URL / TEST_DATABASE_URL
 * (default postgresql://postgres@127.0.0.1:5432/postgres) and dropped at the end.
 * Usage: npm run bench -- audit   (or npx tsx bench/audit.ts)
 * Env: BENCH_AUDIT_ROWS (1000000), BENCH_AUDIT_APPENDS (1000), BENCH_AUDIT_QUERY_RUNS (30).
 */
import "./server-only-shim";
import { randomBytes, randomUUID } from "node:crypto";
import pg from "pg";
import { applyMigrations } from "../lib/db/migrate";
import { createPrismaClient } from "../lib/db/prisma-factory";
import { to as copyTo } from "pg-copy-streams";
import { AUDIT_ROW_SELECT_SQL, GENESIS_HASH, ROW, auditMacKey, computeAuditMac, recordAudit, type AuditRowArray } from "../lib/audit/record-audit";
import { pgAuditRowSource, prismaAuditRowSource, verifyAuditChain, type AuditRowSource } from "../lib/audit/chain-verify";
import { currentKeyId } from "../lib/crypto/field-encryption";
import { AUDIT_PAGE_SIZE, encodeAuditCursor, queryAuditEvents, type AuditFilters } from "../lib/audit/audit-query";
import type { Db } from "@/lib/db/db";

const ROWS = Number(process.env.BENCH_AUDIT_ROWS ?? 1_000_000);
const APPENDS = Number(process.env.BENCH_AUDIT_APPENDS ?? 1000);
const QUERY_RUNS = Number(process.env.BENCH_AUDIT_QUERY_RUNS ?? 30);
const BATCH = 5000;
const DAY = 86_400_000;

const ACTIONS: ReadonlyArray<[string, number]> = [
  ["auth.sign_in", 30],
  ["auth.sign_in_failed", 10],
  ["auth.mfa_verified", 20],
  ["auth.sign_out", 10],
  ["auth.step_up", 5],
  ["session.revoked", 3],
  ["orders.sync_completed", 10],
  ["orders.pii_revealed", 5],
  ["user.role_changed", 1],
  ["access.denied", 4],
  ["settings.changed", 1],
  ["audit.exported", 1],
];
const ACTION_TABLE = ACTIONS.flatMap(([action, weight]) => Array<string>(weight).fill(action));

export interface AuditBenchResult {
  rows: number;
  fill: { seconds: number; rowsPerSecond: number };
  queries: { name: string; p50: number; p95: number; rowsReturned: number }[];
  appends: { mode: string; events: number; eventsPerSecond: number; p50: number; p95: number }[];
  verify: { path: string; rows: number; seconds: number; rowsPerSecond: number; ok: boolean }[];
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** A small deterministic PRNG, so two runs fill the same shape of data. */
function rng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

async function fill(pool: pg.Pool, organizations: string[], actors: string[], now: number): Promise<number> {
  const random = rng(42);
  const start = now - 300 * DAY;
  const step = (300 * DAY - 60_000) / ROWS;
  const keyId = await currentKeyId();
  const auditKey = await auditMacKey(keyId);
  if (!auditKey) throw new Error("no audit key");
  let prevHash = GENESIS_HASH;
  const started = performance.now();
  for (let offset = 0; offset < ROWS; offset += BATCH) {
    const size = Math.min(BATCH, ROWS - offset);
    const rows: AuditRowArray[] = [];
    const detailsJson: string[] = [];
    for (let i = 0; i < size; i += 1) {
      const n = offset + i + 1;
      const action = ACTION_TABLE[Math.floor(random() * ACTION_TABLE.length)] as string;
      const actor = random() < 0.9 ? (actors[Math.floor(random() * actors.length)] as string) : null;
      const org = random() < 0.4 ? (organizations[Math.floor(random() * organizations.length)] as string) : null;
      const row: AuditRowArray = [];
      row[ROW.id] = String(n);
      row[ROW.occurredAt] = new Date(Math.floor(start + n * step)).toISOString();
      row[ROW.action] = action;
      row[ROW.result] = action === "auth.sign_in_failed" ? "FAILURE" : action === "access.denied" ? "DENIED" : "SUCCESS";
      row[ROW.actorUserId] = actor;
      row[ROW.actorLabel] = actor ? null : "scheduled";
      row[ROW.targetType] = action.startsWith("orders.") ? "order" : "user";
      row[ROW.targetId] = action.startsWith("orders.") ? `111-${String(n % 100_000).padStart(7, "0")}` : actor;
      row[ROW.organizationId] = org;
      row[ROW.ipAddress] = `203.0.113.${n % 250}`;
      row[ROW.userAgent] = "bench";
      row[ROW.requestId] = randomUUID();
      row[ROW.macKeyId] = keyId;
      rows.push(row);
      detailsJson.push(JSON.stringify({ n, method: "password" }));
    }
    // The MAC covers details as PostgreSQL prints the jsonb back (as recordAudit does).
    const printed = await pool.query<{ details: string }>(`SELECT unnest($1::jsonb[])::text AS "details"`, [detailsJson]);
    for (const [i, row] of rows.entries()) {
      row[ROW.details] = printed.rows[i]?.details ?? null;
      row[ROW.prevHash] = prevHash;
      row[ROW.hash] = computeAuditMac(auditKey, row);
      prevHash = row[ROW.hash] as string;
    }
    const column = (index: number) => rows.map((row) => row[index] ?? null);
    await pool.query(
      `INSERT INTO "audit_events" ("id", "occurred_at", "actor_user_id", "actor_label", "action", "target_type", "target_id",
         "organization_id", "result", "ip_address", "user_agent", "request_id", "details", "prev_hash", "hash", "mac_key_id")
       SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[],
         $8::uuid[], $9::"AuditResult"[], $10::text[], $11::text[], $12::text[], $13::jsonb[], $14::text[], $15::text[], $16::text[])`,
      [ROW.id, ROW.occurredAt, ROW.actorUserId, ROW.actorLabel, ROW.action, ROW.targetType, ROW.targetId, ROW.organizationId, ROW.result,
        ROW.ipAddress, ROW.userAgent, ROW.requestId, ROW.details, ROW.prevHash, ROW.hash, ROW.macKeyId].map(column),
    );
    if ((offset / BATCH) % 40 === 0) process.stdout.write(`  filled ${offset + size} / ${ROWS}\r`);
  }
  await pool.query(`SELECT setval(pg_get_serial_sequence('audit_events', 'id'), $1::bigint)`, [ROWS]);
  await pool.query(`ANALYZE "audit_events"`);
  process.stdout.write("\n");
  return (performance.now() - started) / 1000;
}

/** Baseline: the same COPY read and split into lines, nothing verified (how fast PostgreSQL and the socket alone go). */
async function timeRawCopy(client: pg.PoolClient) {
  const t0 = performance.now();
  let rows = 0;
  const stream = client.query(copyTo(`COPY (SELECT ${AUDIT_ROW_SELECT_SQL} FROM "audit_events" ORDER BY "audit_events"."id") TO STDOUT`));
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    for (let at = chunk.indexOf(10); at >= 0; at = chunk.indexOf(10, at + 1)) rows += 1;
  }
  const seconds = (performance.now() - t0) / 1000;
  return { path: "baseline: the COPY stream alone, lines counted", rows, seconds, rowsPerSecond: rows / seconds, ok: true };
}

async function timeVerify(path: string, source: AuditRowSource) {
  const t0 = performance.now();
  const verified = await verifyAuditChain(source);
  const seconds = (performance.now() - t0) / 1000;
  return { path, rows: verified.rows, seconds, rowsPerSecond: verified.rows / seconds, ok: verified.ok };
}

async function timeQuery(prisma: Db, name: string, filters: AuditFilters, cursor?: string) {
  for (let i = 0; i < 3; i += 1) await queryAuditEvents(prisma, filters, { cursor, pageSize: AUDIT_PAGE_SIZE });
  const timings: number[] = [];
  let rowsReturned = 0;
  for (let i = 0; i < QUERY_RUNS; i += 1) {
    const t0 = performance.now();
    const page = await queryAuditEvents(prisma, filters, { cursor, pageSize: AUDIT_PAGE_SIZE });
    timings.push(performance.now() - t0);
    rowsReturned = page.rows.length;
  }
  timings.sort((a, b) => a - b);
  return { name, p50: percentile(timings, 50), p95: percentile(timings, 95), rowsReturned };
}

async function appendRun(prisma: Db, mode: string, concurrency: number) {
  const timings: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < APPENDS) {
        next += 1;
        const t0 = performance.now();
        await prisma.$transaction((tx) =>
          recordAudit(tx, { action: "auth.sign_in", result: "SUCCESS", actorLabel: "bench", requestId: randomUUID(), details: { mode } }),
        );
        timings.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  timings.sort((a, b) => a - b);
  return { mode, events: timings.length, eventsPerSecond: timings.length / seconds, p50: percentile(timings, 50), p95: percentile(timings, 95) };
}

export async function runAuditBench(): Promise<AuditBenchResult> {
  // Run alone (npx tsx bench/audit.ts) it still needs keys; none is in the repository.
  process.env.NEXTAUTH_SECRET ||= randomBytes(48).toString("base64url");
  process.env.DATA_ENCRYPTION_KEY ||= randomBytes(32).toString("base64");
  const adminUrl = process.env.BENCH_POSTGRES_URL ?? process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const name = `firefeed_bench_audit_${Date.now()}`;
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const quiet = { info: () => undefined, warn: () => undefined };
  let pool: pg.Pool | undefined;
  let prisma: Db | undefined;
  try {
    await applyMigrations(url.toString(), { logger: quiet });
    pool = new pg.Pool({ connectionString: url.toString(), max: 4 });
    // DROP DATABASE ... WITH (FORCE) at the end terminates idle connections: not an error here.
    pool.on("error", () => undefined);
    prisma = createPrismaClient(url.toString(), 10);
    const organizations: string[] = [];
    for (let i = 0; i < 50; i += 1) {
      const { rows } = await pool.query<{ id: string }>(
        `INSERT INTO "organizations" ("id", "legal_name", "country_code", "updated_at") VALUES (gen_random_uuid(), $1, 'DE', now()) RETURNING "id"`,
        [`Bench Seller ${i}`],
      );
      organizations.push(rows[0]!.id);
    }
    const actors = Array.from({ length: 2000 }, () => randomUUID());
    const now = Date.now();

    console.log(`  filling ${ROWS.toLocaleString("en-US")} chained audit rows ...`);
    const fillSeconds = await fill(pool, organizations, actors, now);

    const deep = await pool.query<{ id: string; occurred_at: Date }>(
      `SELECT "id", "occurred_at" FROM "audit_events" WHERE "id" = $1`,
      [Math.max(1, Math.floor(ROWS * 0.1))],
    );
    const deepCursor = deep.rows[0] ? encodeAuditCursor({ occurredAt: deep.rows[0].occurred_at, id: BigInt(deep.rows[0].id) }) : undefined;
    const thirtyDays = (offset: number) => new Date(now - offset * DAY).toISOString().slice(0, 16);
    const queries = [
      await timeQuery(prisma, "no filter, first page", {}),
      await timeQuery(prisma, "actor (user id), first page", { actor: actors[7] }),
      await timeQuery(prisma, "action group auth., first page", { action: "auth." }),
      await timeQuery(prisma, "rare action group settings., first page", { action: "settings." }),
      await timeQuery(prisma, "exact action + result", { action: "auth.sign_in_failed", result: "FAILURE" }),
      await timeQuery(prisma, "organization + 30-day range", { org: organizations[3], from: thirtyDays(90), to: thirtyDays(60) }),
      await timeQuery(prisma, "deep cursor page (~90% down)", {}, deepCursor),
    ];

    console.log(`  appending ${APPENDS} events sequentially, then with 8 appenders ...`);
    const appends = [await appendRun(prisma, "sequential, 1 appender", 1), await appendRun(prisma, "8 concurrent appenders", 8)];

    console.log("  verifying the whole chain (pg, then Prisma) ...");
    const reader = await pool.connect();
    let verify: AuditBenchResult["verify"];
    try {
      verify = [
        await timeRawCopy(reader),
        await timeVerify("pg COPY stream (npm run audit:verify)", pgAuditRowSource(reader)), await timeVerify("Prisma raw rows (console)", prismaAuditRowSource(prisma))];
    } finally {
      reader.release();
    }
    return {
      rows: ROWS,
      fill: { seconds: fillSeconds, rowsPerSecond: ROWS / fillSeconds },
      queries,
      appends,
      verify,
    };
  } finally {
    await prisma?.$disconnect();
    await pool?.end();
    await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
    await admin.end();
  }
}

const ms = (value: number) => value.toFixed(value < 10 ? 2 : 1);

export function formatAuditResults(result: AuditBenchResult): string {
  const lines = [
    `Log size: ${result.rows.toLocaleString("en-US")} rows (valid keyed chain), filled in ${result.fill.seconds.toFixed(1)} s (${Math.round(result.fill.rowsPerSecond).toLocaleString("en-US")} rows/s).`,
    "",
    "| viewer query (page of 50) | p50 ms | p95 ms | rows |",
    "|---|---|---|---|",
    ...result.queries.map((q) => `| ${q.name} | ${ms(q.p50)} | ${ms(q.p95)} | ${q.rowsReturned} |`),
    "",
    "| append (recordAudit in a transaction) | events | events/s | p50 ms | p95 ms |",
    "|---|---|---|---|---|",
    ...result.appends.map((a) => `| ${a.mode} | ${a.events} | ${Math.round(a.eventsPerSecond)} | ${ms(a.p50)} | ${ms(a.p95)} |`),
    "",
    "| chain verification | rows | seconds | rows/s | result |",
    "|---|---|---|---|---|",
    ...result.verify.map((v) => `| ${v.path} | ${v.rows.toLocaleString("en-US")} | ${v.seconds.toFixed(1)} | ${Math.round(v.rowsPerSecond).toLocaleString("en-US")} | ${v.ok ? "intact" : "BROKEN"} |`),
  ];
  return lines.join("\n");
}

// Run directly: npx tsx bench/audit.ts
if (process.argv[1] && /bench[\\/]audit\.ts$/.test(process.argv[1])) {
  runAuditBench().then(
    (result) => console.log(`\n${formatAuditResults(result)}`),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}

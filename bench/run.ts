/**
 * `npm run bench`: runs every benchmark and writes the figures to bench/results/
 * (git-ignored) as JSON plus a markdown table on stdout. Compare ratios, not absolute
 * times: the machine changes, the ratio against a baseline measured in the same run
 * does not (much).
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { formatHttpResults, runHttpBench } from "./http-perimeter";
import { formatDbResults, runDbBench } from "./db-query-mix";
import { formatIdentityResults, runIdentityBench } from "./identity";
import { formatSyncResults, runSyncBench } from "./orders-sync";
import { formatAuditResults, runAuditBench } from "./audit";
import { formatEmailTimingResults, runEmailTimingBench } from "./email-timing";

async function main(): Promise<void> {
  // Every start needs a session secret and a data key, and none is written in
  // this repository: the benches (and the servers they start, which inherit
  // this environment) share fresh random ones, as the test runs do.
  process.env.NEXTAUTH_SECRET ||= randomBytes(48).toString("base64url");
  process.env.DATA_ENCRYPTION_KEY ||= randomBytes(32).toString("base64");
  const which = process.argv.slice(2);
  const wants = (name: string) => which.length === 0 || which.includes(name);
  const report: Record<string, unknown> = { date: new Date().toISOString(), node: process.version };
  if (wants("http")) {
    const http = await runHttpBench();
    report.http = http;
    console.log("\n## HTTP: perimeter and rendering vs a static asset\n");
    console.log(formatHttpResults(http));
  }
  if (wants("db")) {
    const db = await runDbBench();
    report.db = db;
    console.log("\n## Database: embedded vs PostgreSQL, query mix\n");
    console.log(formatDbResults(db));
  }
  if (wants("identity")) {
    const identity = await runIdentityBench();
    report.identity = identity;
    console.log("\n## Identity: login latency and the per-request cost of sessions + RBAC\n");
    console.log(formatIdentityResults(identity));
  }
  if (wants("sync")) {
    const sync = await runSyncBench();
    report.sync = sync;
    console.log("\n## Order sync: 10,000 fake orders into the embedded database, and the cost of field encryption\n");
    console.log(formatSyncResults(sync));
  }
  if (wants("audit")) {
    const audit = await runAuditBench();
    report.audit = audit;
    console.log("\n## Audit log: append throughput, viewer queries on 1,000,000 rows, chain verification (PostgreSQL)\n");
    console.log(formatAuditResults(audit));
  }
  if (wants("email")) {
    const email = await runEmailTimingBench();
    report.email = email;
    console.log("\n## E-mail: forgot-password timing, existing vs unknown account (PostgreSQL)\n");
    console.log(formatEmailTimingResults(email));
  }
  const dir = path.join(process.cwd(), "bench", "results");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
  writeFileSync(file, JSON.stringify(report, null, 2));
  console.log(`\nFigures written to ${path.relative(process.cwd(), file)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

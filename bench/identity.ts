/**
 * Benchmark: what identity costs.
 *
 * (a) Login latency. The argon2id hash/verify figures (bench/password-hash.ts),
 *     then the WHOLE password step (`startPasswordStep` of lib/auth/sign-in.ts:
 *     rate limits, user lookup, verify, lockout bookkeeping, audit row(s), MFA
 *     challenge with encrypted pending secret) against a real embedded database
 *     (PGlite over the wire protocol, the default deployment), median/p90 of N
 *     runs for: right password, wrong password, unknown e-mail.
 * (b) The per-request price of sessions + RBAC. The production build served
 *     by scripts/start.ts (own port and data dir), a seller signed in for real
 *     in Chromium (password + TOTP), then autocannon on:
 *       baseline  = a static asset (no middleware, no rendering)
 *       public    = /security (middleware + server render, no session)
 *       seller    = /seller  (middleware JWT gate + session row + user checks + render)
 *       settings  = /seller/settings (the same + the account and sessions queries)
 *     The ratios seller/public and settings/public are the cost of the
 *     authenticated path (session lookup, authorization, the extra queries).
 *
 * Usage: NEXT_DIST_DIR=<build dir> npx tsx bench/identity.ts   (needs a production build)
 * Env: BENCH_LOGIN_RUNS (default 15), BENCH_SECONDS (10), BENCH_CONNECTIONS (10),
 *      BENCH_IDENTITY_PORT (3210), BENCH_IDENTITY_DB_PORT (54352).
 */
import "./server-only-shim";
import autocannon from "autocannon";
import { spawn } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { existsSync, rmSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import * as OTPAuth from "otpauth";
import { chromium } from "@playwright/test";
import { hashPassword } from "../lib/auth/password";
import { generateTotpSecret } from "../lib/auth/mfa/totp";
import { accountRateLimitKey, startPasswordStep, type SignInDependencies } from "../lib/auth/sign-in";
import { encryptField } from "../lib/crypto/field-encryption";
import { startEmbeddedDatabase } from "../lib/db/embedded-server";
import { applyMigrations } from "../lib/db/migrate";
import { createPrismaClient } from "../lib/db/prisma-factory";
import { createRateLimiter } from "../lib/rate-limit";
import { formatPasswordHashResults, runPasswordHashBench, type PasswordHashBenchResult } from "./password-hash";
import type { Db } from "@/lib/db/db";

const httpPort = Number(process.env.BENCH_IDENTITY_PORT ?? 3210);
const dbPort = Number(process.env.BENCH_IDENTITY_DB_PORT ?? 54352);
const loginDbPort = dbPort + 1;
const base = `http://127.0.0.1:${httpPort}`;
const durationSeconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
const loginRuns = Number(process.env.BENCH_LOGIN_RUNS ?? 15);
const dataRoot = path.join(process.cwd(), ".data", "bench", "identity");

export type LoginRow = { scenario: string; medianMs: number; p90Ms: number };
export type HttpRow = { name: string; path: string; rps: number; p50: number; p99: number; non2xx: number };
export type IdentityBenchResult = { passwordHash: PasswordHashBenchResult; login: { runs: number; rows: LoginRow[] }; http: HttpRow[] };

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

/** Creates an organization and an active, verified, MFA-enrolled seller owner with a known password and TOTP secret. */
async function createSeller(db: Db, email: string, password: string, totpSecret: string): Promise<string> {
  const org = await db.organization.create({ data: { legalName: `Bench Org ${randomBytes(3).toString("hex")}`, countryCode: "US" } });
  const passwordHash = await hashPassword(password);
  const now = new Date();
  const user = await db.user.create({
    data: {
      email,
      displayName: "Bench Seller",
      kind: "SELLER",
      role: "SELLER_OWNER",
      status: "ACTIVE",
      organizationId: org.id,
      passwordHash,
      passwordChangedAt: now,
      emailVerifiedAt: now,
      mfaEnrolledAt: now,
    },
  });
  const totpSecretCiphertext = await encryptField(totpSecret, { table: "users", column: "totp_secret_ciphertext", recordId: user.id });
  await db.user.update({ where: { id: user.id }, data: { totpSecretCiphertext } });
  await db.passwordHistoryEntry.create({ data: { userId: user.id, passwordHash } });
  return user.id;
}

// ---------------------------------------------------------------- (a) login

async function runLoginBench(): Promise<{ runs: number; rows: LoginRow[] }> {
  const dataDir = path.join(dataRoot, "login");
  rmSync(dataDir, { recursive: true, force: true });
  const database = await startEmbeddedDatabase({ dataDir: path.join(dataDir, "pglite"), port: loginDbPort, host: "127.0.0.1" });
  const db = createPrismaClient(database.connectionString, 1);
  try {
    await applyMigrations(database.connectionString, { logger: { info: () => undefined, warn: (m) => console.warn(m) } });
    const email = "bench.login@bench.example";
    const password = `${randomBytes(18).toString("base64url")}-Ff9!`;
    const userId = await createSeller(db, email, password, generateTotpSecret());

    // The real in-memory limiter; a fresh client address per attempt keeps the per-IP limit out of the way.
    const limiter = createRateLimiter({ kind: "memory" }, { keyPrefix: `bench-${randomUUID()}` });
    const deps: SignInDependencies = {
      consumeRateLimit: (name, key) => limiter.consume(name, key),
      resetRateLimit: (name, key) => limiter.reset(name, key),
      requestPasswordReset: () => Promise.resolve(),
      resendVerification: () => Promise.resolve(),
      settings: { lockoutThreshold: 5, lockoutBaseMinutes: 15, passwordMaxAgeDays: 365, passwordMinAgeDays: 1 },
    };
    let n = 0;
    const request = () => {
      n += 1;
      return { ipAddress: `198.51.100.${n % 250}`, userAgent: "bench", requestId: randomUUID() };
    };

    const scenarios: Array<{ scenario: string; attempt: () => Promise<unknown>; expectOk: boolean; after?: () => Promise<unknown> }> = [
      { scenario: "right password (-> MFA challenge)", attempt: () => startPasswordStep(db, { email, password }, request(), new Date(), deps), expectOk: true },
      {
        scenario: "wrong password (counted toward lockout)",
        attempt: () => startPasswordStep(db, { email, password: "wrong-password-123!" }, request(), new Date(), deps),
        expectOk: false,
        // Untimed: keep the account under the lockout threshold (and the account limit) so every run does the same work.
        after: async () => {
          await db.user.update({ where: { id: userId }, data: { failedSignInCount: 0, lockedUntil: null, lockoutCount: 0 } });
          await limiter.reset("sign-in:account", accountRateLimitKey(email));
        },
      },
      {
        scenario: "unknown e-mail (dummy verify)",
        attempt: () => startPasswordStep(db, { email: `nobody.${randomUUID()}@bench.example`, password }, request(), new Date(), deps),
        expectOk: false,
      },
    ];

    const rows: LoginRow[] = [];
    for (const { scenario, attempt, expectOk, after } of scenarios) {
      const first = (await attempt()) as { ok: boolean; error?: string };
      if (first.ok !== expectOk) throw new Error(`login bench: "${scenario}" answered ${JSON.stringify(first)}`);
      await after?.();
      const samples: number[] = [];
      for (let run = 0; run < loginRuns; run++) {
        const started = performance.now();
        const result = (await attempt()) as { ok: boolean };
        samples.push(performance.now() - started);
        if (result.ok !== expectOk) throw new Error(`login bench: "${scenario}" changed its answer on run ${run}`);
        await after?.();
      }
      samples.sort((a, b) => a - b);
      rows.push({ scenario, medianMs: quantile(samples, 0.5), p90Ms: quantile(samples, 0.9) });
    }
    return { runs: loginRuns, rows };
  } finally {
    await db.$disconnect();
    await database.stop();
  }
}

// ---------------------------------------------------------------- (b) HTTP

async function waitForHealth(): Promise<void> {
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
    } catch {
      // not up yet
    }
    await sleep(500);
  }
  throw new Error("server did not become healthy");
}

/** Signs in like a person (password, then a TOTP code) in Chromium; returns the Cookie header of the session. */
async function signInForCookie(email: string, password: string, totpSecret: string): Promise<string> {
  const executablePath = existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined;
  const browser = await chromium.launch({ executablePath, args: ["--no-sandbox", "--headless", "--disable-gpu"] });
  try {
    const context = await browser.newContext({ baseURL: base });
    const page = await context.newPage();
    await page.goto("/sign-in?next=%2Fseller");
    await page.getByLabel("Email", { exact: true }).fill(email);
    await page.getByLabel("Password", { exact: true }).fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByLabel("Authentication code").waitFor();
    const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(totpSecret), digits: 6, period: 30, algorithm: "SHA1" });
    await page.getByLabel("Authentication code").fill(totp.generate());
    await page.getByRole("button", { name: "Verify" }).click();
    await page.waitForURL((url) => url.pathname === "/seller");
    const cookies = await context.cookies(base);
    return cookies.map((cookie) => `${cookie.name}=${cookie.value}`).join("; ");
  } finally {
    await browser.close();
  }
}

async function measure(name: string, urlPath: string, cookie?: string): Promise<HttpRow> {
  const result = await autocannon({
    url: `${base}${urlPath}`,
    connections,
    duration: durationSeconds,
    headers: cookie ? { cookie } : undefined,
  });
  return { name, path: urlPath, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx + result.errors };
}

async function runHttpIdentityBench(): Promise<HttpRow[]> {
  const dataDir = path.join(dataRoot, "http");
  rmSync(dataDir, { recursive: true, force: true });
  const email = "bench.seller@bench.example";
  const password = `${randomBytes(18).toString("base64url")}-Ff9!`;
  const totpSecret = generateTotpSecret();

  // The user goes in before the server starts: the embedded database serves one client at a time.
  const seeding = await startEmbeddedDatabase({ dataDir: path.join(dataDir, "pglite"), port: dbPort, host: "127.0.0.1" });
  try {
    await applyMigrations(seeding.connectionString, { logger: { info: () => undefined, warn: (m) => console.warn(m) } });
    const db = createPrismaClient(seeding.connectionString, 1);
    try {
      await createSeller(db, email, password, totpSecret);
    } finally {
      await db.$disconnect();
    }
  } finally {
    await seeding.stop();
  }

  const server = spawn("npx", ["tsx", "scripts/start.ts"], {
    stdio: ["ignore", "ignore", "inherit"],
    env: {
      ...process.env,
      DATABASE_URL: "",
      APP_ENV: "development",
      PORT: String(httpPort),
      APP_URL: `http://127.0.0.1:${httpPort}`,
      EMBEDDED_DB_DIR: path.join(dataDir, "pglite"),
      EMBEDDED_DB_PORT: String(dbPort),
      LOG_LEVEL: "warn",
      NEXT_TELEMETRY_DISABLED: "1",
    },
  });
  try {
    await waitForHealth();
    const cookie = await signInForCookie(email, password, totpSecret);
    const html = await (await fetch(`${base}/security`)).text();
    const asset = /\/_next\/static\/[^"']+\.js/.exec(html)?.[0];
    if (!asset) throw new Error("no static asset found in the page");

    // Sanity: the cookie really opens the seller pages (a redirect to /sign-in would be a bogus fast number).
    for (const p of ["/seller", "/seller/settings"]) {
      const response = await fetch(`${base}${p}`, { headers: { cookie }, redirect: "manual" });
      if (response.status !== 200) throw new Error(`signed-in GET ${p} answered ${response.status}`);
    }
    const anonymous = await fetch(`${base}/seller`, { redirect: "manual" });
    if (anonymous.status < 300 || anonymous.status >= 400) throw new Error(`anonymous GET /seller answered ${anonymous.status}, expected a redirect`);

    for (const p of [asset, "/security"]) await fetch(`${base}${p}`);
    for (const p of ["/seller", "/seller/settings"]) await fetch(`${base}${p}`, { headers: { cookie } });
    return [
      await measure("static asset (baseline)", asset),
      await measure("public page", "/security"),
      await measure("seller page (session + RBAC)", "/seller", cookie),
      await measure("seller settings (session + RBAC + account queries)", "/seller/settings", cookie),
    ];
  } finally {
    server.kill("SIGTERM");
    await new Promise((resolve) => server.on("exit", resolve));
  }
}

export async function runIdentityBench(): Promise<IdentityBenchResult> {
  const passwordHash = await runPasswordHashBench();
  const login = await runLoginBench();
  const http = await runHttpIdentityBench();
  return { passwordHash, login, http };
}

export function formatIdentityResults(result: IdentityBenchResult): string {
  const lines: string[] = [];
  lines.push("### Password hashing\n", formatPasswordHashResults(result.passwordHash), "");
  lines.push(
    `### Password step (lib/auth/sign-in.ts startPasswordStep, embedded database), median and p90 of ${result.login.runs} runs\n`,
    "| scenario | median ms | p90 ms |",
    "|---|---:|---:|",
    ...result.login.rows.map((row) => `| ${row.scenario} | ${row.medianMs.toFixed(1)} | ${row.p90Ms.toFixed(1)} |`),
    "",
  );
  const baseline = result.http[0]!;
  const publicPage = result.http.find((row) => row.path === "/security")!;
  lines.push(
    `### Per-request cost of sessions + RBAC (${connections} connections, ${durationSeconds} s each)\n`,
    "| target | req/s | p50 ms | p99 ms | vs baseline | vs public page | non-2xx |",
    "|---|---:|---:|---:|---:|---:|---:|",
    ...result.http.map(
      (row) =>
        `| ${row.name} \`${row.path.length > 30 ? row.path.slice(0, 27) + "..." : row.path}\` | ${row.rps.toFixed(0)} | ${row.p50} | ${row.p99} | ${(row.rps / baseline.rps).toFixed(2)}x | ${(row.rps / publicPage.rps).toFixed(2)}x | ${row.non2xx} |`,
    ),
  );
  return lines.join("\n");
}

// Run directly (`npx tsx bench/identity.ts`), not when imported by bench/run.ts.
if (process.argv[1]?.endsWith("identity.ts")) {
  runIdentityBench()
    .then((result) => {
      console.log("\n## Identity: login latency and the per-request cost of sessions + RBAC\n");
      console.log(formatIdentityResults(result));
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}

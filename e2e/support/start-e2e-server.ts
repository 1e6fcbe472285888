/**
 * Starts one of the e2e servers (see playwright.config.ts) on a fresh embedded database.
 *
 * - portal: exactly what `npm start` runs (scripts/start.ts), on its own port and data dir.
 * - postgres-dev: the README's "Running against PostgreSQL", `DATABASE_URL=<superuser URL>
 *   npm start`, on a fresh database of the local PostgreSQL: key files are generated for it
 *   and the web server runs as a least-privileged role (issue 9).
 * - production-like: APP_ENV=production with per-run random secrets, as if behind the TLS
 *   proxy (TRUST_PROXY=true), so HTTPS redirects and HSTS can be checked on real responses.
 *   Production refuses to run without DATABASE_URL, so this script starts the embedded
 *   database itself and hands the server a loopback DATABASE_URL.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { e2ePostgresAdminUrl, e2ePostgresDatabaseUrl, e2eServers, productionHostname, type E2eServerName } from "./e2e-paths";
import { E2E_STEP_UP_WINDOW_SECONDS } from "./step-up-window";
import { postgresKeysDir, prepareLocalSecretFiles } from "../../lib/secrets/local-key-file";
import { startEmbeddedDatabase } from "../../lib/db/embedded-server";
import { applyMigrations } from "../../lib/db/migrate";
import { createPrismaClient } from "../../lib/db/prisma-factory";
import { seedE2eFixtures } from "./seed-fixtures";

const name = process.argv[2] as E2eServerName;
const server = e2eServers[name];
if (!server) {
  console.error(`usage: start-e2e-server.ts ${Object.keys(e2eServers).join("|")}`);
  process.exit(2);
}

rmSync(server.dir, { recursive: true, force: true });
mkdirSync(server.dir, { recursive: true });

const baseEnv: NodeJS.ProcessEnv = {
  ...process.env,
  NEXT_TELEMETRY_DISABLED: "1",
  PORT: String(server.port),
  LOG_FILE: server.logFile,
  LOG_LEVEL: "debug",
};

let child: ChildProcess | undefined;
let stopDatabase: (() => Promise<void>) | undefined;

function forward(signal: NodeJS.Signals): void {
  if (child && child.exitCode === null) child.kill(signal);
}
process.on("SIGINT", () => forward("SIGINT"));
process.on("SIGTERM", () => forward("SIGTERM"));

async function main(): Promise<void> {
  if (name === "portal") {
    delete baseEnv.DATABASE_URL;
    const embeddedDbDir = path.join(server.dir, "pglite");
    // The same key file `npm start` creates: made here first (fresh folder), so
    // the fixtures' TOTP secrets are encrypted with the key the portal then
    // finds beside the same data (scripts/start.ts reuses it). Set before
    // lib/env is first read in this process (seedE2eFixtures encrypts).
    const localSecrets = prepareLocalSecretFiles({ ...baseEnv, APP_ENV: "development" }, { embeddedDbDir });
    Object.assign(process.env, localSecrets.variables);
    Object.assign(baseEnv, localSecrets.variables);
    // Fixture accounts (one per role, known TOTP secrets) go in before the portal
    // starts: the embedded database serves one client at a time.
    const seeding = await startEmbeddedDatabase({ dataDir: embeddedDbDir, port: server.dbPort, host: "127.0.0.1" });
    try {
      await applyMigrations(seeding.connectionString);
      const prisma = createPrismaClient(seeding.connectionString, 1);
      try {
        await seedE2eFixtures(prisma);
      } finally {
        await prisma.$disconnect();
      }
    } finally {
      await seeding.stop();
    }
    child = spawn("npx", ["tsx", "scripts/start.ts"], {
      stdio: "inherit",
      env: {
        ...baseEnv,
        APP_ENV: "development",
        APP_URL: `http://localhost:${server.port}`,
        // All interfaces (e2e/zz-rate-limit.spec.ts reaches it from a second address);
        // postgres-dev binds loopback only (issue 9, finding 4; e2e/refusal-rewrites.spec.ts).
        HOSTNAME: "0.0.0.0",
        EMBEDDED_DB_DIR: embeddedDbDir,
        // A short step-up window (A3 allows up to 5 minutes; shorter is stricter),
        // so journeys really pass through /step-up (e2e/amazon-onboarding.spec.ts).
        STEP_UP_WINDOW_SECONDS: String(E2E_STEP_UP_WINDOW_SECONDS),
        EMBEDDED_DB_PORT: String(server.dbPort),
        // scripts/start.ts runs the local fake of Amazon here; one port per suite
        // (4556 + E2E_PORT_OFFSET) so parallel suites and a developer's
        // `npm start` (4555) never collide.
        FAKE_AMAZON_PORT: String(4556 + (Number(process.env.E2E_PORT_OFFSET ?? 0) || 0)),
      },
    });
  } else if (name === "postgres-dev") {
    const databaseUrl = e2ePostgresDatabaseUrl();
    const databaseName = new URL(databaseUrl).pathname.slice(1);
    await withPostgresAdmin(async (admin) => {
      await admin.query(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`);
      await admin.query(`CREATE DATABASE "${databaseName}"`);
    });
    // The key folder npm start picks for this database: a fresh database gets fresh keys.
    rmSync(postgresKeysDir(databaseUrl), { recursive: true, force: true });
    stopDatabase = async () => {
      await withPostgresAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`)).catch(() => undefined);
    };
    child = spawn("npx", ["tsx", "scripts/start.ts"], {
      stdio: "inherit",
      env: {
        ...baseEnv,
        APP_ENV: "development",
        APP_URL: `http://localhost:${server.port}`,
        // Exactly the README's command: one (superuser) URL, nothing else configured.
        DATABASE_URL: databaseUrl,
        // Loopback only: the bind address under which Next once proxied refusals back to
        // itself (issue 9, finding 4; e2e/refusal-rewrites.spec.ts).
        HOSTNAME: "127.0.0.1",
        // Only so the demo credentials file lands in this server's folder, not the developer's .data/.
        EMBEDDED_DB_DIR: path.join(server.dir, "pglite"),
        STEP_UP_WINDOW_SECONDS: String(E2E_STEP_UP_WINDOW_SECONDS),
        FAKE_AMAZON_PORT: String(4557 + (Number(process.env.E2E_PORT_OFFSET ?? 0) || 0)),
      },
    });
  } else {
    const database = await startEmbeddedDatabase({
      dataDir: path.join(server.dir, "pglite"),
      port: server.dbPort,
      host: "127.0.0.1",
    });
    stopDatabase = () => database.stop();
    await applyMigrations(database.connectionString);
    // Fresh random secrets for each run (nothing here is a real credential); the session
    // secret is also written for e2e/minted-session-cookies.spec.ts, which mints cookies with it.
    const sessionSecret = randomBytes(32).toString("base64url");
    writeFileSync(path.join(server.dir, "nextauth-secret"), sessionSecret, { mode: 0o600 });
    child = spawn("node", ["--import", "tsx", "server/main.ts"], {
      stdio: "inherit",
      env: {
        ...baseEnv,
        NODE_ENV: "production",
        APP_ENV: "production",
        APP_URL: `https://${productionHostname}`,
        PRODUCTION_HOSTNAMES: productionHostname,
        TRUST_PROXY: "true",
        DATABASE_URL: database.connectionString,
        DATABASE_POOL_MAX: "1",
        NEXTAUTH_SECRET: sessionSecret,
        DATA_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
        // Production requires SMTP; nothing in these tests sends mail from this server.
        SMTP_URL: "smtp://127.0.0.1:2525",
        // Production requires somewhere outside the database for the audit chain's signed checkpoints.
        AUDIT_CHECKPOINT_FILE: path.join(server.dir, "audit-checkpoints.jsonl"),
        SPAPI_CLIENT_ID: "amzn1.application-oa2-client.e2e0000000000000",
        SPAPI_CLIENT_SECRET: randomBytes(24).toString("base64url"),
        SPAPI_APPLICATION_ID: "amzn1.sp.solution.00000000-0000-4000-8000-0000000000e2",
      },
    });
  }
  const code = await new Promise<number>((resolve) => child!.on("exit", (c) => resolve(c ?? 0)));
  await stopDatabase?.();
  process.exit(code);
}

async function withPostgresAdmin<T>(work: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: e2ePostgresAdminUrl });
  try {
    await admin.connect();
  } catch {
    throw new Error(`the postgres-dev e2e server needs PostgreSQL at ${new URL(e2ePostgresAdminUrl).host} (README, Tests); set TEST_DATABASE_URL to use another server`);
  }
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

main().catch(async (error: unknown) => {
  console.error("e2e server failed to start:", error instanceof Error ? error.message : error);
  await stopDatabase?.();
  process.exit(1);
});

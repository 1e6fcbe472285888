// `npm start` (and `npm run dev`, which passes --dev): brings the portal up.
//
// 0. In development without configured secrets, creates (first start) or
//    reuses a random data-encryption key and session secret in key files
//    (lib/secrets/local-key-file.ts), for the embedded database and for
//    PostgreSQL alike: no secret that appears in the repository is ever used.
// 1. Without DATABASE_URL, starts the embedded database IN THIS PROCESS, which
//    holds its lock for the whole run (a second `npm start` fails clearly).
// 2. Applies pending migrations as the OWNER role (DATABASE_MIGRATION_URL, or
//    in development the one DATABASE_URL given), then seeds demo data into an
//    empty development database (credentials printed once). In development a
//    DATABASE_URL that could do anything gets a least-privileged login role
//    for the web server (lib/db/database-roles.ts); elsewhere the web server
//    refuses such a role (server/main.ts).
// 3. Builds the app if there is no build yet (not in --dev).
// 4. Runs the web server as a child process, forwards SIGINT/SIGTERM to it,
//    and stops the database cleanly once the child has exited.
import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeSync } from "node:fs";
import path from "node:path";
import { applyDevelopmentSecrets } from "@/server/development-secrets";
import { LocalSecretsRefusedError, localSecretsDir } from "@/lib/secrets/local-key-file";
import {
  inspectPortalConnection,
  leastPrivilegeProblems,
  provisionDevelopmentPortalRole,
  randomDatabasePassword,
} from "@/lib/db/database-roles";
import { describeDatabaseUrl, embeddedDbDir, embeddedDbPort } from "@/lib/db/database-target";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "@/lib/db/embedded-server";
import { applyMigrations, getMigrationStatus } from "@/lib/db/migrate";
import { createPrismaClient } from "@/lib/db/prisma-factory";
import { getEnv, type Env } from "@/lib/env";
import { seedDemoData } from "@/prisma/seed";

const devMode = process.argv.includes("--dev");
const projectRoot = process.cwd();
const nextBin = require.resolve("next/dist/bin/next", { paths: [projectRoot] });

let database: EmbeddedDatabase | undefined;
// The local fake of Amazon (development without SPAPI_CLIENT_ID only): see startLocalFakeAmazon().
let fakeAmazon: { stop(): Promise<void> } | undefined;
let child: ChildProcess | undefined;
let shuttingDown = false;

async function stopDatabase(): Promise<void> {
  if (!database) return;
  try {
    await database.stop();
  } catch (error) {
    console.error(`Stopping the embedded database failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function exitAfterCleanup(code: number): Promise<never> {
  await fakeAmazon?.stop().catch(() => undefined);
  await stopDatabase();
  process.exit(code);
}

function onSignal(signal: NodeJS.Signals): void {
  if (shuttingDown) {
    // A second Ctrl-C: the person wants out now.
    child?.kill("SIGKILL");
    return;
  }
  shuttingDown = true;
  if (child && child.exitCode === null && child.signalCode === null) {
    console.log(`\n${signal}: stopping the portal...`);
    child.kill(signal);
    // The child's exit handler stops the database and exits.
  } else {
    void exitAfterCleanup(signal === "SIGINT" ? 130 : 143);
  }
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv, withChannel = false): ChildProcess {
  // The IPC channel lets the web server notice when this launcher dies (even
  // by SIGKILL): its "disconnect" event fires, and it should exit rather than
  // keep serving without a database (server/main.ts listens for it).
  return spawn(command, args, { cwd: projectRoot, env, stdio: withChannel ? ["inherit", "inherit", "inherit", "ipc"] : "inherit" });
}

function waitForExit(proc: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => proc.once("exit", (code, signal) => resolve({ code, signal })));
}

function webServerCommand(port: number): { command: string; args: string[] } {
  if (existsSync(path.join(projectRoot, "server", "main.ts"))) {
    return { command: process.execPath, args: ["--import", "tsx", "server/main.ts", ...(devMode ? ["--dev"] : [])] };
  }
  return { command: process.execPath, args: [nextBin, devMode ? "dev" : "start", "-p", String(port)] };
}

function parentPidOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return null;
  }
}

/**
 * `npm start` runs npm -> sh -> tsx -> this process. A SIGTERM sent to npm
 * (a supervisor stopping it) kills npm and sh but never reaches us, which would
 * leave the web server running and the database lock held with nobody to stop
 * them. So we also treat "our launcher chain went away" as SIGTERM (Linux /proc;
 * elsewhere this watch is simply off).
 */
function stopWhenOrphaned(): void {
  const parent = process.ppid;
  const grandparent = parentPidOf(parent);
  if (grandparent === null) return;
  const timer = setInterval(() => {
    if (process.ppid !== parent || parentPidOf(parent) !== grandparent) {
      clearInterval(timer);
      onSignal("SIGTERM");
    }
  }, 1_000);
  timer.unref();
}

/**
 * Development without Amazon credentials (SPAPI_CLIENT_ID unset): run the local
 * fake of Seller Central + LWA + SP-API (tools/fake-amazon) in THIS process on
 * a fixed loopback port (FAKE_AMAZON_PORT, default 4555; the e2e launcher moves
 * it with E2E_PORT_OFFSET) and point the web server's SPAPI_* variables at it.
 * Its consent page accepts our callback as a registered redirect URI. Never in
 * staging/production: lib/env refuses those without real SPAPI_* credentials.
 * Returns the banner line, or null when real credentials are configured.
 */
async function startLocalFakeAmazon(appUrl: string, childEnv: NodeJS.ProcessEnv): Promise<string | null> {
  if (getEnv().APP_ENV !== "development" || process.env.SPAPI_CLIENT_ID) return null;
  // Loaded only here, so a production start never imports the fake.
  const fake = await import("@/tools/fake-amazon/server");
  const port = Number(process.env.FAKE_AMAZON_PORT || 4555);
  const callback = `${appUrl.replace(/\/+$/, "")}/api/amazon/callback`;
  const started = await fake.startFakeAmazon({ port, host: "127.0.0.1", redirectUris: [callback] });
  fakeAmazon = started;
  Object.assign(childEnv, {
    SPAPI_CLIENT_ID: fake.FAKE_LWA_CLIENT_ID,
    SPAPI_CLIENT_SECRET: fake.FAKE_LWA_CLIENT_SECRET,
    SPAPI_APPLICATION_ID: fake.FAKE_SPAPI_APP_ID,
    SPAPI_REDIRECT_URI: callback,
    SPAPI_LWA_TOKEN_URL: `${started.url}/auth/o2/token`,
    SPAPI_ENDPOINT_NA: started.url,
    SPAPI_ENDPOINT_EU: started.url,
    SPAPI_ENDPOINT_FE: started.url,
    SPAPI_CONSENT_BASE_NA: started.url,
    SPAPI_CONSENT_BASE_EU: started.url,
    SPAPI_CONSENT_BASE_FE: started.url,
  });
  return `  Amazon:   local fake at ${started.url} (demo seller ${fake.DEMO_SELLING_PARTNER_ID})`;
}

/** The development login role's password: random, created once, kept with the other development key files. */
function developmentRolePassword(keysDir: string): string {
  const file = path.join(keysDir, "portal-database-password");
  mkdirSync(keysDir, { recursive: true, mode: 0o700 });
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  const password = randomDatabasePassword();
  const fd = openSync(file, "wx", 0o600);
  try {
    writeSync(fd, `${password}\n`);
  } finally {
    closeSync(fd);
  }
  return password;
}

/**
 * PostgreSQL: the web server must connect as a role that owns nothing (issue
 * 9). Development with one all-powerful DATABASE_URL (the README's quick
 * mode): migrations ran with it, and the web server gets its own login role,
 * a member of firefeed_app only. Otherwise the URL is passed on as it is and
 * server/main.ts refuses it if it can do too much. Returns the banner line.
 */
async function leastPrivilegedWebServerUrl(env: Env, childEnv: NodeJS.ProcessEnv): Promise<string> {
  const databaseUrl = env.DATABASE_URL as string;
  const privileges = await inspectPortalConnection(databaseUrl);
  if (leastPrivilegeProblems(privileges).length === 0) return `  Roles:    the portal connects as ${privileges.sessionUser} (member of firefeed_app; owns nothing)`;
  const canProvision = env.APP_ENV === "development" && !env.DATABASE_MIGRATION_URL && (privileges.sessionIsSuperuser || privileges.sessionCanCreateRoles);
  if (!canProvision) return `  Roles:    ${privileges.sessionUser} has too much power for the web server; it will refuse to start (README, "Database roles")`;
  const keysDir = localSecretsDir(process.env, embeddedDbDir());
  // One login role per development database folder: roles are cluster-wide, passwords are per folder.
  const roleName = `firefeed_portal_dev_${path.basename(keysDir).replace(/[^a-z0-9]/gi, "").toLowerCase().slice(-12) || "local"}`;
  childEnv.DATABASE_URL = await provisionDevelopmentPortalRole(databaseUrl, roleName, developmentRolePassword(keysDir));
  delete childEnv.DATABASE_URL_FILE;
  delete childEnv.DATABASE_MIGRATION_URL;
  delete childEnv.DATABASE_MIGRATION_URL_FILE;
  return `  Roles:    migrations as ${privileges.sessionUser}; the web server connects as ${roleName} (member of firefeed_app; owns nothing)`;
}

async function main(): Promise<void> {
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  stopWhenOrphaned();

  // Before lib/env is first read: the generated key files go into this
  // process's environment (the demo seed encrypts with that key) and from
  // there into the web server's (childEnv copies process.env).
  try {
    const localSecrets = await applyDevelopmentSecrets(process.env);
    for (const message of localSecrets.messages) console.log(message);
  } catch (error) {
    if (error instanceof LocalSecretsRefusedError) {
      console.error(error.message);
      return exitAfterCleanup(1);
    }
    throw error;
  }

  // Fails fast, with every problem listed, before anything is started.
  const env = getEnv();
  const childEnv: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
  let databaseDescription: string;
  /** Where migrations and the demo seed run: the owner (or, embedded, the one session). */
  let migrationConnectionString: string | undefined;

  if (env.DATABASE_URL) {
    databaseDescription = describeDatabaseUrl(env.DATABASE_URL);
    migrationConnectionString = env.DATABASE_MIGRATION_URL ?? (env.APP_ENV === "development" ? env.DATABASE_URL : undefined);
  } else {
    database = await startEmbeddedDatabase({ dataDir: embeddedDbDir(), port: embeddedDbPort(), host: "127.0.0.1" });
    migrationConnectionString = database.connectionString;
    databaseDescription = `embedded PGlite at ${database.dataDir} (127.0.0.1:${database.port})`;
    childEnv.DATABASE_URL = database.connectionString;
    // The embedded server is one PostgreSQL session: exactly one connection.
    childEnv.DATABASE_POOL_MAX = "1";
  }
  if (shuttingDown) return exitAfterCleanup(130);

  if (migrationConnectionString) {
    await applyMigrations(migrationConnectionString);
  } else {
    // Staging/production without the owner's URL: migrations are a release
    // step of their own (npm run db:migrate as the owner); never serve a schema behind the code.
    const status = await getMigrationStatus(env.DATABASE_URL as string);
    if (status.pending.length > 0 || status.failed.length > 0) {
      console.error(
        `The database has ${status.pending.length} pending and ${status.failed.length} failed migration(s). ` +
          "Run `npm run db:migrate` with DATABASE_MIGRATION_URL (the owner role) first; the portal's own role cannot migrate.",
      );
      return exitAfterCleanup(1);
    }
  }
  if (shuttingDown) return exitAfterCleanup(130);

  const roleLine = env.DATABASE_URL ? await leastPrivilegedWebServerUrl(env, childEnv) : null;

  // Demo accounts only ever go into a development database (where migrations always run here).
  if (env.APP_ENV === "development" && migrationConnectionString) {
    const prisma = createPrismaClient(migrationConnectionString, 1);
    try {
      await seedDemoData(prisma);
    } finally {
      // Release the connection before the web server takes the embedded database's only one.
      await prisma.$disconnect();
    }
  }
  if (shuttingDown) return exitAfterCleanup(130);

  if (!devMode && !existsSync(path.join(projectRoot, process.env.NEXT_DIST_DIR || ".next", "BUILD_ID"))) {
    console.log("No production build found: running `next build` first...");
    child = run(process.execPath, [nextBin, "build"], childEnv);
    const build = await waitForExit(child);
    child = undefined;
    if (shuttingDown) return exitAfterCleanup(130);
    if (build.code !== 0) {
      console.error("`next build` failed; see its output above.");
      return exitAfterCleanup(build.code ?? 1);
    }
  }

  const port = env.PORT;
  childEnv.PORT = String(port);
  const appUrl = process.env.APP_URL || `http://localhost:${port}`;
  // Links in e-mails (verification, reset, invitations) must point at this server.
  childEnv.APP_URL = appUrl;
  const amazonDescription = await startLocalFakeAmazon(appUrl, childEnv);
  if (shuttingDown) return exitAfterCleanup(130);
  console.log(
    [
      "",
      `FireFeed Portal (${devMode ? "development server" : "production build"})`,
      `  URL:      ${appUrl}`,
      `  Database: ${databaseDescription}`,
      ...(roleLine ? [roleLine] : []),
      ...(amazonDescription ? [amazonDescription] : []),
      "  Ctrl-C stops it.",
      "",
    ].join("\n"),
  );

  const { command, args } = webServerCommand(port);
  child = run(command, args, childEnv, true);
  const result = await waitForExit(child);
  if (!shuttingDown) {
    console.error(`The web server exited (${result.signal ?? `code ${result.code}`}); stopping.`);
  }
  await exitAfterCleanup(result.code ?? (shuttingDown ? 0 : 1));
}

main().catch(async (error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  child?.kill("SIGTERM");
  await exitAfterCleanup(1);
});

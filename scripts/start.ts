// `npm start` (and `npm run dev`, which passes --dev): brings the portal up.
//
// 0. In the embedded default, creates (first start) or reuses a random
//    data-encryption key and session secret beside the embedded data
//    (lib/crypto/local-key-file.ts), so no published demo secret is used.
// 1. Without DATABASE_URL, starts the embedded database IN THIS PROCESS, which
//    holds its lock for the whole run (a second `npm start` fails clearly).
// 2. Applies pending migrations, then seeds demo data into an empty
//    development database (credentials printed once).
// 3. Builds the app if there is no build yet (not in --dev).
// 4. Runs the web server as a child process, forwards SIGINT/SIGTERM to it,
//    and stops the database cleanly once the child has exited.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { prepareLocalSecretFiles } from "@/lib/crypto/local-key-file";
import { describeDatabaseUrl, embeddedDbDir, embeddedDbPort } from "@/lib/db/database-target";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "@/lib/db/embedded-server";
import { applyMigrations } from "@/lib/db/migrate";
import { createPrismaClient } from "@/lib/db/prisma-factory";
import { getEnv } from "@/lib/env";
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

async function main(): Promise<void> {
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  stopWhenOrphaned();

  // Before lib/env is first read: the key files of the embedded default go
  // into this process's environment (the demo seed encrypts with that key) and
  // from there into the web server's (childEnv copies process.env).
  const localSecrets = prepareLocalSecretFiles(process.env, { embeddedDbDir: embeddedDbDir() });
  Object.assign(process.env, localSecrets.variables);
  for (const message of localSecrets.messages) (message.startsWith("WARNING") ? console.warn : console.log)(message);

  // Fails fast, with every problem listed, before anything is started.
  const env = getEnv();
  const childEnv: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
  let databaseDescription: string;
  let connectionString: string;

  if (process.env.DATABASE_URL) {
    connectionString = process.env.DATABASE_URL;
    databaseDescription = describeDatabaseUrl(connectionString);
  } else {
    database = await startEmbeddedDatabase({ dataDir: embeddedDbDir(), port: embeddedDbPort(), host: "127.0.0.1" });
    connectionString = database.connectionString;
    databaseDescription = `embedded PGlite at ${database.dataDir} (127.0.0.1:${database.port})`;
    childEnv.DATABASE_URL = connectionString;
    // The embedded server is one PostgreSQL session: exactly one connection.
    childEnv.DATABASE_POOL_MAX = "1";
  }
  if (shuttingDown) return exitAfterCleanup(130);

  await applyMigrations(connectionString);
  if (shuttingDown) return exitAfterCleanup(130);

  // Demo accounts only ever go into a development database.
  if (env.APP_ENV === "development") {
    const prisma = createPrismaClient(connectionString, 1);
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

// Server-side only. No "server-only" import: used by scripts under tsx.
//
// Where the command-line scripts (db:migrate, db:seed) find the database:
// DATABASE_URL when set, otherwise the embedded database started for the
// duration of the command (and locked against a running `npm start`).
import { readFileSync } from "node:fs";
import path from "node:path";
import { startEmbeddedDatabase } from "@/lib/db/embedded-server";

export const DEFAULT_EMBEDDED_DB_DIR = ".data/pglite";
export const DEFAULT_EMBEDDED_DB_PORT = 54329;

export function embeddedDbDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.EMBEDDED_DB_DIR || DEFAULT_EMBEDDED_DB_DIR);
}

export function embeddedDbPort(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.EMBEDDED_DB_PORT;
  if (!raw) return DEFAULT_EMBEDDED_DB_PORT;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error("EMBEDDED_DB_PORT must be a port number (1-65535).");
  return port;
}

/** Where the demo credentials are written: beside the embedded data directory. */
export function demoCredentialsPath(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(path.dirname(embeddedDbDir(env)), "demo-credentials.txt");
}

/** A connection URL safe to print: no user name or password, no query string. */
export function describeDatabaseUrl(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    return `PostgreSQL at ${url.hostname}${url.port ? `:${url.port}` : ""}${url.pathname}`;
  } catch {
    return "PostgreSQL (unparseable DATABASE_URL)";
  }
}

/** NAME, or the content of the file NAME_FILE points at (lib/env's rule, for scripts that run before it). */
function variableOrFile(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const direct = env[name]?.trim();
  if (direct) return direct;
  const file = env[`${name}_FILE`]?.trim();
  // eslint-disable-next-line security/detect-non-literal-fs-filename -- a path the operator configured
  return file ? readFileSync(file, "utf8").replace(/\r?\n$/, "") : undefined;
}

/**
 * Runs `task` on the configured database: DATABASE_URL (the portal's own
 * role), or with `{ as: "owner" }` DATABASE_MIGRATION_URL when set (the owner
 * role, for migrations; README "Database roles"); otherwise on the embedded
 * database started for the duration of the command.
 */
export async function withDatabase<T>(
  task: (connectionString: string, poolMax: number) => Promise<T>,
  env: NodeJS.ProcessEnv = process.env,
  options: { as?: "portal" | "owner" } = {},
): Promise<T> {
  const configured = (options.as === "owner" ? variableOrFile(env, "DATABASE_MIGRATION_URL") : undefined) ?? variableOrFile(env, "DATABASE_URL");
  if (configured) return task(configured, Number(env.DATABASE_POOL_MAX) || 10);
  const database = await startEmbeddedDatabase({ dataDir: embeddedDbDir(env), port: embeddedDbPort(env), host: "127.0.0.1" });
  try {
    return await task(database.connectionString, 1);
  } finally {
    await database.stop();
  }
}

// Server-side only (no "server-only" import: the command-line scripts and the
// e2e launcher load it under tsx).
//
// The one entry point for "this command may need the development key files":
// npm start, npm run db:seed, retention:run, audit:verify and the e2e launcher
// call it BEFORE lib/env is first read. It asks the PostgreSQL database (if
// DATABASE_URL is set) whether it already holds data, so a key file is never
// invented for data encrypted with another key, then applies the key files
// (lib/secrets/local-key-file.ts) to `env`, and points AUDIT_CHECKPOINT_FILE
// at the same folder when unset. Outside development it does nothing.
import { readFileSync } from "node:fs";
import { embeddedDbDir } from "@/lib/db/database-target";
import { postgresHoldsPortalData } from "@/lib/db/database-roles";
import path from "node:path";
import { localSecretsDir, prepareLocalSecretFiles, type LocalSecretFiles } from "@/lib/secrets/local-key-file";

/** The database to ask whether it holds data: only relevant in development when no data key is configured. */
function databaseUrlForKeyCheck(env: NodeJS.ProcessEnv): string | undefined {
  if ((env.APP_ENV?.trim() || "development") !== "development") return undefined;
  if (env.DATA_ENCRYPTION_KEY?.trim() || env.DATA_ENCRYPTION_KEY_FILE?.trim() || env.KEY_PROVIDER?.trim() === "aws-kms") return undefined;
  const direct = env.DATABASE_MIGRATION_URL?.trim() || env.DATABASE_URL?.trim();
  if (direct) return direct;
  const file = env.DATABASE_MIGRATION_URL_FILE?.trim() || env.DATABASE_URL_FILE?.trim();
  return file ? readFileSync(file, "utf8").replace(/\r?\n$/, "") : undefined;
}

/**
 * Prepares the development key files and sets their *_FILE variables in `env`
 * (process.env by default). Throws LocalSecretsRefusedError (a message for the
 * terminal, no secret in it) when existing data needs a key that is not there.
 */
export async function applyDevelopmentSecrets(env: NodeJS.ProcessEnv = process.env, options: { embeddedDbDir?: string } = {}): Promise<LocalSecretFiles> {
  const databaseUrl = databaseUrlForKeyCheck(env);
  const result = prepareLocalSecretFiles(env, {
    embeddedDbDir: options.embeddedDbDir ?? embeddedDbDir(env),
    postgresHoldsData: databaseUrl ? await postgresHoldsPortalData(databaseUrl) : undefined,
  });
  Object.assign(env, result.variables);
  // Signed audit checkpoints live outside the database, beside the keys of the data they vouch for.
  if ((env.APP_ENV?.trim() || "development") === "development" && !env.AUDIT_CHECKPOINT_FILE?.trim()) {
    env.AUDIT_CHECKPOINT_FILE = path.join(localSecretsDir(env, options.embeddedDbDir ?? embeddedDbDir(env)), "audit-checkpoints.jsonl");
  }
  return result;
}

// Server-side only (no "server-only" import: scripts/start.ts, the other
// scripts, the e2e launcher load it).
//
// No secret that appears in this repository may protect real data (issue 9).
// So a development start that has no secret configured creates its own, each
// in a file only the owner can read, in a keys folder:
//
//   embedded database (default):  <dirname(EMBEDDED_DB_DIR)>/keys/   (.data/keys/, git-ignored)
//   DATABASE_URL (PostgreSQL):     .data/keys/postgres-<fingerprint of host, port and database>/
//   LOCAL_KEYS_DIR, when set:      that folder, in either mode
//
//   <keys>/data-encryption.key   the data-encryption key (32 random bytes, base64)
//   <keys>/nextauth-secret       the session signing secret (48 random bytes)
//
// and returns DATA_ENCRYPTION_KEY_FILE / NEXTAUTH_SECRET_FILE for the caller
// to set in its own environment (before lib/env is first read) and in the web
// server's. Anything configured explicitly (NAME or NAME_FILE) wins and no file
// is touched; staging/production and KEY_PROVIDER=aws-kms are left alone
// (their keys come from the deployment, and lib/env refuses a start without).
//
// A database that already holds data but has no key file was encrypted with a
// key we do not have (older releases used a published demo key): a new random
// key would not read it, and the published one must never be used again, so
// the start is refused with a message saying how to go on.
/* eslint-disable security/detect-non-literal-fs-filename --
   Every path here derives from the data directory the operator configured
   (EMBEDDED_DB_DIR), never from request input. */
import { createHash, randomBytes } from "node:crypto";
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, statSync, writeSync } from "node:fs";
import path from "node:path";
import { isPublishedSecret } from "./secret-strength";

export const DATA_KEY_FILE_NAME = "data-encryption.key";
export const SESSION_SECRET_FILE_NAME = "nextauth-secret";

export type LocalSecretOutcome = "configured" | "not-applicable" | "existing" | "created";

/** The start cannot go on safely with generated keys: the message says what to do. Never contains a secret. */
export class LocalSecretsRefusedError extends Error {
  override readonly name = "LocalSecretsRefusedError";
}

export interface LocalSecretFiles {
  /** Variables to set for this process and the web server (only those this function chose). */
  variables: { DATA_ENCRYPTION_KEY_FILE?: string; NEXTAUTH_SECRET_FILE?: string };
  dataKey: LocalSecretOutcome;
  sessionSecret: LocalSecretOutcome;
  /** Lines for the terminal: what was created, and warnings. Never a key. */
  messages: string[];
}

/** Where the embedded default keeps its key files: `keys/` beside the embedded database folder. */
export function localKeysDir(embeddedDbDir: string): string {
  return path.join(path.dirname(path.resolve(embeddedDbDir)), "keys");
}

/**
 * The keys folder for a development PostgreSQL database: one per server and
 * database (not per role: the owner and the portal's role share the data), so
 * two local databases never share a key. The fingerprint hides nothing secret;
 * it only keeps the folder name short and free of odd characters.
 */
export function postgresKeysDir(databaseUrl: string, root: string = path.resolve(".data", "keys")): string {
  const url = new URL(databaseUrl);
  const identity = `${url.hostname.toLowerCase()}:${url.port || "5432"}${url.pathname}|${url.searchParams.get("host") ?? ""}`;
  return path.join(root, `postgres-${createHash("sha256").update(identity).digest("hex").slice(0, 16)}`);
}

function isSet(env: NodeJS.ProcessEnv, name: string): boolean {
  return Boolean(env[name]?.trim()) || Boolean(env[`${name}_FILE`]?.trim());
}

/** True when the embedded data folder already holds a database (created by an earlier start). */
function hasExistingDatabase(embeddedDbDir: string): boolean {
  try {
    return readdirSync(embeddedDbDir).length > 0;
  } catch {
    return false;
  }
}

/**
 * Writes `value` to a new file readable only by its owner. `wx` refuses to
 * overwrite: if another process created the file first, its value is kept.
 */
function createSecretFile(file: string, value: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, "wx", 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
  try {
    writeSync(fd, `${value}\n`);
  } finally {
    closeSync(fd);
  }
  return true;
}

/** An existing secret file must be non-empty and private; a file others can read is tightened to 600. */
function checkExistingFile(file: string, messages: string[]): void {
  if (readFileSync(file, "utf8").trim() === "") throw new Error(`${file} is empty: delete it (and the data it protected) or restore it.`);
  if (process.platform !== "win32" && (statSync(file).mode & 0o077) !== 0) {
    chmodSync(file, 0o600);
    messages.push(`Made ${file} readable by its owner only (mode 600).`);
  }
}

export interface LocalSecretOptions {
  embeddedDbDir: string;
  /**
   * With DATABASE_URL: whether that database already holds portal data (the
   * caller asks the database: lib/db/database-state.ts). Without DATABASE_URL
   * the embedded data folder is inspected here.
   */
  postgresHoldsData?: boolean;
}

/** Where this start's key files live (see the header), or null when none are needed. */
export function localSecretsDir(env: NodeJS.ProcessEnv, embeddedDbDir: string): string {
  const configured = env.LOCAL_KEYS_DIR?.trim();
  if (configured) return path.resolve(configured);
  const databaseUrl = env.DATABASE_URL?.trim();
  return databaseUrl ? postgresKeysDir(databaseUrl) : localKeysDir(embeddedDbDir);
}

/**
 * Prepares the key file and session-secret file of a development start (see
 * the header). `env` is read, never modified: the caller applies `variables`.
 * Throws LocalSecretsRefusedError when existing data could only be read with a
 * key that is not there.
 */
export function prepareLocalSecretFiles(env: NodeJS.ProcessEnv, options: LocalSecretOptions): LocalSecretFiles {
  const result: LocalSecretFiles = { variables: {}, dataKey: "not-applicable", sessionSecret: "not-applicable", messages: [] };
  const appEnv = env.APP_ENV?.trim() || "development";
  if (appEnv !== "development") return result;
  if (env.DATABASE_URL_FILE?.trim() && !env.DATABASE_URL?.trim()) {
    // The URL is in a file we have not read yet (lib/env does); the folder name needs it.
    if (!env.LOCAL_KEYS_DIR?.trim()) {
      throw new LocalSecretsRefusedError("With DATABASE_URL_FILE in development, also set LOCAL_KEYS_DIR (where the generated key files go) or configure NEXTAUTH_SECRET and DATA_ENCRYPTION_KEY.");
    }
  }

  const usesKms = env.KEY_PROVIDER?.trim() === "aws-kms";
  const wantsDataKey = !usesKms && !isSet(env, "DATA_ENCRYPTION_KEY");
  const wantsSessionSecret = !isSet(env, "NEXTAUTH_SECRET");
  result.dataKey = usesKms ? "not-applicable" : wantsDataKey ? result.dataKey : "configured";
  result.sessionSecret = wantsSessionSecret ? result.sessionSecret : "configured";
  if (!wantsDataKey && !wantsSessionSecret) return result;

  const usesPostgres = Boolean(env.DATABASE_URL?.trim() || env.DATABASE_URL_FILE?.trim());
  const keysDir = localSecretsDir(env, options.embeddedDbDir);
  mkdirSync(keysDir, { recursive: true, mode: 0o700 });

  if (wantsDataKey) {
    const file = path.join(keysDir, DATA_KEY_FILE_NAME);
    if (existsSync(file)) {
      checkExistingFile(file, result.messages);
      if (isPublishedSecret(readFileSync(file, "utf8").replace(/\r?\n$/, ""))) {
        // Written by the release before this one for a database that predated key files.
        throw new LocalSecretsRefusedError(
          `${file} holds the PUBLISHED development demo key of an earlier release, which is no longer accepted: anyone can decrypt data under it. ` +
            `Stop the portal and delete ${path.dirname(keysDir)} (the embedded database and its keys; demo data is re-created on the next start).`,
        );
      }
      result.dataKey = "existing";
    } else {
      // Decided before anything is written, so a crash in between cannot leave a key that reads nothing.
      const holdsData = usesPostgres ? options.postgresHoldsData === true : hasExistingDatabase(options.embeddedDbDir);
      if (holdsData) {
        const where = usesPostgres ? "The PostgreSQL database in DATABASE_URL" : `The embedded database in ${path.resolve(options.embeddedDbDir)}`;
        const fresh = usesPostgres
          ? "use a new, empty database"
          : `stop the portal and delete ${path.dirname(path.resolve(options.embeddedDbDir))} (demo data is re-created on the next start)`;
        throw new LocalSecretsRefusedError(
          `${where} already holds data, but there is no key file for it in ${keysDir}: its data was encrypted with another key ` +
            "(releases before key files used a PUBLISHED demo key, which is no longer accepted). " +
            `Either ${fresh}, or set DATA_ENCRYPTION_KEY_FILE to the key it was encrypted with.`,
        );
      }
      result.dataKey = createSecretFile(file, randomBytes(32).toString("base64")) ? "created" : "existing";
      if (result.dataKey === "created") result.messages.push(`Created a random data-encryption key in ${file} (mode 600; keep it: without it the data cannot be read).`);
    }
    result.variables.DATA_ENCRYPTION_KEY_FILE = file;
  }

  if (wantsSessionSecret) {
    const file = path.join(keysDir, SESSION_SECRET_FILE_NAME);
    if (existsSync(file)) {
      checkExistingFile(file, result.messages);
      result.sessionSecret = "existing";
    } else {
      // No compatibility concern: a new session secret only signs everyone out.
      result.sessionSecret = createSecretFile(file, randomBytes(48).toString("base64url")) ? "created" : "existing";
      if (result.sessionSecret === "created") result.messages.push(`Created a random session secret in ${file} (mode 600).`);
    }
    result.variables.NEXTAUTH_SECRET_FILE = file;
  }
  return result;
}

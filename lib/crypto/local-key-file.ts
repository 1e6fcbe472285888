// Server-side only (no "server-only" import: scripts/start.ts, the e2e
// launcher and vitest load it).
//
// The embedded default (`npm start` in development without DATABASE_URL) must
// not encrypt with a key published in this repository (R4, N4). On first start
// this creates, beside the embedded data, a random data-encryption key and a
// random session secret, each in a file only the owner can read:
//
//   <dirname(EMBEDDED_DB_DIR)>/keys/data-encryption.key   (default .data/keys/, git-ignored)
//   <dirname(EMBEDDED_DB_DIR)>/keys/nextauth-secret
//
// and returns DATA_ENCRYPTION_KEY_FILE / NEXTAUTH_SECRET_FILE for the caller
// to set in its own environment (before lib/env is first read) and in the web
// server's. Anything configured explicitly (NAME or NAME_FILE) wins and no file
// is touched; staging/production, DATABASE_URL and KEY_PROVIDER=aws-kms are
// left alone (their keys come from the deployment).
//
// Data created before this existed was encrypted with the published demo key.
// If the embedded data directory already holds a database but there is no key
// file yet, the key file gets the DEMO key (with a warning) rather than a new
// random key that would make that data unreadable; deleting the data folder
// (or rotating keys) moves it to a private key.
/* eslint-disable security/detect-non-literal-fs-filename --
   Every path here derives from the data directory the operator configured
   (EMBEDDED_DB_DIR), never from request input. */
import { randomBytes } from "node:crypto";
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, statSync, writeSync } from "node:fs";
import path from "node:path";
import { DEMO_DATA_ENCRYPTION_KEY } from "@/lib/env";

export const DATA_KEY_FILE_NAME = "data-encryption.key";
export const SESSION_SECRET_FILE_NAME = "nextauth-secret";

export type LocalSecretOutcome = "configured" | "not-applicable" | "existing" | "created" | "demo-key-for-existing-data";

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

/**
 * Prepares the key file and session-secret file of the embedded default (see
 * the header). `env` is read, never modified: the caller applies `variables`.
 */
export function prepareLocalSecretFiles(env: NodeJS.ProcessEnv, options: { embeddedDbDir: string }): LocalSecretFiles {
  const result: LocalSecretFiles = { variables: {}, dataKey: "not-applicable", sessionSecret: "not-applicable", messages: [] };
  const appEnv = env.APP_ENV?.trim() || "development";
  if (appEnv !== "development" || env.DATABASE_URL?.trim() || env.DATABASE_URL_FILE?.trim()) return result;

  const keysDir = localKeysDir(options.embeddedDbDir);
  const usesKms = env.KEY_PROVIDER?.trim() === "aws-kms";
  const wantsDataKey = !usesKms && !isSet(env, "DATA_ENCRYPTION_KEY");
  const wantsSessionSecret = !isSet(env, "NEXTAUTH_SECRET");
  result.dataKey = usesKms ? "not-applicable" : wantsDataKey ? result.dataKey : "configured";
  result.sessionSecret = wantsSessionSecret ? result.sessionSecret : "configured";
  if (!wantsDataKey && !wantsSessionSecret) return result;

  mkdirSync(keysDir, { recursive: true, mode: 0o700 });

  if (wantsDataKey) {
    const file = path.join(keysDir, DATA_KEY_FILE_NAME);
    if (existsSync(file)) {
      checkExistingFile(file, result.messages);
      result.dataKey = "existing";
    } else if (hasExistingDatabase(options.embeddedDbDir)) {
      // Decided before anything is written, so a crash in between cannot turn old data unreadable.
      result.dataKey = createSecretFile(file, DEMO_DATA_ENCRYPTION_KEY) ? "demo-key-for-existing-data" : "existing";
      if (result.dataKey === "demo-key-for-existing-data") {
        result.messages.push(
          `WARNING: the embedded database in ${path.resolve(options.embeddedDbDir)} was created before key files existed and its ` +
            `data is encrypted with the PUBLISHED development demo key. That key was written to ${file} so the data stays readable. ` +
            `For a private random key, stop the portal and delete ${path.dirname(path.resolve(options.embeddedDbDir))} (demo data is re-created).`,
        );
      }
    } else {
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

// R4, N4, issue 9 finding 1: a development start without configured secrets
// creates its own random keys (embedded database and PostgreSQL alike), and
// never uses, nor silently replaces, a key that existing data was encrypted with.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, chmodSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadEnv } from "@/lib/env";
import {
  DATA_KEY_FILE_NAME,
  LocalSecretsRefusedError,
  SESSION_SECRET_FILE_NAME,
  localKeysDir,
  postgresKeysDir,
  prepareLocalSecretFiles,
} from "./local-key-file";
import { isPublishedSecret } from "./secret-strength";

/** The demo key of releases before issue 9 (published, so refused everywhere now). */
const FORMER_DEMO_KEY = "ZmlyZWZlZWQtZGV2LWRlbW8ta2V5LU5PVC1TRUNSRVQ=";

let root: string;
let dbDir: string;

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), "firefeed-keys-"));
  dbDir = path.join(root, "pglite");
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

/** process.env-shaped input (NODE_ENV is required by the type, irrelevant here). */
const envOf = (values: Record<string, string> = {}): NodeJS.ProcessEnv => values as NodeJS.ProcessEnv;

const mode = (file: string) => statSync(file).mode & 0o777;

describe("prepareLocalSecretFiles", () => {
  it("first start: creates a random key and session secret (mode 600) beside the data, and lib/env uses them", () => {
    const result = prepareLocalSecretFiles(envOf(), { embeddedDbDir: dbDir });
    expect(result.dataKey).toBe("created");
    expect(result.sessionSecret).toBe("created");
    const keyFile = path.join(root, "keys", DATA_KEY_FILE_NAME);
    const secretFile = path.join(root, "keys", SESSION_SECRET_FILE_NAME);
    expect(result.variables).toEqual({ DATA_ENCRYPTION_KEY_FILE: keyFile, NEXTAUTH_SECRET_FILE: secretFile });
    expect(localKeysDir(dbDir)).toBe(path.join(root, "keys"));
    if (process.platform !== "win32") {
      expect(mode(keyFile)).toBe(0o600);
      expect(mode(secretFile)).toBe(0o600);
      expect(mode(path.join(root, "keys"))).toBe(0o700);
    }
    const key = readFileSync(keyFile, "utf8").trim();
    expect(Buffer.from(key, "base64")).toHaveLength(32);
    expect(isPublishedSecret(key)).toBe(false);

    const env = loadEnv({ ...result.variables });
    expect(env.DATA_ENCRYPTION_KEY).toBe(key);
    expect(isPublishedSecret(env.NEXTAUTH_SECRET)).toBe(false);
    expect(env.NEXTAUTH_SECRET.length).toBeGreaterThanOrEqual(32);
    // The terminal is told where, never what.
    expect(result.messages.join("\n")).toContain(keyFile);
    expect(result.messages.join("\n")).not.toContain(key);
  });

  it("later starts (and a second process such as the e2e launcher) reuse the same files", () => {
    const first = prepareLocalSecretFiles(envOf(), { embeddedDbDir: dbDir });
    const key = readFileSync(first.variables.DATA_ENCRYPTION_KEY_FILE!, "utf8");
    mkdirSync(dbDir, { recursive: true });
    writeFileSync(path.join(dbDir, "PG_VERSION"), "17\n");
    const second = prepareLocalSecretFiles(envOf(), { embeddedDbDir: dbDir });
    expect(second.dataKey).toBe("existing");
    expect(second.sessionSecret).toBe("existing");
    expect(second.variables).toEqual(first.variables);
    expect(readFileSync(second.variables.DATA_ENCRYPTION_KEY_FILE!, "utf8")).toBe(key);
    expect(second.messages).toEqual([]);
  });

  it("refuses to start an embedded database that holds data but has no key file (it was encrypted with another key)", () => {
    mkdirSync(dbDir, { recursive: true });
    writeFileSync(path.join(dbDir, "PG_VERSION"), "17\n");
    expect(() => prepareLocalSecretFiles(envOf(), { embeddedDbDir: dbDir })).toThrow(LocalSecretsRefusedError);
    expect(() => prepareLocalSecretFiles(envOf(), { embeddedDbDir: dbDir })).toThrow(/already holds data.*PUBLISHED demo key.*delete/s);
    // Nothing was written: no key that could be mistaken for the right one.
    expect(() => statSync(path.join(root, "keys", DATA_KEY_FILE_NAME))).toThrow();
  });

  it("refuses a key file holding the published demo key that the previous release wrote for old databases", () => {
    mkdirSync(path.join(root, "keys"), { recursive: true });
    writeFileSync(path.join(root, "keys", DATA_KEY_FILE_NAME), `${FORMER_DEMO_KEY}\n`, { mode: 0o600 });
    expect(() => prepareLocalSecretFiles(envOf(), { embeddedDbDir: dbDir })).toThrow(/PUBLISHED development demo key.*delete/s);
  });

  it("with DATABASE_URL in development: random key files per database, under .data/keys or LOCAL_KEYS_DIR", () => {
    const keysRoot = path.join(root, "keys-root");
    const url = "postgresql://postgres@127.0.0.1:5432/firefeed";
    const result = prepareLocalSecretFiles(envOf({ DATABASE_URL: url, LOCAL_KEYS_DIR: keysRoot }), { embeddedDbDir: dbDir, postgresHoldsData: false });
    expect(result.dataKey).toBe("created");
    expect(result.sessionSecret).toBe("created");
    expect(path.dirname(result.variables.DATA_ENCRYPTION_KEY_FILE!)).toBe(keysRoot);
    expect(loadEnv({ DATABASE_URL: url, ...result.variables }).DATABASE_URL).toBe(url);
    // Default folder: one per server + database, the same for the owner and the portal's role.
    const other = postgresKeysDir("postgresql://firefeed_portal:pw@127.0.0.1:5432/firefeed", "/k");
    expect(postgresKeysDir(url, "/k")).toBe(other);
    expect(postgresKeysDir("postgresql://postgres@127.0.0.1:5432/other", "/k")).not.toBe(other);
    expect(postgresKeysDir(url, "/k")).toMatch(/^\/k\/postgres-[0-9a-f]{16}$/);
  });

  it("with DATABASE_URL: refuses a database that already holds data but has no key file", () => {
    const env = envOf({ DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/old", LOCAL_KEYS_DIR: path.join(root, "k") });
    expect(() => prepareLocalSecretFiles(env, { embeddedDbDir: dbDir, postgresHoldsData: true })).toThrow(/PostgreSQL database.*already holds data/);
    expect(() => statSync(path.join(root, "k", DATA_KEY_FILE_NAME))).toThrow();
  });

  it("tightens an existing key file that others can read", () => {
    const first = prepareLocalSecretFiles(envOf(), { embeddedDbDir: dbDir });
    if (process.platform === "win32") return;
    chmodSync(first.variables.DATA_ENCRYPTION_KEY_FILE!, 0o644);
    const again = prepareLocalSecretFiles(envOf(), { embeddedDbDir: dbDir });
    expect(mode(first.variables.DATA_ENCRYPTION_KEY_FILE!)).toBe(0o600);
    expect(again.messages.join("\n")).toContain("mode 600");
  });

  it("refuses an empty key file rather than starting without a key", () => {
    mkdirSync(path.join(root, "keys"), { recursive: true });
    writeFileSync(path.join(root, "keys", DATA_KEY_FILE_NAME), "\n", { mode: 0o600 });
    expect(() => prepareLocalSecretFiles(envOf(), { embeddedDbDir: dbDir })).toThrow(/is empty/);
  });

  it("leaves explicit configuration, other databases, other environments and KMS alone", () => {
    const untouched = (values: Record<string, string>) => {
      const result = prepareLocalSecretFiles(envOf(values), { embeddedDbDir: dbDir });
      expect(result.variables.DATA_ENCRYPTION_KEY_FILE).toBeUndefined();
      return result;
    };
    expect(untouched({ DATA_ENCRYPTION_KEY: "FAKE-set-by-the-developer" }).dataKey).toBe("configured");
    expect(untouched({ DATA_ENCRYPTION_KEY_FILE: "/run/secrets/key" }).dataKey).toBe("configured");
    expect(untouched({ KEY_PROVIDER: "aws-kms" }).dataKey).toBe("not-applicable");
    const both = untouched({ DATA_ENCRYPTION_KEY: "FAKE-x", NEXTAUTH_SECRET_FILE: "/run/secrets/auth" });
    expect(both.sessionSecret).toBe("configured");
    expect(untouched({ APP_ENV: "production" }).dataKey).toBe("not-applicable");
    // A session secret may have been created, a data key never.
    expect(() => statSync(path.join(root, "keys", DATA_KEY_FILE_NAME))).toThrow();
  });
});

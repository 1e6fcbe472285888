// R4, N4: the embedded default creates its own random keys on first start and
// never makes data from before that change unreadable.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, chmodSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEMO_DATA_ENCRYPTION_KEY, DEMO_NEXTAUTH_SECRET, loadEnv } from "@/lib/env";
import { DATA_KEY_FILE_NAME, SESSION_SECRET_FILE_NAME, localKeysDir, prepareLocalSecretFiles } from "./local-key-file";

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
    expect(key).not.toBe(DEMO_DATA_ENCRYPTION_KEY);

    const env = loadEnv({ ...result.variables });
    expect(env.DATA_ENCRYPTION_KEY).toBe(key);
    expect(env.NEXTAUTH_SECRET).not.toBe(DEMO_NEXTAUTH_SECRET);
    expect(env.NEXTAUTH_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(env.usesDemoSecrets).toBe(false);
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

  it("a database from before key files keeps the demo key (readable), with a warning", () => {
    mkdirSync(dbDir, { recursive: true });
    writeFileSync(path.join(dbDir, "PG_VERSION"), "17\n");
    const result = prepareLocalSecretFiles(envOf(), { embeddedDbDir: dbDir });
    expect(result.dataKey).toBe("demo-key-for-existing-data");
    expect(readFileSync(result.variables.DATA_ENCRYPTION_KEY_FILE!, "utf8").trim()).toBe(DEMO_DATA_ENCRYPTION_KEY);
    expect(result.messages.join("\n")).toMatch(/WARNING: .*PUBLISHED development demo key/);
    // The session secret has no such constraint: it is random anyway.
    expect(result.sessionSecret).toBe("created");
    // And from then on it is simply the existing key file.
    expect(prepareLocalSecretFiles(envOf(), { embeddedDbDir: dbDir }).dataKey).toBe("existing");
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
    expect(untouched({ DATABASE_URL: "postgresql://127.0.0.1/dev" }).sessionSecret).toBe("not-applicable");
    expect(untouched({ APP_ENV: "production" }).dataKey).toBe("not-applicable");
    // A session secret may have been created, a data key never.
    expect(() => statSync(path.join(root, "keys", DATA_KEY_FILE_NAME))).toThrow();
  });
});

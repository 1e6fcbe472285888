import { randomBytes } from "node:crypto";
import { inspect } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import {
  DecryptionError,
  blindIndex,
  createFieldCipher,
  decryptField,
  deriveSubkey,
  encryptField,
  type EncryptionContext,
} from "./field-encryption";
import { LocalKeyringProvider, decodeMasterKey, localKeyId, setKeyProviderForTests } from "./key-provider";

const masterA = randomBytes(32);
const masterB = randomBytes(32);
const context: EncryptionContext = { table: "users", column: "phone", recordId: "3b7e0c1e-0000-4000-8000-000000000001" };
const plaintext = "+1 206 555 0100 / Jane Buyer";

const cipher = (materials: Buffer[] = [masterA], appEnv = "production") =>
  createFieldCipher({ keyProvider: new LocalKeyringProvider(materials), appEnv });

/** Asserts a DecryptionError whose message leaks neither the plaintext nor the key. */
async function expectDecryptionError(promise: Promise<string>, keys: Buffer[] = [masterA]) {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(DecryptionError);
  const text = `${(error as Error).message} ${(error as Error).stack ?? ""} ${inspect(error)}`;
  expect(text).not.toContain(plaintext);
  for (const key of keys) {
    expect(text).not.toContain(key.toString("base64"));
    expect(text).not.toContain(key.toString("hex"));
  }
}

function flipChar(text: string, index: number): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const current = text.charAt(index);
  const replacement = alphabet[(alphabet.indexOf(current) + 1) % alphabet.length] as string;
  return text.slice(0, index) + replacement + text.slice(index + 1);
}

describe("field encryption", () => {
  it("round-trips, including empty and non-ASCII values", async () => {
    const fields = cipher();
    for (const value of [plaintext, "", "Zoë Çelik 李雷 🙂", "x".repeat(10_000)]) {
      const encrypted = await fields.encryptField(value, context);
      expect(await fields.decryptField(encrypted, context)).toBe(value);
    }
  });

  it("uses the documented format and never contains the plaintext", async () => {
    const encrypted = await cipher().encryptField(plaintext, context);
    expect(encrypted).toMatch(/^v1:k1-[0-9a-f]{16}:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]+$/);
    expect(encrypted.split(":")[1]).toBe(localKeyId(masterA));
    expect(encrypted).not.toContain("555");
  });

  it("uses a fresh IV: the same value encrypts differently every time", async () => {
    const fields = cipher();
    const first = await fields.encryptField(plaintext, context);
    const second = await fields.encryptField(plaintext, context);
    expect(first).not.toBe(second);
    expect(first.split(":")[2]).not.toBe(second.split(":")[2]);
  });

  it("refuses every single-byte change of IV, ciphertext or tag", async () => {
    const fields = cipher();
    const encrypted = await fields.encryptField("short secret", context);
    const [version, keyId, iv, body] = encrypted.split(":") as [string, string, string, string];
    for (const [partIndex, part] of [iv, body].entries()) {
      const bytes = Buffer.from(part, "base64url");
      for (let i = 0; i < bytes.length; i += 1) {
        const tampered = Buffer.from(bytes);
        tampered[i] = (tampered[i] as number) ^ 0x01;
        const parts = [version, keyId, iv, body];
        parts[partIndex + 2] = tampered.toString("base64url");
        await expectDecryptionError(fields.decryptField(parts.join(":"), context));
      }
    }
    // And a change of the text itself.
    await expectDecryptionError(fields.decryptField(flipChar(encrypted, encrypted.length - 3), context));
  });

  it("refuses a value moved to another record, column, table or environment", async () => {
    const encrypted = await cipher().encryptField(plaintext, context);
    await expectDecryptionError(cipher().decryptField(encrypted, { ...context, recordId: "3b7e0c1e-0000-4000-8000-000000000002" }));
    await expectDecryptionError(cipher().decryptField(encrypted, { ...context, column: "email" }));
    await expectDecryptionError(cipher().decryptField(encrypted, { ...context, table: "orders" }));
    // N4: the same key in staging does not open a production value.
    await expectDecryptionError(cipher([masterA], "staging").decryptField(encrypted, context));
  });

  it("refuses an unknown key id and a different key", async () => {
    const encrypted = await cipher().encryptField(plaintext, context);
    await expectDecryptionError(cipher([masterB]).decryptField(encrypted, context), [masterA, masterB]);
    const otherId = encrypted.replace(localKeyId(masterA), localKeyId(masterB));
    await expectDecryptionError(cipher([masterB]).decryptField(otherId, context), [masterA, masterB]);
  });

  it("refuses malformed strings", async () => {
    const fields = cipher();
    const encrypted = await fields.encryptField(plaintext, context);
    const [, keyId, iv, body] = encrypted.split(":") as [string, string, string, string];
    const malformed = [
      "",
      plaintext,
      "v1",
      `v2:${keyId}:${iv}:${body}`,
      `v1:${keyId}:${iv}`,
      `v1:${keyId}:${iv}:${body}:extra`,
      `v1::${iv}:${body}`,
      `v1:${keyId}:${iv.slice(2)}:${body}`,
      `v1:${keyId}:${iv}:${body.slice(0, 10)}`,
      `v1:${keyId}:${iv}:${body}==`,
      `v1:${keyId}:${iv}:${body.slice(0, -1)}+`,
      `v1:${keyId}:${iv}:`,
    ];
    for (const value of malformed) await expectDecryptionError(fields.decryptField(value, context));
    await expectDecryptionError(fields.decryptField(null as unknown as string, context));
  });

  it("refuses ambiguous contexts", async () => {
    await expect(cipher().encryptField(plaintext, { ...context, column: "a|b" })).rejects.toThrow(TypeError);
    await expect(cipher().encryptField(plaintext, { ...context, recordId: "" })).rejects.toThrow(TypeError);
    const encrypted = await cipher().encryptField(plaintext, context);
    await expectDecryptionError(cipher().decryptField(encrypted, { ...context, recordId: "" }));
  });

  it("keeps decrypting values of an older key version after rotation", async () => {
    const old = await cipher([masterA]).encryptField(plaintext, context);
    const rotated = cipher([masterB, masterA]);
    expect(await rotated.decryptField(old, context)).toBe(plaintext);
    const fresh = await rotated.encryptField(plaintext, context);
    expect(fresh.split(":")[1]).toBe(localKeyId(masterB));
  });
});

describe("blind index and subkeys", () => {
  it("is deterministic per purpose, different across purposes, keys and environments", async () => {
    const fields = cipher();
    const first = await fields.blindIndex("jane@example.com", "users.email");
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(await fields.blindIndex("jane@example.com", "users.email")).toBe(first);
    expect(await fields.blindIndex("jane@example.com", "orders.buyer-email")).not.toBe(first);
    expect(await fields.blindIndex("john@example.com", "users.email")).not.toBe(first);
    expect(await cipher([masterB]).blindIndex("jane@example.com", "users.email")).not.toBe(first);
    expect(await cipher([masterA], "staging").blindIndex("jane@example.com", "users.email")).not.toBe(first);
  });

  it("derives 32-byte subkeys per purpose, distinct from the blind index key", async () => {
    const fields = cipher();
    const subkey = await fields.deriveSubkey("recovery-codes");
    expect(subkey).toHaveLength(32);
    expect((await fields.deriveSubkey("recovery-codes")).equals(subkey)).toBe(true);
    expect((await fields.deriveSubkey("other")).equals(subkey)).toBe(false);
    expect(subkey.equals(masterA)).toBe(false);
    await expect(fields.deriveSubkey("")).rejects.toThrow(TypeError);
    await expect(fields.blindIndex("x", "bad purpose!")).rejects.toThrow(TypeError);
  });
});

describe("key provider", () => {
  it("gives different master keys different, stable ids that reveal nothing", () => {
    expect(localKeyId(masterA)).not.toBe(localKeyId(masterB));
    expect(localKeyId(Buffer.from(masterA))).toBe(localKeyId(masterA));
    expect(localKeyId(masterA)).toMatch(/^k1-[0-9a-f]{16}$/);
    expect(masterA.toString("hex")).not.toContain(localKeyId(masterA).slice(3));
  });

  it("refuses keys that are not 32 bytes, and duplicate keys", () => {
    expect(() => decodeMasterKey(Buffer.alloc(16).toString("base64"))).toThrow(/32 bytes/);
    expect(() => decodeMasterKey("not base64!")).toThrow(/32 bytes/);
    expect(() => new LocalKeyringProvider([])).toThrow();
    expect(() => new LocalKeyringProvider([masterA, Buffer.from(masterA)])).toThrow();
  });

  it("keeps key material out of logs and JSON", async () => {
    const provider = new LocalKeyringProvider([masterA]);
    const shown = `${inspect(provider)} ${JSON.stringify(provider)}`;
    expect(shown).toContain(localKeyId(masterA));
    expect(shown).not.toContain(masterA.toString("base64"));
    expect(shown).not.toContain(masterA.toString("hex"));
    expect(await provider.keyById("k1-0000000000000000")).toBeNull();
    expect(await provider.keyIds()).toEqual([localKeyId(masterA)]);
  });
});

describe("module functions (process key from DATA_ENCRYPTION_KEY)", () => {
  afterEach(() => setKeyProviderForTests(undefined));

  it("round-trip with the env key and name its key id", async () => {
    const encrypted = await encryptField(plaintext, context);
    expect(await decryptField(encrypted, context)).toBe(plaintext);
    expect(encrypted.split(":")[1]).toMatch(/^k1-/);
    expect(await blindIndex("a", "p")).toBe(await blindIndex("a", "p"));
    expect(await deriveSubkey("p")).toHaveLength(32);
  });

  it("fail closed when the configured key changes", async () => {
    const encrypted = await encryptField(plaintext, context);
    setKeyProviderForTests(new LocalKeyringProvider([masterB]));
    await expect(decryptField(encrypted, context)).rejects.toBeInstanceOf(DecryptionError);
    // Back to the process's own key (vitest.config.ts gives each run a random DATA_ENCRYPTION_KEY).
    setKeyProviderForTests(undefined);
  });
});

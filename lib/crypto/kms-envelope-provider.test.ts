// R4, R5, N4: the KMS envelope provider against tools/fake-kms over real HTTP,
// through the real @aws-sdk/client-kms (signing with obviously fake credentials).
import { inspect } from "node:util";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FAKE_KMS_KEY_ID, FAKE_KMS_REGION, startFakeKms, type FakeKms } from "@/tools/fake-kms/server";
import { resetEnvCacheForTests } from "@/lib/env";
import { DecryptionError, createFieldCipher, decryptField, encryptField } from "./field-encryption";
import { LocalKeyringProvider, getKeyProvider, localKeyId, setKeyProviderForTests } from "./key-provider";
import {
  KeyProviderError,
  KmsEnvelopeProvider,
  generateWrappedDataKey,
  kmsDataKeyId,
  type KmsConnectionOptions,
} from "./kms-envelope-provider";

const context = { table: "amazon_order", column: "buyer_email", recordId: "order-kms-1" };
const plaintext = "buyer.kms@example.com";

let kms: FakeKms;
let connection: KmsConnectionOptions;

beforeAll(async () => {
  kms = await startFakeKms();
  connection = {
    kmsKeyId: FAKE_KMS_KEY_ID,
    region: FAKE_KMS_REGION,
    endpoint: kms.url,
    credentials: { accessKeyId: "FAKE-AKIA-TEST", secretAccessKey: "FAKE-secret-access-key" },
    // One attempt: the failure tests should not wait for the SDK's backoff.
    maxAttempts: 1,
  };
});

afterAll(async () => {
  await kms.stop();
});

beforeEach(() => kms.setFailure(null));

async function newWrappedKey(appEnv = "production"): Promise<{ wrappedDataKey: string; keyId: string }> {
  return generateWrappedDataKey({ ...connection, appEnv });
}

function provider(wrappedDataKeys: string[], appEnv = "production", extra: Partial<ConstructorParameters<typeof KmsEnvelopeProvider>[0]> = {}) {
  return new KmsEnvelopeProvider({ ...connection, wrappedDataKeys, appEnv, ...extra });
}

describe("KmsEnvelopeProvider (R4)", () => {
  it("round-trips a field through field encryption with a KMS-unwrapped data key", async () => {
    const { wrappedDataKey, keyId } = await newWrappedKey();
    expect(keyId).toMatch(/^kms1-[0-9a-f]{16}$/);
    const keys = provider([wrappedDataKey]);
    const cipher = createFieldCipher({ keyProvider: keys, appEnv: "production" });
    const encrypted = await cipher.encryptField(plaintext, context);
    expect(encrypted.split(":")[1]).toBe(keyId);
    expect(await cipher.decryptField(encrypted, context)).toBe(plaintext);
    // Another process with the same configuration (a second instance) decrypts it too.
    const other = createFieldCipher({ keyProvider: provider([wrappedDataKey]), appEnv: "production" });
    expect(await other.decryptField(encrypted, context)).toBe(plaintext);
  });

  it("unwraps once, lazily, and concurrent first calls share that unwrap", async () => {
    const { wrappedDataKey } = await newWrappedKey();
    const before = kms.calls.Decrypt ?? 0;
    const keys = provider([wrappedDataKey]);
    expect(kms.calls.Decrypt ?? 0).toBe(before); // nothing at construction
    const results = await Promise.all([keys.currentKey(), keys.currentKey(), keys.keyIds(), keys.currentKey()]);
    expect(kms.calls.Decrypt).toBe(before + 1);
    await keys.keyById((results[0] as { id: string }).id);
    await keys.currentKey();
    expect(kms.calls.Decrypt).toBe(before + 1);
  });

  it("rotation: a new key in front encrypts, the older one still decrypts (R5)", async () => {
    const first = await newWrappedKey();
    const second = await newWrappedKey();
    const before = createFieldCipher({ keyProvider: provider([first.wrappedDataKey]), appEnv: "production" });
    const oldValue = await before.encryptField(plaintext, context);

    const rotatedKeys = provider([second.wrappedDataKey, first.wrappedDataKey]);
    const rotated = createFieldCipher({ keyProvider: rotatedKeys, appEnv: "production" });
    expect(await rotatedKeys.keyIds()).toEqual([second.keyId, first.keyId]);
    const newValue = await rotated.encryptField(plaintext, context);
    expect(newValue.split(":")[1]).toBe(second.keyId);
    expect(await rotated.decryptField(oldValue, context)).toBe(plaintext);
    expect(await rotated.decryptField(newValue, context)).toBe(plaintext);

    // Once the old key is dropped, values still under it fail closed, naming the missing key id.
    const retired = createFieldCipher({ keyProvider: provider([second.wrappedDataKey]), appEnv: "production" });
    await expect(retired.decryptField(oldValue, context)).rejects.toThrow(new DecryptionError(`Cannot decrypt: unknown key id ${first.keyId}.`));
  });

  it("keeps a local key from before the switch to KMS as decrypt-only", async () => {
    const local = Buffer.alloc(32, 0x5a);
    const { wrappedDataKey, keyId } = await newWrappedKey();
    const localCipher = createFieldCipher({
      keyProvider: new LocalKeyringProvider([local]),
      appEnv: "production",
    });
    const legacy = await localCipher.encryptField(plaintext, context);
    const keys = provider([wrappedDataKey], "production", { decryptOnlyKeys: [{ id: localKeyId(local), material: local }] });
    const cipher = createFieldCipher({ keyProvider: keys, appEnv: "production" });
    expect(await cipher.decryptField(legacy, context)).toBe(plaintext);
    expect((await keys.currentKey()).id).toBe(keyId);
    expect(await keys.keyIds()).toEqual([keyId, localKeyId(local)]);
  });

  it("binds wrapped keys to their environment: staging cannot unwrap production's data key (N4)", async () => {
    const { wrappedDataKey } = await newWrappedKey("production");
    const staging = provider([wrappedDataKey], "staging");
    await expect(staging.currentKey()).rejects.toThrow(KeyProviderError);
    await expect(staging.currentKey()).rejects.toThrow(/InvalidCiphertextException/);
  });

  it("a tampered wrapped blob gives a clean, secret-free error", async () => {
    const { wrappedDataKey } = await newWrappedKey();
    const bytes = Buffer.from(wrappedDataKey, "base64");
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] as number) ^ 0x01;
    const tampered = bytes.toString("base64");
    const error = await provider([tampered]).currentKey().then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(KeyProviderError);
    const message = (error as Error).message;
    expect(message).toContain("data key 1 of 1 in DATA_KEYS_WRAPPED");
    expect(message).toContain("InvalidCiphertextException (HTTP 400)");
    expect(message).not.toContain(tampered);
    expect(message).not.toContain("Simulated");
    expect((error as Error).cause).toBeUndefined();
  });

  it.each([
    ["internal-error", /KMSInternalException \(HTTP 500\)/],
    ["access-denied", /AccessDeniedException \(HTTP 400\)/],
  ] as const)("KMS %s fails closed with a clear error, and a later call retries", async (failure, expected) => {
    const { wrappedDataKey, keyId } = await newWrappedKey();
    const keys = provider([wrappedDataKey]);
    const cipher = createFieldCipher({ keyProvider: keys, appEnv: "production" });
    kms.setFailure(failure);
    await expect(cipher.encryptField(plaintext, context)).rejects.toThrow(expected);
    await expect(keys.keyById(keyId)).rejects.toThrow(KeyProviderError);
    // KMS is back: no restart needed.
    kms.setFailure(null);
    expect((await keys.currentKey()).id).toBe(keyId);
  });

  it("refuses a blob that is not base64 and the same data key listed twice", async () => {
    await expect(provider(["not base64!"]).currentKey()).rejects.toThrow(/data key 1 of 1 .* not base64/);
    const { wrappedDataKey } = await newWrappedKey();
    // The same data key wrapped twice (e.g. re-wrapped) has the same id: a configuration mistake.
    const again = Buffer.from(wrappedDataKey, "base64");
    await expect(provider([wrappedDataKey, again.toString("base64"), wrappedDataKey]).currentKey()).rejects.toThrow(/same data key twice/);
    expect(() => provider([])).toThrow(KeyProviderError);
  });

  it("generating a data key fails cleanly when KMS refuses", async () => {
    kms.setFailure("access-denied");
    await expect(newWrappedKey()).rejects.toThrow(/could not generate a data key: AccessDeniedException/);
    await expect(generateWrappedDataKey({ ...connection, kmsKeyId: "alias/unknown", appEnv: "production" }).catch((e: unknown) => e)).resolves.toBeInstanceOf(
      KeyProviderError,
    );
  });

  it("keeps key material out of JSON and inspect output", async () => {
    const { wrappedDataKey, keyId } = await newWrappedKey();
    const keys = provider([wrappedDataKey]);
    expect(JSON.stringify(keys)).toContain("not yet unwrapped");
    const key = await keys.currentKey();
    const shown = `${inspect(keys, { depth: 10, showHidden: true })} ${JSON.stringify(keys)} ${JSON.stringify({ keys })}`;
    expect(shown).toContain(keyId);
    expect(shown).toContain(FAKE_KMS_KEY_ID);
    for (const encoding of ["base64", "hex", "base64url"] as const) expect(shown).not.toContain(key.material.toString(encoding));
    expect(kmsDataKeyId(key.material)).toBe(keyId);
  });
});

describe("getKeyProvider with KEY_PROVIDER=aws-kms", () => {
  const saved = { ...process.env };
  afterAll(() => {
    process.env = saved;
    resetEnvCacheForTests();
    setKeyProviderForTests(undefined);
  });

  it("builds the KMS provider from the environment (SDK default credential chain from env)", async () => {
    const { wrappedDataKey, keyId } = await newWrappedKey("development");
    process.env = {
      ...saved,
      APP_ENV: "development",
      KEY_PROVIDER: "aws-kms",
      AWS_KMS_KEY_ID: FAKE_KMS_KEY_ID,
      AWS_REGION: FAKE_KMS_REGION,
      AWS_KMS_ENDPOINT: kms.url,
      DATA_KEYS_WRAPPED: wrappedDataKey,
      AWS_ACCESS_KEY_ID: "FAKE-AKIA-ENV",
      AWS_SECRET_ACCESS_KEY: "FAKE-env-secret",
      DATA_ENCRYPTION_KEY: undefined,
      DATA_ENCRYPTION_KEY_FILE: undefined,
    };
    resetEnvCacheForTests();
    setKeyProviderForTests(undefined);
    const keys = getKeyProvider();
    expect(keys).toBeInstanceOf(KmsEnvelopeProvider);
    const encrypted = await encryptField(plaintext, context);
    expect(encrypted.split(":")[1]).toBe(keyId);
    expect(await decryptField(encrypted, context)).toBe(plaintext);
    expect(await keys.keyIds()).toEqual([keyId]);
  });
});

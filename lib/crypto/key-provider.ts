// Server-side only. No "server-only" import: scripts (seed, key rotation) and the
// scheduler load it outside Next's bundler, where that guard throws. Never import
// it from a client component.
//
// Where field-encryption keys come from (controls R4, R5, N4). Field
// encryption asks a KeyProvider for "the key to encrypt with now" and "the key
// with this id" (to decrypt); it never sees where keys live. Two providers:
// the local keyring built from DATA_ENCRYPTION_KEY (the embedded default; a
// key file created by `npm start`, lib/secrets/local-key-file.ts) and the AWS
// KMS envelope provider (lib/crypto/kms-envelope-provider.ts), chosen by
// KEY_PROVIDER. See docs/decisions/0007-field-encryption.md and
// docs/decisions/0011-kms-envelope-key-provider.md.
import { getEnv } from "@/lib/env";
import { KEY_ID_PATTERN, MASTER_KEY_BYTES, keyFingerprintId, type KeyProvider, type MasterKey } from "./key-material";
import { KmsEnvelopeProvider } from "./kms-envelope-provider";

export { KEY_ID_PATTERN, MASTER_KEY_BYTES, type KeyProvider, type MasterKey };

/**
 * The id of a local keyring key: "k1-" (local keyring, id scheme 1) followed
 * by 16 hex characters of HMAC-SHA-256(key, label). A keyed fingerprint, so
 * the id reveals nothing about the key, yet two different keys get different
 * ids and a ciphertext names exactly the key it needs.
 */
export function localKeyId(material: Buffer): string {
  return keyFingerprintId("k1", material);
}

/** Decodes a base64 master key; the error never contains the value. */
export function decodeMasterKey(base64: string): Buffer {
  const material = Buffer.from(base64, "base64");
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64) || material.length !== MASTER_KEY_BYTES) {
    throw new Error(`A master key must be base64 that decodes to exactly ${MASTER_KEY_BYTES} bytes.`);
  }
  return material;
}

/**
 * Keys held in this process's memory: the current key first, then older
 * versions still needed to decrypt values not yet re-encrypted (R5).
 */
export class LocalKeyringProvider implements KeyProvider {
  readonly #keys: readonly MasterKey[];

  constructor(materials: readonly Buffer[]) {
    if (materials.length === 0) throw new Error("A keyring needs at least one key.");
    const keys = materials.map((material) => Object.freeze({ id: localKeyId(material), material: Buffer.from(material) }));
    if (new Set(keys.map((key) => key.id)).size !== keys.length) throw new Error("A keyring must not hold the same key twice.");
    this.#keys = Object.freeze(keys);
  }

  // Promise-returning to fit the interface: a KMS provider needs a network call here.
  currentKey(): Promise<MasterKey> {
    return Promise.resolve(this.#keys[0] as MasterKey);
  }

  keyById(id: string): Promise<MasterKey | null> {
    return Promise.resolve(this.#keys.find((key) => key.id === id) ?? null);
  }

  keyIds(): Promise<readonly string[]> {
    return Promise.resolve(this.#keys.map((key) => key.id));
  }

  // Keep the key material out of console.log / util.inspect / JSON output.
  toJSON(): { provider: string; keyIds: string[] } {
    return { provider: "local-keyring", keyIds: this.#keys.map((key) => key.id) };
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return `LocalKeyringProvider(${this.#keys.map((key) => key.id).join(", ")})`;
  }
}

let defaultProvider: KeyProvider | undefined;

/**
 * The process-wide provider, per KEY_PROVIDER (validated by lib/env.ts):
 * "local" = the keyring from DATA_ENCRYPTION_KEY; "aws-kms" = data keys from
 * DATA_KEYS_WRAPPED unwrapped by AWS KMS on first use (DATA_ENCRYPTION_KEY, if
 * still set, only decrypts values written before the switch).
 */
export function getKeyProvider(): KeyProvider {
  if (defaultProvider) return defaultProvider;
  const env = getEnv();
  const localKey = env.DATA_ENCRYPTION_KEY === undefined ? undefined : decodeMasterKey(env.DATA_ENCRYPTION_KEY);
  if (env.KEY_PROVIDER === "aws-kms") {
    defaultProvider = new KmsEnvelopeProvider({
      kmsKeyId: env.AWS_KMS_KEY_ID as string,
      region: env.AWS_REGION as string,
      endpoint: env.AWS_KMS_ENDPOINT,
      wrappedDataKeys: env.DATA_KEYS_WRAPPED,
      appEnv: env.APP_ENV,
      decryptOnlyKeys: localKey ? [{ id: localKeyId(localKey), material: localKey }] : [],
    });
  } else {
    if (!localKey) throw new Error("KEY_PROVIDER=local needs DATA_ENCRYPTION_KEY.");
    defaultProvider = new LocalKeyringProvider([localKey]);
  }
  return defaultProvider;
}

/** Tests only: replace (or with undefined, forget) the process-wide provider. */
export function setKeyProviderForTests(provider: KeyProvider | undefined): void {
  defaultProvider = provider;
}

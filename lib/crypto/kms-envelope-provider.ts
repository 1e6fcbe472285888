// Server-side only. No "server-only" import: scripts (keys:generate) and vitest
// load it outside Next's bundler. Never import it from a client component.
//
// KeyProvider backed by AWS KMS envelope encryption (R4, R5, N4). The data
// keys (32 bytes each) that field encryption uses never exist in plain form
// outside process memory: configuration holds them wrapped by a KMS key
// (DATA_KEYS_WRAPPED = base64 CiphertextBlobs, current first), and the first
// use unwraps all of them with one KMS Decrypt each, then caches them. Rotation
// prepends a new wrapped key (npm run keys:generate); older ones stay for
// decryption until the re-encryption job has moved every row. The KMS key
// itself never leaves KMS, and every Decrypt is in CloudTrail (the "audited"
// half of R4).
//
// The encryption context binds each wrapped key to this application and its
// APP_ENV: a staging process cannot unwrap production's data keys even when
// both may use the same KMS key (N4). Errors never carry key material, KMS
// messages or blobs: only the KMS error name and what to check.
// Why envelope encryption and not a KMS call per field: docs/decisions/0011-kms-envelope-key-provider.md.
import type { KMSClient } from "@aws-sdk/client-kms";
import { MASTER_KEY_BYTES, keyFingerprintId, type KeyProvider, type MasterKey } from "./key-material";

/** A key source that cannot deliver (KMS refused, unreachable, or returned something unusable). Fixed, secret-free messages. */
export class KeyProviderError extends Error {
  override readonly name = "KeyProviderError";
}

/** The id of a KMS-wrapped data key: "kms1-" + keyed fingerprint of the data key (stable across re-wrapping). */
export function kmsDataKeyId(material: Buffer): string {
  return keyFingerprintId("kms1", material);
}

/** The KMS encryption context of a FireFeed data key in `appEnv` (authenticated by KMS, logged in CloudTrail). */
export function dataKeyEncryptionContext(appEnv: string): Record<string, string> {
  return { application: "firefeed-portal", environment: appEnv, purpose: "field-encryption-data-key" };
}

export interface KmsConnectionOptions {
  /** Key id, key ARN, alias name or alias ARN of the wrapping KMS key. */
  kmsKeyId: string;
  region: string;
  /** A VPC endpoint, LocalStack or tools/fake-kms; default: the region's public endpoint. */
  endpoint?: string;
  /** Tests only: explicit credentials. Otherwise the SDK's default chain (env, web identity, instance role...). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Attempts per KMS call (SDK retries 5xx and throttling with backoff). Default 3. */
  maxAttempts?: number;
  /** Per-request timeout. Default 5 s: a hung KMS must fail the request, not hang it. */
  requestTimeoutMs?: number;
  /** A ready client (tests); `kmsKeyId` etc. still apply to the requests. */
  client?: KMSClient;
}

export interface KmsEnvelopeOptions extends KmsConnectionOptions {
  /** base64 CiphertextBlobs from KMS GenerateDataKey, current first. */
  wrappedDataKeys: readonly string[];
  /** APP_ENV: part of the encryption context. */
  appEnv: string;
  /** Keys that only decrypt (e.g. the local key used before the switch to KMS). Never used to encrypt. */
  decryptOnlyKeys?: readonly MasterKey[];
}

async function createKmsClient(options: KmsConnectionOptions): Promise<KMSClient> {
  if (options.client) return options.client;
  // Loaded on first use: a process on the local keyring never loads the SDK.
  const { KMSClient: Client } = await import("@aws-sdk/client-kms");
  return new Client({
    region: options.region,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    maxAttempts: options.maxAttempts ?? 3,
    requestHandler: { requestTimeout: options.requestTimeoutMs ?? 5_000, connectionTimeout: 3_000 },
  });
}

/** "AccessDeniedException (HTTP 400)": the SDK error's name and status only, never its message. */
function describeKmsError(error: unknown): string {
  const candidate = error as { name?: unknown; $metadata?: { httpStatusCode?: unknown } } | null;
  const name = typeof candidate?.name === "string" && /^[A-Za-z][A-Za-z0-9_.]{0,63}$/.test(candidate.name) ? candidate.name : "unknown error";
  const status = candidate?.$metadata?.httpStatusCode;
  return typeof status === "number" ? `${name} (HTTP ${status})` : name;
}

function decodeWrappedKey(blob: string): Buffer | null {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(blob) || blob.length % 4 !== 0) return null;
  const bytes = Buffer.from(blob, "base64");
  return bytes.length > 0 ? bytes : null;
}

/**
 * Data keys from KMS-wrapped blobs. Nothing happens at construction: the
 * first currentKey/keyById/keyIds call unwraps every configured blob (calls
 * arriving meanwhile wait for the same unwrap), and the keys stay in memory
 * for the life of the process. A failed unwrap is not cached: the next call
 * tries again (a KMS outage must not need a restart once KMS is back).
 */
export class KmsEnvelopeProvider implements KeyProvider {
  readonly #options: KmsEnvelopeOptions;
  readonly #decryptOnly: readonly MasterKey[];
  #keys: readonly MasterKey[] | undefined;
  #unwrapping: Promise<readonly MasterKey[]> | undefined;

  constructor(options: KmsEnvelopeOptions) {
    if (options.wrappedDataKeys.length === 0) throw new KeyProviderError("The KMS key provider needs at least one wrapped data key (DATA_KEYS_WRAPPED).");
    if (!options.kmsKeyId || !options.region) throw new KeyProviderError("The KMS key provider needs AWS_KMS_KEY_ID and AWS_REGION.");
    this.#options = { ...options, wrappedDataKeys: [...options.wrappedDataKeys] };
    this.#decryptOnly = Object.freeze(
      (options.decryptOnlyKeys ?? []).map((key) => Object.freeze({ id: key.id, material: Buffer.from(key.material) })),
    );
  }

  async currentKey(): Promise<MasterKey> {
    return (await this.#dataKeys())[0] as MasterKey;
  }

  async keyById(id: string): Promise<MasterKey | null> {
    const keys = await this.#dataKeys();
    return keys.find((key) => key.id === id) ?? this.#decryptOnly.find((key) => key.id === id) ?? null;
  }

  async keyIds(): Promise<readonly string[]> {
    return [...(await this.#dataKeys()), ...this.#decryptOnly].map((key) => key.id);
  }

  #dataKeys(): Promise<readonly MasterKey[]> {
    if (this.#keys) return Promise.resolve(this.#keys);
    this.#unwrapping ??= this.#unwrapAll().then(
      (keys) => {
        this.#keys = keys;
        return keys;
      },
      (error: unknown) => {
        this.#unwrapping = undefined;
        throw error;
      },
    );
    return this.#unwrapping;
  }

  async #unwrapAll(): Promise<readonly MasterKey[]> {
    const { wrappedDataKeys, kmsKeyId, appEnv } = this.#options;
    const client = await createKmsClient(this.#options);
    const { DecryptCommand } = await import("@aws-sdk/client-kms");
    const count = wrappedDataKeys.length;
    const keys = await Promise.all(
      wrappedDataKeys.map(async (blob, index): Promise<MasterKey> => {
        const label = `data key ${index + 1} of ${count} in DATA_KEYS_WRAPPED`;
        const ciphertext = decodeWrappedKey(blob);
        if (!ciphertext) throw new KeyProviderError(`Cannot use ${label}: it is not base64.`);
        let plaintext: Uint8Array | undefined;
        try {
          const output = await client.send(
            new DecryptCommand({ CiphertextBlob: ciphertext, KeyId: kmsKeyId, EncryptionContext: dataKeyEncryptionContext(appEnv) }),
          );
          plaintext = output.Plaintext;
        } catch (error) {
          throw new KeyProviderError(
            `AWS KMS could not unwrap ${label}: ${describeKmsError(error)}. Check AWS_KMS_KEY_ID, AWS_REGION, the key policy ` +
              `(kms:Decrypt with this APP_ENV's encryption context), the AWS credentials, and that the blob belongs to this environment.`,
          );
        }
        if (!plaintext || plaintext.length !== MASTER_KEY_BYTES) {
          plaintext?.fill(0);
          throw new KeyProviderError(`AWS KMS unwrapped ${label} to something other than a ${MASTER_KEY_BYTES}-byte key.`);
        }
        const material = Buffer.from(plaintext);
        plaintext.fill(0);
        return Object.freeze({ id: kmsDataKeyId(material), material });
      }),
    );
    if (new Set(keys.map((key) => key.id)).size !== keys.length) {
      throw new KeyProviderError("DATA_KEYS_WRAPPED holds the same data key twice.");
    }
    return Object.freeze(keys);
  }

  // Keep the key material out of console.log / util.inspect / JSON output.
  toJSON(): { provider: string; kmsKeyId: string; wrappedDataKeys: number; keyIds: string[] | "not yet unwrapped" } {
    return {
      provider: "aws-kms-envelope",
      kmsKeyId: this.#options.kmsKeyId,
      wrappedDataKeys: this.#options.wrappedDataKeys.length,
      keyIds: this.#keys ? [...this.#keys, ...this.#decryptOnly].map((key) => key.id) : "not yet unwrapped",
    };
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    const ids = this.#keys ? [...this.#keys, ...this.#decryptOnly].map((key) => key.id).join(", ") : "not yet unwrapped";
    return `KmsEnvelopeProvider(${this.#options.kmsKeyId}: ${ids})`;
  }
}

/**
 * Asks KMS for a new 32-byte data key wrapped by `kmsKeyId` for `appEnv`, and
 * returns only the wrapped blob (base64, for DATA_KEYS_WRAPPED) and the id the
 * key will have. The plaintext copy is zeroed before returning.
 */
export async function generateWrappedDataKey(options: KmsConnectionOptions & { appEnv: string }): Promise<{ wrappedDataKey: string; keyId: string }> {
  const client = await createKmsClient(options);
  const { GenerateDataKeyCommand } = await import("@aws-sdk/client-kms");
  let output;
  try {
    output = await client.send(
      new GenerateDataKeyCommand({ KeyId: options.kmsKeyId, KeySpec: "AES_256", EncryptionContext: dataKeyEncryptionContext(options.appEnv) }),
    );
  } catch (error) {
    throw new KeyProviderError(
      `AWS KMS could not generate a data key: ${describeKmsError(error)}. Check AWS_KMS_KEY_ID, AWS_REGION, the key policy (kms:GenerateDataKey) and the AWS credentials.`,
    );
  }
  const { Plaintext: plaintext, CiphertextBlob: blob } = output;
  try {
    if (!plaintext || plaintext.length !== MASTER_KEY_BYTES || !blob || blob.length === 0) {
      throw new KeyProviderError("AWS KMS returned an unusable data key.");
    }
    const material = Buffer.from(plaintext);
    const keyId = kmsDataKeyId(material);
    material.fill(0);
    return { wrappedDataKey: Buffer.from(blob).toString("base64"), keyId };
  } finally {
    plaintext?.fill(0);
  }
}

// Server-side only. No "server-only" import: scripts (seed, key rotation) and
// vitest load it outside Next's bundler, where that guard throws. Never import
// it from a client component.
//
// Where field-encryption keys come from (controls R4, R5, N4). Field
// encryption asks a KeyProvider for "the key to encrypt with now" and "the key
// with this id" (to decrypt); it never sees where keys live. Today the only
// provider is the local keyring built from DATA_ENCRYPTION_KEY; a KMS envelope
// provider (a data key wrapped by a cloud KMS / Vault transit key, unwrapped
// once and cached) implements the same interface later (issue 4), and key
// rotation adds versions to the keyring. See docs/decisions/0007-field-encryption.md.
import { createHmac } from "node:crypto";
import { getEnv } from "@/lib/env";

/** One 32-byte master key and its public id. The id, never the key, is stored with each ciphertext. */
export interface MasterKey {
  /** Stable, non-secret id, e.g. "k1-3f9a0c...". Safe to log and to store. */
  readonly id: string;
  /** 32 bytes. Never log, serialize or return this to a caller outside lib/crypto. */
  readonly material: Buffer;
}

export interface KeyProvider {
  /** The key new values are encrypted (and blind-indexed) with. */
  currentKey(): Promise<MasterKey>;
  /** The key with this id, current or retired-but-still-decryptable; null when unknown. */
  keyById(id: string): Promise<MasterKey | null>;
  /** Ids of every key this provider can decrypt with (current first). For rotation progress and health checks. */
  keyIds(): Promise<readonly string[]>;
}

export const MASTER_KEY_BYTES = 32;
/** Key ids: letters, digits, "-" and "_"; never ":" (the ciphertext separator). */
export const KEY_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The id of a local keyring key: "k1-" (local keyring, id scheme 1) followed
 * by 16 hex characters of HMAC-SHA-256(key, label). A keyed fingerprint, so
 * the id reveals nothing about the key, yet two different keys get different
 * ids and a ciphertext names exactly the key it needs.
 */
export function localKeyId(material: Buffer): string {
  if (material.length !== MASTER_KEY_BYTES) throw new Error(`A master key must be exactly ${MASTER_KEY_BYTES} bytes.`);
  const fingerprint = createHmac("sha256", material).update("firefeed/key-id/v1").digest("hex").slice(0, 16);
  return `k1-${fingerprint}`;
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

/** The process-wide provider: today the local keyring from DATA_ENCRYPTION_KEY (validated by lib/env.ts). */
export function getKeyProvider(): KeyProvider {
  defaultProvider ??= new LocalKeyringProvider([decodeMasterKey(getEnv().DATA_ENCRYPTION_KEY)]);
  return defaultProvider;
}

/** Tests only: replace (or with undefined, forget) the process-wide provider. */
export function setKeyProviderForTests(provider: KeyProvider | undefined): void {
  defaultProvider = provider;
}

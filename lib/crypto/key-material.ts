// Server-side only (no "server-only" import: scripts load it).
//
// What every KeyProvider shares: the master-key shape, its size, the key-id
// alphabet and the keyed fingerprint used as a key id. A module of its own so
// that key-provider.ts (which picks a provider) and each provider can import
// it without importing one another.
import { createHmac } from "node:crypto";

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
 * `<prefix>-` followed by 16 hex characters of HMAC-SHA-256(key, label): a
 * keyed fingerprint, so the id reveals nothing about the key, yet two
 * different keys get different ids and a ciphertext names exactly the key it
 * needs. The prefix names the provider's id scheme ("k1" local, "kms1" KMS).
 */
export function keyFingerprintId(prefix: string, material: Buffer): string {
  if (material.length !== MASTER_KEY_BYTES) throw new Error(`A master key must be exactly ${MASTER_KEY_BYTES} bytes.`);
  const fingerprint = createHmac("sha256", material).update("firefeed/key-id/v1").digest("hex").slice(0, 16);
  return `${prefix}-${fingerprint}`;
}

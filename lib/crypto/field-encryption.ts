// Server-side only. No "server-only" import: scripts (seed, key rotation) and the
// scheduler load it outside Next's bundler, where that guard throws. Never import
// it from a client component.
//
// Application-layer encryption of PII columns (controls R2, R4, N4; style
// principle 6). AES-256-GCM with a fresh 12-byte IV per value; the associated
// data binds every ciphertext to its environment, table, column and row, so a
// value copied into another row, column or environment does not decrypt. The
// key id travels with the ciphertext so older key versions keep decrypting
// during rotation (R5). Every failure throws: a value that does not decrypt is
// an error, never an empty field (principle 8).
//
// Format: v1:<keyId>:<iv base64url>:<ciphertext+tag base64url>
// Why our own module and not prisma-field-encryption: docs/decisions/0007-field-encryption.md.
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from "node:crypto";
import { getEnv } from "@/lib/env";
import { KEY_ID_PATTERN, getKeyProvider, type KeyProvider, type MasterKey } from "./key-provider";

export interface EncryptionContext {
  table: string;
  column: string;
  recordId: string;
}

/** Any value that cannot be decrypted. The message never contains the plaintext, the key or the ciphertext. */
export class DecryptionError extends Error {
  override readonly name = "DecryptionError";
}

const FORMAT_VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;
const SUBKEY_BYTES = 32;
const PURPOSE_PATTERN = /^[A-Za-z0-9:._-]{1,64}$/;
/** Context parts are joined with "|": refusing "|" inside them keeps the associated data unambiguous. */
const CONTEXT_PART_PATTERN = /^[^|]{1,200}$/;

// HKDF "info" labels: each use of the master key gets its own key (domain separation).
const ENCRYPTION_KEY_INFO = "firefeed/field-encryption/aes-256-gcm/v1";
const BLIND_INDEX_INFO = "firefeed/blind-index/v1";
const SUBKEY_INFO = "firefeed/subkey/v1";

export interface FieldCipher {
  encryptField(plaintext: string, context: EncryptionContext): Promise<string>;
  decryptField(ciphertext: string, context: EncryptionContext): Promise<string>;
  blindIndex(value: string, purpose: string): Promise<string>;
  deriveSubkey(purpose: string): Promise<Buffer>;
  /**
   * The subkey for `purpose` under one GIVEN master key (by id): for data that
   * names the key it was made with (the audit chain's MACs), so it stays
   * verifiable after rotation. Null when the provider does not hold that key.
   */
  deriveSubkeyForKey(keyId: string, purpose: string): Promise<Buffer | null>;
  /** The id of the key new values are made with. */
  currentKeyId(): Promise<string>;
}

function hkdf(master: MasterKey, info: string): Buffer {
  return Buffer.from(hkdfSync("sha256", master.material, Buffer.alloc(0), info, SUBKEY_BYTES));
}

function checkPurpose(purpose: string): void {
  if (!PURPOSE_PATTERN.test(purpose)) throw new TypeError("A key purpose must be 1-64 letters, digits or : . _ -");
}

function associatedData(appEnv: string, context: EncryptionContext): Buffer | null {
  const parts = [appEnv, context.table, context.column, context.recordId];
  if (!parts.every((part) => typeof part === "string" && CONTEXT_PART_PATTERN.test(part))) return null;
  return Buffer.from(parts.join("|"), "utf8");
}

/** Strict base64url: decodes and re-encodes to the same text (Node's decoder silently skips junk). */
function decodeBase64Url(text: string): Buffer | null {
  if (!/^[A-Za-z0-9_-]+$/.test(text)) return null;
  const bytes = Buffer.from(text, "base64url");
  return bytes.toString("base64url") === text ? bytes : null;
}

/** A cipher over an explicit provider and environment (tests, scripts, re-encryption jobs). */
export function createFieldCipher(options: { keyProvider: KeyProvider; appEnv: string }): FieldCipher {
  const { keyProvider, appEnv } = options;
  // Derived keys per master key id: HKDF is cheap, but this runs on every field.
  const encryptionKeys = new Map<string, Buffer>();
  const encryptionKeyFor = (master: MasterKey): Buffer => {
    let key = encryptionKeys.get(master.id);
    if (!key) {
      key = hkdf(master, ENCRYPTION_KEY_INFO);
      encryptionKeys.set(master.id, key);
    }
    return key;
  };

  return {
    async encryptField(plaintext, context) {
      if (typeof plaintext !== "string") throw new TypeError("encryptField encrypts strings only.");
      const aad = associatedData(appEnv, context);
      if (!aad) throw new TypeError("Encryption context parts must be non-empty strings without '|'.");
      const master = await keyProvider.currentKey();
      if (!KEY_ID_PATTERN.test(master.id)) throw new Error("The key provider returned an invalid key id.");
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv("aes-256-gcm", encryptionKeyFor(master), iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(aad);
      const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()]);
      return [FORMAT_VERSION, master.id, iv.toString("base64url"), body.toString("base64url")].join(":");
    },

    async decryptField(ciphertext, context) {
      const aad = associatedData(appEnv, context);
      if (!aad) throw new DecryptionError("Cannot decrypt: invalid encryption context.");
      const parts = typeof ciphertext === "string" ? ciphertext.split(":") : [];
      const [version, keyId, ivText, bodyText] = parts;
      if (parts.length !== 4 || version !== FORMAT_VERSION || !keyId || !KEY_ID_PATTERN.test(keyId)) {
        throw new DecryptionError("Cannot decrypt: malformed ciphertext.");
      }
      const iv = decodeBase64Url(ivText ?? "");
      const body = decodeBase64Url(bodyText ?? "");
      if (!iv || iv.length !== IV_BYTES || !body || body.length < TAG_BYTES) {
        throw new DecryptionError("Cannot decrypt: malformed ciphertext.");
      }
      const master = await keyProvider.keyById(keyId);
      // The id is not secret (a keyed fingerprint): naming it helps find a missing key version.
      if (!master) throw new DecryptionError(`Cannot decrypt: unknown key id ${keyId}.`);
      try {
        const decipher = createDecipheriv("aes-256-gcm", encryptionKeyFor(master), iv, { authTagLength: TAG_BYTES });
        decipher.setAAD(aad);
        decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
        const plaintext = Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]);
        return plaintext.toString("utf8");
      } catch {
        // Deliberately no cause: OpenSSL's message says nothing useful and nothing is worth leaking.
        throw new DecryptionError("Cannot decrypt: authentication failed (tampered value, wrong context or wrong key).");
      }
    },

    async blindIndex(value, purpose) {
      checkPurpose(purpose);
      if (typeof value !== "string") throw new TypeError("blindIndex indexes strings only.");
      const key = hkdf(await keyProvider.currentKey(), `${BLIND_INDEX_INFO}|${appEnv}|${purpose}`);
      return createHmac("sha256", key).update(value, "utf8").digest("hex");
    },

    async deriveSubkey(purpose) {
      checkPurpose(purpose);
      return hkdf(await keyProvider.currentKey(), `${SUBKEY_INFO}|${appEnv}|${purpose}`);
    },

    async deriveSubkeyForKey(keyId, purpose) {
      checkPurpose(purpose);
      if (!KEY_ID_PATTERN.test(keyId)) return null;
      const master = await keyProvider.keyById(keyId);
      return master ? hkdf(master, `${SUBKEY_INFO}|${appEnv}|${purpose}`) : null;
    },

    async currentKeyId() {
      return (await keyProvider.currentKey()).id;
    },
  };
}

let defaultCipher: FieldCipher | undefined;
let defaultCipherProvider: KeyProvider | undefined;

function getDefaultCipher(): FieldCipher {
  const keyProvider = getKeyProvider();
  // Rebuilt when tests swap the provider (setKeyProviderForTests).
  if (!defaultCipher || defaultCipherProvider !== keyProvider) {
    defaultCipher = createFieldCipher({ keyProvider, appEnv: getEnv().APP_ENV });
    defaultCipherProvider = keyProvider;
  }
  return defaultCipher;
}

/** Encrypts one field value for (APP_ENV, table, column, recordId) with the current key. */
export async function encryptField(plaintext: string, context: EncryptionContext): Promise<string> {
  return getDefaultCipher().encryptField(plaintext, context);
}

/** Decrypts a value from encryptField; throws DecryptionError on any tamper, wrong context, unknown key or bad format. */
export async function decryptField(ciphertext: string, context: EncryptionContext): Promise<string> {
  return getDefaultCipher().decryptField(ciphertext, context);
}

/**
 * HMAC-SHA-256 (hex) of `value` under a key derived for blind indexes and this
 * purpose: deterministic, so equal values can be found without decrypting,
 * but not computable without the key (unlike a plain hash of an e-mail).
 * Normalize before calling (e.g. lower-case e-mail addresses). The index
 * follows the CURRENT key: rotating the master key means re-indexing (R5).
 */
export async function blindIndex(value: string, purpose: string): Promise<string> {
  return getDefaultCipher().blindIndex(value, purpose);
}

/** The subkey for `purpose` under the master key `keyId` (see FieldCipher), or null if that key is not held. */
export async function deriveSubkeyForKey(keyId: string, purpose: string): Promise<Buffer | null> {
  return getDefaultCipher().deriveSubkeyForKey(keyId, purpose);
}

/** The id of the current master key. */
export async function currentKeyId(): Promise<string> {
  return getDefaultCipher().currentKeyId();
}

/** A 32-byte key for `purpose` (HKDF from the current master key), e.g. for recovery-code hashing. */
export async function deriveSubkey(purpose: string): Promise<Buffer> {
  return getDefaultCipher().deriveSubkey(purpose);
}

// Server-side only (it derives keys from a server pepper).
//
// Recovery codes for control A3: 10 codes, shown once, stored hashed, single
// use (the caller deletes or marks the matched row in the same transaction
// that accepts the sign-in), regenerable (replace all rows).
//
// Why HMAC-SHA-256 and not argon2/scrypt: a password hash is slow because
// passwords are guessable; slowness buys time per guess. These codes are not
// chosen by people: each carries 60 bits from the CSPRNG, so a database thief
// without the pepper cannot test guesses at all (the hash is an HMAC keyed by
// a server secret that is not stored in the database), and even with the
// pepper needs ~2^59 HMACs per user (the key is per user, so no work is shared
// across users or precomputed) for codes that die as soon as they are used or
// regenerated. Online guessing is bounded by the sign-in rate limits long
// before. A fast keyed hash also lets us compare one input against all ten
// stored hashes in constant time on every attempt, cheaply.
import "server-only";
import { createHmac, hkdfSync, randomInt, timingSafeEqual } from "node:crypto";
import { z } from "zod";

/** Crockford's base32: no I, L, O or U, so nothing reads as something else. */
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const GROUPS = 3;
const GROUP_LENGTH = 4;
const CODE_LENGTH = GROUPS * GROUP_LENGTH; // 12 characters x 5 bits = 60 bits
export const RECOVERY_CODE_ENTROPY_BITS = CODE_LENGTH * Math.log2(ALPHABET.length);
export const RECOVERY_CODE_COUNT = 10;

const HASH_PREFIX = "rc1$"; // versioned, so the scheme can change without ambiguity
const MIN_KEY_BYTES = 32;
const MAX_INPUT_LENGTH = 64;
const HKDF_INFO = "firefeed/mfa/recovery-codes/v1";

const countSchema = z.number().int().min(1).max(100);
const keySchema = z.custom<Uint8Array>(
  (value) => value instanceof Uint8Array && value.length >= MIN_KEY_BYTES,
  `a key of at least ${MIN_KEY_BYTES} bytes`,
);
const normalizedCodeSchema = z.string().regex(new RegExp(`^[${ALPHABET}]{${CODE_LENGTH}}$`));

function randomCode(): string {
  let raw = "";
  // randomInt draws uniformly (rejection sampling inside): no modulo bias.
  for (let index = 0; index < CODE_LENGTH; index += 1) raw += ALPHABET[randomInt(ALPHABET.length)];
  return formatRecoveryCode(raw);
}

function formatRecoveryCode(normalized: string): string {
  const groups: string[] = [];
  for (let index = 0; index < CODE_LENGTH; index += GROUP_LENGTH) {
    groups.push(normalized.slice(index, index + GROUP_LENGTH));
  }
  return groups.join("-").toLowerCase();
}

/** Fresh, distinct codes shaped `xxxx-xxxx-xxxx` (lowercase Crockford base32, 60 bits each). */
export function generateRecoveryCodes(count: number = RECOVERY_CODE_COUNT): string[] {
  const wanted = countSchema.parse(count);
  const codes = new Set<string>();
  while (codes.size < wanted) codes.add(randomCode());
  return [...codes];
}

/**
 * The canonical form of what a user typed, or null when it cannot be a code:
 * case, dashes and whitespace ignored; O read as 0 and I/L as 1 (Crockford's
 * decoding rules, for codes copied by hand).
 */
export function normalizeRecoveryCode(input: string): string | null {
  if (input.length > MAX_INPUT_LENGTH) return null;
  const candidate = input
    .toUpperCase()
    .replace(/[\s-]+/g, "")
    .replace(/O/g, "0")
    .replace(/[IL]/g, "1");
  const parsed = normalizedCodeSchema.safeParse(candidate);
  return parsed.success ? parsed.data : null;
}

/**
 * The per-user HMAC key: HKDF-SHA-256 over the server pepper with the user id
 * as salt. The pepper (>= 32 bytes) comes from configuration, never from the
 * database.
 */
export function deriveRecoveryCodeKey(pepper: Uint8Array, userId: string): Buffer {
  const validPepper = keySchema.parse(pepper);
  const validUserId = z.string().min(1).max(128).parse(userId);
  return Buffer.from(hkdfSync("sha256", validPepper, Buffer.from(validUserId, "utf8"), HKDF_INFO, 32));
}

function digest(normalizedCode: string, key: Uint8Array): Buffer {
  return createHmac("sha256", key).update(normalizedCode, "utf8").digest();
}

/**
 * The stored form of a code: `rc1$` + base64url(HMAC-SHA-256(key, normalized code)).
 * `key` is the per-user key from deriveRecoveryCodeKey. Throws for a malformed
 * code (we only hash codes we generated).
 */
export function hashRecoveryCode(code: string, key: Uint8Array): string {
  const validKey = keySchema.parse(key);
  const normalized = normalizeRecoveryCode(code);
  if (normalized === null) throw new Error("Not a recovery code");
  return HASH_PREFIX + digest(normalized, validKey).toString("base64url");
}

function storedDigest(stored: string | null): Buffer | null {
  if (stored === null || !stored.startsWith(HASH_PREFIX)) return null;
  const bytes = Buffer.from(stored.slice(HASH_PREFIX.length), "base64url");
  return bytes.length === 32 ? bytes : null;
}

/**
 * The index of the stored hash that `input` matches, or null. Entries that
 * are null (already used) or unreadable never match. Every entry is compared,
 * in constant time and without an early exit, so timing reveals neither
 * whether nor where a code matched.
 */
export function findMatchingRecoveryCode(
  input: string,
  storedHashes: readonly (string | null)[],
  key: Uint8Array,
): number | null {
  const validKey = keySchema.parse(key);
  const normalized = normalizeRecoveryCode(input);
  if (normalized === null) return null;
  const inputDigest = digest(normalized, validKey);
  const placeholder = Buffer.alloc(32);

  let match: number | null = null;
  storedHashes.forEach((stored, index) => {
    const candidate = storedDigest(stored);
    const equal = timingSafeEqual(candidate ?? placeholder, inputDigest) && candidate !== null;
    if (equal && match === null) match = index;
  });
  return match;
}

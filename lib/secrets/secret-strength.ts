// Server-side only (no "server-only" import: lib/env.ts and scripts
// load it outside Next's bundler). Never import it from a client component.
//
// Refuses secrets that protect nothing (issue 9, finding 1; controls N4, S2).
// A secret is refused, in EVERY environment, when it is
//  - published: its SHA-256 fingerprint is on the list below. The list holds
//    fingerprints, never the values, of secrets that once appeared in this
//    repository (and so in every clone and in git history forever);
//  - a placeholder: it contains a word no generated secret contains
//    ("secret", "example", "changeme", ...);
//  - weak: too short, too few distinct characters, or (for a key) bytes that
//    look typed rather than random.
// The rules are deliberately simple and explainable: every refusal names a
// rule, and a value from `openssl rand -base64 48` (or the key files
// `npm start` creates) passes all of them with overwhelming probability.
import { createHash } from "node:crypto";

/**
 * SHA-256 (hex) of values published in this repository: the development
 * demo session secret and demo data key of the first releases (removed from
 * the code in issue 9, still in git history).
 */
export const PUBLISHED_SECRET_FINGERPRINTS: ReadonlySet<string> = new Set([
  // the former DEMO_NEXTAUTH_SECRET
  "63d5d646512609f6b43fe5195888b30feea128b3638e1b2258a94f60377f0665",
  // the former DEMO_DATA_ENCRYPTION_KEY (base64 text as configured)
  "2b32b3ba994175daff418c1d22c917614e5fab0fc070921be24dd447ec5e5a94",
]);

/**
 * Words that mark a hand-written placeholder. Each is long enough (5+ letters)
 * that a random base64 secret contains one by chance about once in 10^7
 * tries or less.
 */
const PLACEHOLDER_WORDS = [
  "secret",
  "password",
  "changeme",
  "change-me",
  "example",
  "placeholder",
  "development",
  "test-only",
  "testonly",
  "insecure",
  "do-not-use",
];

/** Minimum length of a text secret (session signing secret, webhook secret). */
export const MIN_TEXT_SECRET_LENGTH = 32;
/**
 * Fewer distinct characters than this is not random text. The floor must hold
 * for the smallest alphabet a generator uses: 32 random hex characters
 * (`openssl rand -hex 16`) have ~14 distinct ones and, over 200,000 draws,
 * never fewer than 9 (12 refused about one draw in a thousand, so a valid
 * secret could fail a deployment). Short repeated patterns, which can have
 * many distinct characters, are caught by shortPeriodOf.
 */
const MIN_DISTINCT_CHARACTERS = 8;

/** The length of the shortest pattern `value` repeats (at most half its length), or null. */
function shortPeriodOf(value: string): number | null {
  for (let period = 1; period <= value.length / 2; period += 1) {
    let repeats = true;
    for (let index = period; index < value.length && repeats; index += 1) repeats = value[index] === value[index - period];
    if (repeats) return period;
  }
  return null;
}
/** 32 random bytes have ~30 distinct values; fewer than 16 means the key was not drawn at random. */
const MIN_DISTINCT_KEY_BYTES = 16;

export function secretFingerprint(value: string): string {
  return createHash("sha256").update(value, "utf8").digest("hex");
}

export function isPublishedSecret(value: string): boolean {
  return PUBLISHED_SECRET_FINGERPRINTS.has(secretFingerprint(value));
}

/** Why a text secret is refused (fixed text, never the value), or null when it is acceptable. */
export function textSecretProblem(value: string): string | null {
  if (isPublishedSecret(value)) return "is a value published in the FireFeed repository; generate a new one (openssl rand -base64 48)";
  if (value.length < MIN_TEXT_SECRET_LENGTH) return `must be at least ${MIN_TEXT_SECRET_LENGTH} characters (openssl rand -base64 48)`;
  const lower = value.toLowerCase();
  if (PLACEHOLDER_WORDS.some((word) => lower.includes(word))) {
    return "looks like a placeholder (it contains a word such as secret, example or changeme); generate a random one (openssl rand -base64 48)";
  }
  if (new Set(value).size < MIN_DISTINCT_CHARACTERS || shortPeriodOf(value) !== null) {
    return "is too repetitive to be random; generate a random one (openssl rand -base64 48)";
  }
  return null;
}

/**
 * Why a 32-byte key (given as its base64 text) is refused, or null. The
 * caller has already checked that it decodes to exactly 32 bytes.
 */
export function keySecretProblem(base64: string): string | null {
  if (isPublishedSecret(base64)) return "is a key published in the FireFeed repository; generate a new one (openssl rand -base64 32)";
  const bytes = Buffer.from(base64, "base64");
  if (new Set(bytes).size < MIN_DISTINCT_KEY_BYTES) return "is too repetitive to be random; generate a new one (openssl rand -base64 32)";
  // Printable ASCII only: a typed passphrase, not key material. A random key
  // is all-printable with probability (95/256)^32, about 1 in 10^14.
  if (bytes.every((byte) => byte >= 0x20 && byte <= 0x7e)) {
    return "decodes to typed text, not random bytes; generate a new one (openssl rand -base64 32)";
  }
  return null;
}

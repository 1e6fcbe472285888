// Server-side only. No "server-only" import: scripts run under tsx (seed,
// bench) and vitest load it too, and "server-only" throws outside Next.
//
// Password hashing with argon2id (@node-rs/argon2, a prebuilt native binding).
// Stored format: the standard PHC string `$argon2id$v=19$m=...,t=...,p=...$salt$hash`,
// which carries its own parameters, so the cost can be raised later and old
// hashes still verify (and are flagged for a rehash on the next sign-in).
// Any other stored format is simply not valid.
import { hash as argon2Hash, parseOptions as parseArgon2Options, verify as argon2Verify } from "@node-rs/argon2";
import { randomBytes } from "node:crypto";

export interface Argon2Params {
  /** Memory in KiB (the PHC `m=`). */
  readonly memoryCost: number;
  /** Passes over memory (the PHC `t=`). */
  readonly timeCost: number;
  /** Lanes (the PHC `p=`). */
  readonly parallelism: number;
}

/**
 * OWASP Password Storage Cheat Sheet minimum for argon2id (one of its
 * equivalent options): 19 MiB, 2 passes, 1 lane. Kept for comparison (bench,
 * tests) only: never hash with it.
 */
export const OWASP_MINIMUM_ARGON2_PARAMS: Argon2Params = Object.freeze({
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
});

/**
 * The parameters new hashes are made with: 64 MiB, 3 passes, 1 lane. That is
 * 3.4x OWASP's minimum memory and 1.5x its passes (RFC 9106's second
 * recommended option uses the same memory and passes).
 *
 * Measured on the 2-core development machine (Node 20, @node-rs/argon2 2.2.1,
 * median of 7): hash ~67 ms, verify ~55 ms, vs ~10 ms at OWASP's minimum.
 * m=128 MiB,t=2 took ~110 ms and m=64 MiB,t=2 ~43 ms: 64 MiB/t=3 sits inside
 * the 50-150 ms target with headroom for slower hosts. Re-measure with
 * `npx tsx bench/password-hash.ts` before changing.
 *
 * Memory: each hash in flight holds 64 MiB; libuv's default pool of 4 threads
 * bounds that to 256 MiB per process (sign-in rate limits keep it lower).
 */
export const ARGON2_PARAMS: Argon2Params = Object.freeze({
  memoryCost: 65_536,
  timeCost: 3,
  parallelism: 1,
});

/** @node-rs/argon2's `Algorithm.Argon2id`; a const enum, which isolatedModules cannot import. */
const ARGON2ID = 2;
/** @node-rs/argon2's `Version.V0x13` (argon2 version 19). */
const ARGON2_VERSION_0X13 = 1;
const ARGON2_OUTPUT_BYTES = 32;
const MIN_SALT_BYTES = 16;

// Bounds on parameters read from a stored hash, so a tampered row cannot make
// verification allocate gigabytes or spin for minutes.
const MAX_ARGON2_MEMORY_KIB = 1_048_576; // 1 GiB
const MAX_ARGON2_TIME_COST = 20;
const MAX_ARGON2_PARALLELISM = 16;

/**
 * Far above the policy's maxLength (128): a cap so an attacker cannot make us
 * hash megabytes. Over-long input is refused without revealing more than a
 * wrong password would.
 */
export const MAX_HASHABLE_PASSWORD_LENGTH = 1024;

export interface PasswordVerification {
  readonly valid: boolean;
  /** True when the password was right and the stored hash should be replaced by `hashPassword(password)`. */
  readonly needsRehash: boolean;
}

// The same password typed on different keyboards/OSes can arrive in different
// Unicode forms (é as one code point or e + accent); NFC makes them one.
const normalizePassword = (password: string) => password.normalize("NFC");

export async function hashPassword(password: string, params: Argon2Params = ARGON2_PARAMS): Promise<string> {
  if (password.length === 0 || password.length > MAX_HASHABLE_PASSWORD_LENGTH) {
    throw new RangeError("Password length is outside the hashable range.");
  }
  return argon2Hash(normalizePassword(password), {
    algorithm: ARGON2ID,
    version: ARGON2_VERSION_0X13,
    memoryCost: params.memoryCost,
    timeCost: params.timeCost,
    parallelism: params.parallelism,
    outputLen: ARGON2_OUTPUT_BYTES,
  });
}

/**
 * Checks a password against a stored argon2id PHC string. Never throws for a malformed or unknown stored hash: it is
 * simply not valid. `currentParams` is what needsRehash compares against
 * (injectable for tests).
 */
export async function verifyPassword(
  storedHash: string,
  password: string,
  currentParams: Argon2Params = ARGON2_PARAMS,
): Promise<PasswordVerification> {
  if (password.length === 0 || password.length > MAX_HASHABLE_PASSWORD_LENGTH) {
    // Spend the same time as a real check so length is not an oracle either.
    await dummyVerify();
    return { valid: false, needsRehash: false };
  }
  if (storedHash.startsWith("$argon2")) return verifyArgon2(storedHash, password, currentParams);
  await dummyVerify();
  return { valid: false, needsRehash: false };
}

/**
 * True when a stored hash is weaker than `currentParams` (or not argon2id
 * v19 at all). Only weaker: lowering ARGON2_PARAMS later never downgrades
 * hashes that are already stronger.
 */
export function hashNeedsRehash(storedHash: string, currentParams: Argon2Params = ARGON2_PARAMS): boolean {
  const options = parseArgon2HashOptions(storedHash);
  if (!options) return true;
  return (
    // Numbers on both sides: the binding's enums are const enums we cannot import.
    Number(options.algorithm) !== ARGON2ID ||
    Number(options.version) !== ARGON2_VERSION_0X13 ||
    options.memoryCost < currentParams.memoryCost ||
    options.timeCost < currentParams.timeCost ||
    options.parallelism < currentParams.parallelism ||
    options.outputLen < ARGON2_OUTPUT_BYTES ||
    options.saltLen < MIN_SALT_BYTES
  );
}

let dummyHashPromise: Promise<string> | undefined;

/**
 * Costs what a real verification costs, for sign-in attempts on e-mails that
 * have no account, so response time does not reveal which accounts exist.
 * The first call computes the dummy hash (a hash costs about what a verify
 * does); later calls verify against it.
 */
export async function dummyVerify(): Promise<void> {
  if (!dummyHashPromise) {
    const pending = hashPassword(randomBytes(24).toString("base64url"));
    dummyHashPromise = pending;
    // A failed hash must not poison every later call.
    pending.catch(() => {
      if (dummyHashPromise === pending) dummyHashPromise = undefined;
    });
    await pending;
    return;
  }
  const dummyHash = await dummyHashPromise;
  // The result is meaningless by construction (the dummy plaintext is random and discarded).
  await argon2Verify(dummyHash, "not-the-dummy-password");
}

function parseArgon2HashOptions(storedHash: string) {
  try {
    return parseArgon2Options(storedHash);
  } catch {
    return undefined;
  }
}

async function verifyArgon2(storedHash: string, password: string, currentParams: Argon2Params): Promise<PasswordVerification> {
  const options = parseArgon2HashOptions(storedHash);
  const withinBounds =
    options !== undefined &&
    options.memoryCost <= MAX_ARGON2_MEMORY_KIB &&
    options.timeCost <= MAX_ARGON2_TIME_COST &&
    options.parallelism <= MAX_ARGON2_PARALLELISM;
  if (!withinBounds) {
    await dummyVerify();
    return { valid: false, needsRehash: false };
  }
  let valid: boolean;
  try {
    // The binding recomputes the hash and compares it in constant time.
    valid = await argon2Verify(storedHash, normalizePassword(password));
  } catch {
    valid = false;
  }
  return { valid, needsRehash: valid && hashNeedsRehash(storedHash, currentParams) };
}

// Server-side only. No "server-only" import: the seed script (tsx) uses it too.
//
// scrypt from node:crypto, until the identity work replaces it with argon2id.
// Stored format: `scrypt$N$r$p$saltBase64$hashBase64`, so the cost can be
// raised later and old hashes still verify (and can be rehashed on sign-in).
import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from "node:crypto";

const scrypt = (password: string, salt: Buffer, keyLength: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) =>
    scryptCallback(password, salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key))),
  );

export const SCRYPT_PARAMS = { N: 2 ** 15, r: 8, p: 1 } as const;
const SALT_BYTES = 16;
const KEY_BYTES = 32;
// Bounds on parameters read from a stored hash, so a tampered row cannot make
// verification allocate gigabytes or spin for minutes.
const MAX_N = 2 ** 20;
const MAX_R = 32;
const MAX_P = 16;

// scrypt needs 128 * N * r bytes; Node's default cap (32 MiB) is exactly
// N=2^15, r=8 and refuses it, so allow twice the need.
const maxmemFor = (N: number, r: number) => 2 * 128 * N * r + 1024 * 1024;

export async function hashPassword(password: string): Promise<string> {
  const { N, r, p } = SCRYPT_PARAMS;
  const salt = randomBytes(SALT_BYTES);
  const key = await scrypt(password.normalize("NFC"), salt, KEY_BYTES, { N, r, p, maxmem: maxmemFor(N, r) });
  return ["scrypt", N, r, p, salt.toString("base64"), key.toString("base64")].join("$");
}

/** Constant-time comparison; false (never an exception) for a malformed stored hash. */
export async function verifyPassword(password: string, storedHash: string): Promise<boolean> {
  const [scheme, rawN, rawR, rawP, rawSalt, rawKey, ...extra] = storedHash.split("$");
  if (scheme !== "scrypt" || rawKey === undefined || extra.length > 0) return false;
  const [N, r, p] = [rawN, rawR, rawP].map((value) => Number(value)) as [number, number, number];
  const salt = Buffer.from(rawSalt ?? "", "base64");
  const expected = Buffer.from(rawKey, "base64");
  const validParams =
    Number.isInteger(N) && N > 1 && N <= MAX_N && (N & (N - 1)) === 0 &&
    Number.isInteger(r) && r >= 1 && r <= MAX_R &&
    Number.isInteger(p) && p >= 1 && p <= MAX_P;
  if (!validParams || salt.length < SALT_BYTES || expected.length !== KEY_BYTES) return false;
  const actual = await scrypt(password.normalize("NFC"), salt, KEY_BYTES, { N, r, p, maxmem: maxmemFor(N, r) });
  return timingSafeEqual(actual, expected);
}

/** True when a stored hash was made with weaker parameters than today's and should be redone at next sign-in. */
export function needsRehash(storedHash: string): boolean {
  const [scheme, N, r, p] = storedHash.split("$");
  return (
    scheme !== "scrypt" ||
    Number(N) < SCRYPT_PARAMS.N ||
    Number(r) < SCRYPT_PARAMS.r ||
    Number(p) < SCRYPT_PARAMS.p
  );
}

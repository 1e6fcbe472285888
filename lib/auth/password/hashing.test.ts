import { randomBytes, scryptSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  ARGON2_PARAMS,
  OWASP_MINIMUM_ARGON2_PARAMS,
  dummyVerify,
  hashNeedsRehash,
  hashPassword,
  verifyPassword,
  type Argon2Params,
} from "./hashing";

// Cheap parameters keep the suite fast where the cost itself is not under test.
const LOW: Argon2Params = { memoryCost: 1024, timeCost: 1, parallelism: 1 };

// Builds a hash in the first demo seed's scrypt format, to prove it is no longer accepted.
function legacyScryptHash(password: string, N = 2 ** 14, r = 8, p = 1): string {
  const salt = randomBytes(16);
  const key = scryptSync(password.normalize("NFC"), salt, 32, { N, r, p, maxmem: 2 * 128 * N * r + 1024 * 1024 });
  return ["scrypt", N, r, p, salt.toString("base64"), key.toString("base64")].join("$");
}

describe("ARGON2_PARAMS", () => {
  it("is at or above OWASP's minimum on every axis", () => {
    expect(ARGON2_PARAMS.memoryCost).toBeGreaterThan(OWASP_MINIMUM_ARGON2_PARAMS.memoryCost);
    expect(ARGON2_PARAMS.timeCost).toBeGreaterThanOrEqual(OWASP_MINIMUM_ARGON2_PARAMS.timeCost);
    expect(ARGON2_PARAMS.parallelism).toBeGreaterThanOrEqual(OWASP_MINIMUM_ARGON2_PARAMS.parallelism);
    expect(Object.isFrozen(ARGON2_PARAMS)).toBe(true);
  });
});

describe("hashPassword / verifyPassword", () => {
  it("produces an argon2id PHC string with the current parameters and a random salt", async () => {
    const first = await hashPassword("mellow quartz tandem violet");
    const second = await hashPassword("mellow quartz tandem violet");
    expect(first).toMatch(/^\$argon2id\$v=19\$m=65536,t=3,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(first).not.toBe(second);
    expect(first).not.toContain("mellow");
  });

  it("accepts the right password without asking for a rehash, refuses a wrong one", async () => {
    const stored = await hashPassword("mellow quartz tandem violet");
    await expect(verifyPassword(stored, "mellow quartz tandem violet")).resolves.toEqual({ valid: true, needsRehash: false });
    await expect(verifyPassword(stored, "mellow quartz tandem violeT")).resolves.toEqual({ valid: false, needsRehash: false });
    await expect(verifyPassword(stored, "")).resolves.toEqual({ valid: false, needsRehash: false });
  });

  it("treats Unicode-equivalent spellings as the same password (NFC)", async () => {
    const composed = "caf\u00e9 au lait sous la pluie";
    const decomposed = "cafe\u0301 au lait sous la pluie";
    const stored = await hashPassword(composed, LOW);
    expect((await verifyPassword(stored, decomposed, LOW)).valid).toBe(true);
  });

  it("asks for a rehash when the stored parameters are below the current ones", async () => {
    const weak = await hashPassword("mellow quartz tandem violet", OWASP_MINIMUM_ARGON2_PARAMS);
    await expect(verifyPassword(weak, "mellow quartz tandem violet")).resolves.toEqual({ valid: true, needsRehash: true });
    // A wrong password never triggers a rehash (we would have nothing to rehash).
    await expect(verifyPassword(weak, "wrong password entirely")).resolves.toEqual({ valid: false, needsRehash: false });
    expect(hashNeedsRehash(weak)).toBe(true);
  });

  it("flags each weaker axis and never a stronger one", async () => {
    const current: Argon2Params = { memoryCost: 2048, timeCost: 2, parallelism: 1 };
    const atCurrent = await hashPassword("pw-for-params", current);
    expect(hashNeedsRehash(atCurrent, current)).toBe(false);
    expect(hashNeedsRehash(await hashPassword("pw-for-params", { ...current, memoryCost: 1024 }), current)).toBe(true);
    expect(hashNeedsRehash(await hashPassword("pw-for-params", { ...current, timeCost: 1 }), current)).toBe(true);
    // Parameters raised since: a stronger stored hash is kept, never downgraded.
    expect(hashNeedsRehash(await hashPassword("pw-for-params", { ...current, memoryCost: 4096, timeCost: 3 }), current)).toBe(false);
    expect(hashNeedsRehash("not a hash")).toBe(true);
  });

  it("refuses to hash empty or absurdly long input", async () => {
    await expect(hashPassword("")).rejects.toThrow(RangeError);
    await expect(hashPassword("x".repeat(1025))).rejects.toThrow(RangeError);
  });

  it("returns invalid (never throws) for malformed or tampered stored hashes", async () => {
    const stored = await hashPassword("mellow quartz tandem violet", LOW);
    const tamperedHash = stored.slice(0, -2) + (stored.endsWith("AA") ? "BB" : "AA");
    for (const bad of [
      "",
      "plaintext",
      "$argon2id$v=19$m=65536,t=3,p=1$garbage",
      tamperedHash,
      // A row edited to demand 4 GiB of memory must not be honoured.
      stored.replace("m=1024", "m=4194304"),
    ]) {
      await expect(verifyPassword(bad, "mellow quartz tandem violet", LOW)).resolves.toEqual({ valid: false, needsRehash: false });
    }
  });
});

describe("hashes in any other format", () => {
  it("are not valid, even when they would match the password (only argon2id is accepted)", async () => {
    // The interim demo seed's scrypt format: no landed database holds it.
    const scryptHash = legacyScryptHash("seed password for demo");
    await expect(verifyPassword(scryptHash, "seed password for demo")).resolves.toEqual({ valid: false, needsRehash: false });
    for (const other of ["", "plaintext", "$2b$12$abcdefghijklmnopqrstuu", "$argon2i$v=19$m=65536,t=3,p=1$c2FsdHNhbHQ$aGFzaA"]) {
      await expect(verifyPassword(other, "seed password for demo")).resolves.toEqual({ valid: false, needsRehash: false });
    }
    expect(hashNeedsRehash(scryptHash)).toBe(true);
  });
});

describe("dummyVerify", () => {
  it("resolves (first call builds the dummy hash, later calls verify against it)", async () => {
    await expect(Promise.all([dummyVerify(), dummyVerify()])).resolves.toEqual([undefined, undefined]);
    await expect(dummyVerify()).resolves.toBeUndefined();
  });
});

import { describe, expect, it } from "vitest";
import { hashPassword, needsRehash, SCRYPT_PARAMS, verifyPassword } from "./password-hash";

describe("password hashing (scrypt)", () => {
  it("stores scrypt$N$r$p$salt$hash with at least N=2^15, r=8, p=1", async () => {
    const hash = await hashPassword("correct horse battery staple");
    const [scheme, N, r, p, salt = "", key = ""] = hash.split("$");
    expect(scheme).toBe("scrypt");
    expect(Number(N)).toBeGreaterThanOrEqual(2 ** 15);
    expect(Number(r)).toBe(8);
    expect(Number(p)).toBe(1);
    expect(Buffer.from(salt, "base64")).toHaveLength(16);
    expect(Buffer.from(key, "base64")).toHaveLength(32);
    expect(needsRehash(hash)).toBe(false);
  });

  it("verifies the right password and refuses a wrong one", async () => {
    const hash = await hashPassword("correct horse battery staple");
    await expect(verifyPassword("correct horse battery staple", hash)).resolves.toBe(true);
    await expect(verifyPassword("correct horse battery stapler", hash)).resolves.toBe(false);
  });

  it("uses a random salt, so equal passwords give different hashes", async () => {
    const [first, second] = await Promise.all([hashPassword("same password"), hashPassword("same password")]);
    expect(first).not.toBe(second);
  });

  it("returns false for malformed or tampered hashes instead of throwing", async () => {
    const hash = await hashPassword("pw");
    const parts = hash.split("$");
    await expect(verifyPassword("pw", "")).resolves.toBe(false);
    await expect(verifyPassword("pw", "bcrypt$whatever")).resolves.toBe(false);
    // A cost far above the cap must not be attempted (denial of service).
    await expect(verifyPassword("pw", ["scrypt", 2 ** 30, ...parts.slice(2)].join("$"))).resolves.toBe(false);
    await expect(verifyPassword("pw", [...parts.slice(0, 5), "AAAA"].join("$"))).resolves.toBe(false);
  });

  it("asks for a rehash when the stored cost is below today's", () => {
    expect(needsRehash(`scrypt$${2 ** 14}$8$1$c2FsdA==$aGFzaA==`)).toBe(true);
    expect(SCRYPT_PARAMS.N).toBeGreaterThanOrEqual(2 ** 15);
  });
});

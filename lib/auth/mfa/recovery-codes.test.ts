import { describe, expect, it } from "vitest";
import {
  RECOVERY_CODE_ENTROPY_BITS,
  deriveRecoveryCodeKey,
  findMatchingRecoveryCode,
  generateRecoveryCodes,
  hashRecoveryCode,
  normalizeRecoveryCode,
} from "./recovery-codes";

const PEPPER = Buffer.alloc(32, 7);
const KEY = deriveRecoveryCodeKey(PEPPER, "user-1");

describe("generateRecoveryCodes", () => {
  it("returns 10 distinct human-friendly codes by default", () => {
    const codes = generateRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}$/);
  });

  it("carries at least 60 bits of entropy per code", () => {
    expect(RECOVERY_CODE_ENTROPY_BITS).toBeGreaterThanOrEqual(60);
  });

  it("never uses the ambiguous letters i, l, o, u", () => {
    const text = generateRecoveryCodes(100).join("");
    expect(text).not.toMatch(/[ilou]/);
  });

  it("validates the count", () => {
    expect(generateRecoveryCodes(1)).toHaveLength(1);
    expect(() => generateRecoveryCodes(0)).toThrow();
    expect(() => generateRecoveryCodes(1.5)).toThrow();
    expect(() => generateRecoveryCodes(1000)).toThrow();
  });
});

describe("normalizeRecoveryCode", () => {
  it.each([
    ["abcd-efgh-jkmn", "ABCDEFGHJKMN"],
    [" ABCD EFGH JKMN ", "ABCDEFGHJKMN"],
    ["abcdefghjkmn", "ABCDEFGHJKMN"],
    ["o1il-0000-1111", "011100001111"],
  ])("%j -> %j", (input, expected) => {
    expect(normalizeRecoveryCode(input)).toBe(expected);
  });

  it.each(["", "abcd-efgh", "abcd-efgh-jkmn-p", "abcd-efgh-jkmu", "abcd_efgh_jkmn", "x".repeat(1000)])(
    "refuses %j",
    (input) => {
      expect(normalizeRecoveryCode(input)).toBeNull();
    },
  );
});

describe("hashing and matching", () => {
  const codes = generateRecoveryCodes();
  const stored = codes.map((code) => hashRecoveryCode(code, KEY));

  it("stores a versioned keyed hash, not the code", () => {
    for (const [index, hash] of stored.entries()) {
      expect(hash).toMatch(/^rc1\$[A-Za-z0-9_-]{43}$/);
      expect(hash.toLowerCase()).not.toContain(codes[index]?.replace(/-/g, ""));
    }
  });

  it("finds the index of a matching code, however it is typed", () => {
    const third = codes[2] ?? "";
    expect(findMatchingRecoveryCode(third, stored, KEY)).toBe(2);
    expect(findMatchingRecoveryCode(third.toUpperCase().replace(/-/g, " "), stored, KEY)).toBe(2);
    expect(findMatchingRecoveryCode(third.replace(/-/g, ""), stored, KEY)).toBe(2);
  });

  it("returns null for a wrong, malformed or used code", () => {
    const [fresh] = generateRecoveryCodes(1);
    expect(findMatchingRecoveryCode(fresh ?? "", stored, KEY)).toBeNull();
    expect(findMatchingRecoveryCode("not a code", stored, KEY)).toBeNull();
    const afterUse = stored.map((hash, index) => (index === 0 ? null : hash));
    expect(findMatchingRecoveryCode(codes[0] ?? "", afterUse, KEY)).toBeNull();
    expect(findMatchingRecoveryCode(codes[1] ?? "", afterUse, KEY)).toBe(1);
  });

  it("ignores unreadable stored entries", () => {
    const code = codes[0] ?? "";
    expect(findMatchingRecoveryCode(code, ["garbage", "rc1$short", "", null, stored[0] ?? ""], KEY)).toBe(4);
  });

  it("binds hashes to the user and the pepper", () => {
    const otherUser = deriveRecoveryCodeKey(PEPPER, "user-2");
    const otherPepper = deriveRecoveryCodeKey(Buffer.alloc(32, 8), "user-1");
    expect(findMatchingRecoveryCode(codes[0] ?? "", stored, otherUser)).toBeNull();
    expect(findMatchingRecoveryCode(codes[0] ?? "", stored, otherPepper)).toBeNull();
  });

  it("refuses short keys and empty user ids", () => {
    expect(() => deriveRecoveryCodeKey(Buffer.alloc(16), "user-1")).toThrow();
    expect(() => deriveRecoveryCodeKey(PEPPER, "")).toThrow();
    expect(() => hashRecoveryCode(codes[0] ?? "", Buffer.alloc(8))).toThrow();
    expect(() => hashRecoveryCode("nope", KEY)).toThrow();
  });
});

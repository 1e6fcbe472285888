import { Secret, TOTP, URI } from "otpauth";
import { describe, expect, it } from "vitest";
import {
  buildOtpauthUri,
  generateTotpSecret,
  renderTotpQrCodeSvg,
  totpStepAt,
  verifyTotpCode,
} from "./totp";

// RFC 6238 Appendix B's SHA-1 key ("12345678901234567890"), base32.
const SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
const PERIOD_MS = 30_000;
// The middle of a step, so ±1 step is ±30 s exactly.
const NOW = 56_666_666 * PERIOD_MS + 15_000;
const STEP = totpStepAt(NOW);

/** The code an authenticator app shows `offset` steps from NOW. */
const codeAt = (offset: number) =>
  TOTP.generate({
    secret: Secret.fromBase32(SECRET),
    algorithm: "SHA1",
    digits: 6,
    period: 30,
    timestamp: NOW + offset * PERIOD_MS,
  });

describe("generateTotpSecret", () => {
  it("returns 20 random bytes as base32", () => {
    const first = generateTotpSecret();
    expect(first).toMatch(/^[A-Z2-7]{32}$/);
    expect(Secret.fromBase32(first).bytes.length).toBe(20);
    expect(generateTotpSecret()).not.toBe(first);
  });
});

describe("buildOtpauthUri", () => {
  it("builds an authenticator-compatible URI", () => {
    const uri = buildOtpauthUri({ secret: SECRET, accountName: "ops@example.com" });
    expect(uri.startsWith("otpauth://totp/FireFeed:ops%40example.com?")).toBe(true);
    const parsed = URI.parse(uri);
    expect(parsed).toBeInstanceOf(TOTP);
    expect(parsed.issuer).toBe("FireFeed");
    expect(parsed.secret.base32).toBe(SECRET);
    expect(uri).toContain("algorithm=SHA1");
    expect(uri).toContain("digits=6");
    expect(uri).toContain("period=30");
  });

  it("rejects bad input", () => {
    expect(() => buildOtpauthUri({ secret: "not-base32!", accountName: "a@b.c" })).toThrow();
    expect(() => buildOtpauthUri({ secret: SECRET, accountName: "" })).toThrow();
    expect(() => buildOtpauthUri({ secret: SECRET, accountName: "a:b" })).toThrow();
  });
});

describe("renderTotpQrCodeSvg", () => {
  it("renders an SVG locally", async () => {
    const svg = await renderTotpQrCodeSvg(buildOtpauthUri({ secret: SECRET, accountName: "ops@example.com" }));
    expect(svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).not.toContain(SECRET); // the secret is only in the modules, not in text
  });

  it("refuses anything but an otpauth TOTP URI", async () => {
    await expect(renderTotpQrCodeSvg("https://evil.example/?secret=x")).rejects.toThrow();
  });
});

describe("verifyTotpCode", () => {
  it("matches RFC 6238's test vector", () => {
    // Appendix B: T = 59 s -> 94287082 (8 digits); our 6-digit code is its last six.
    expect(
      verifyTotpCode({ secret: SECRET, code: "287082", lastUsedStep: null, now: 59_000 }),
    ).toEqual({ ok: true, step: 1 });
  });

  it.each([
    [-2, { ok: false, reason: "invalid" }],
    [-1, { ok: true, step: STEP - 1 }],
    [0, { ok: true, step: STEP }],
    [1, { ok: true, step: STEP + 1 }],
    [2, { ok: false, reason: "invalid" }],
  ])("a code from %i steps away -> %j", (offset, expected) => {
    expect(verifyTotpCode({ secret: SECRET, code: codeAt(offset), lastUsedStep: null, now: NOW })).toEqual(expected);
  });

  it("refuses the same code twice", () => {
    const first = verifyTotpCode({ secret: SECRET, code: codeAt(0), lastUsedStep: null, now: NOW });
    expect(first).toEqual({ ok: true, step: STEP });
    const lastUsedStep = first.ok ? first.step : null;
    expect(verifyTotpCode({ secret: SECRET, code: codeAt(0), lastUsedStep, now: NOW + 5_000 })).toEqual({
      ok: false,
      reason: "replayed",
    });
  });

  it("refuses a code from an older step once a newer one was used", () => {
    const newer = verifyTotpCode({ secret: SECRET, code: codeAt(1), lastUsedStep: null, now: NOW });
    expect(newer).toEqual({ ok: true, step: STEP + 1 });
    expect(verifyTotpCode({ secret: SECRET, code: codeAt(0), lastUsedStep: STEP + 1, now: NOW })).toEqual({
      ok: false,
      reason: "replayed",
    });
    expect(verifyTotpCode({ secret: SECRET, code: codeAt(-1), lastUsedStep: STEP + 1, now: NOW })).toEqual({
      ok: false,
      reason: "replayed",
    });
  });

  it("accepts the next step's code after one was used", () => {
    expect(
      verifyTotpCode({ secret: SECRET, code: codeAt(1), lastUsedStep: STEP, now: NOW + PERIOD_MS }),
    ).toEqual({ ok: true, step: STEP + 1 });
  });

  it("removes spaces a user types or pastes", () => {
    const code = codeAt(0);
    const spaced = ` ${code.slice(0, 3)} ${code.slice(3)}\t`;
    expect(verifyTotpCode({ secret: SECRET, code: spaced, lastUsedStep: null, now: NOW })).toEqual({
      ok: true,
      step: STEP,
    });
  });

  it.each(["", "12345", "1234567", "abcdef", "12-345", "１２３４５６", "123456\u0000", "9".repeat(64), "1".repeat(10_000)])(
    "calls %j malformed",
    (code) => {
      expect(verifyTotpCode({ secret: SECRET, code, lastUsedStep: null, now: NOW })).toEqual({
        ok: false,
        reason: "malformed",
      });
    },
  );

  it("throws on a corrupted secret or clock (a bug, not user input)", () => {
    expect(() => verifyTotpCode({ secret: "bad secret", code: "123456", lastUsedStep: null, now: NOW })).toThrow();
    expect(() => verifyTotpCode({ secret: SECRET, code: "123456", lastUsedStep: null, now: Number.NaN })).toThrow();
    expect(() => verifyTotpCode({ secret: SECRET, code: "123456", lastUsedStep: -1, now: NOW })).toThrow();
  });
});

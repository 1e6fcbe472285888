import { describe, expect, it } from "vitest";
import { hashPassword, type Argon2Params } from "./hashing";
import {
  DEFAULT_PASSWORD_POLICY_SETTINGS,
  checkPasswordAge,
  checkPasswordStrength,
  containsPersonalInfo,
  isInOfflineBreachedList,
  isPasswordReused,
  passwordPolicySettingsSchema,
  personalTokens,
  validateNewPassword,
  type PolicyResult,
  type PolicyViolationCode,
} from "./policy";
import { pwnedRangeKey } from "./pwned-range";

// Cheap argon2 parameters: the reuse tests hash 10+ passwords.
const LOW: Argon2Params = { memoryCost: 1024, timeCost: 1, parallelism: 1 };
const STRONG_PASSPHRASE = "mellow-quartz-tandem-violet-88";
const user = { userInputs: ["jane.doe@acme-logistics.com", "Jane Doe", "Acme Logistics"] };

const codes = (result: PolicyResult): PolicyViolationCode[] => (result.ok ? [] : result.reasons.map((reason) => reason.code));

describe("passwordPolicySettingsSchema", () => {
  it("defaults to the S5 / DPP values", () => {
    expect(DEFAULT_PASSWORD_POLICY_SETTINGS).toEqual({
      minLength: 12,
      maxLength: 128,
      historySize: 10,
      maxAgeDays: 365,
      minAgeDays: 1,
      minStrengthScore: 3,
    });
  });

  it("accepts stricter overrides and refuses anything below the safe bounds", () => {
    expect(passwordPolicySettingsSchema.parse({ minLength: 16, historySize: 4, maxAgeDays: 90 })).toMatchObject({
      minLength: 16,
      historySize: 4,
      maxAgeDays: 90,
    });
    for (const unsafe of [
      { minLength: 11 },
      { historySize: 3 },
      { maxAgeDays: 366 },
      { minAgeDays: 0 },
      { minStrengthScore: 2 },
      { maxLength: 32 },
      { minLength: 12.5 },
      { somethingElse: true },
    ]) {
      expect(passwordPolicySettingsSchema.safeParse(unsafe).success, JSON.stringify(unsafe)).toBe(false);
    }
  });
});

describe("checkPasswordStrength", () => {
  it("accepts a long random passphrase", () => {
    expect(checkPasswordStrength(STRONG_PASSPHRASE, user)).toEqual({ ok: true });
    expect(checkPasswordStrength("Gx7#qL2v!pR9wT4z", user)).toEqual({ ok: true });
  });

  it("refuses 11 characters and accepts the same kind of password at 12", () => {
    const eleven = checkPasswordStrength("vK9#mQ2$xL7", user);
    expect(codes(eleven)).toEqual(["too-short"]);
    expect(eleven.ok ? "" : eleven.reasons[0]?.message).toBe("Use at least 12 characters (this one has 11).");
    expect(checkPasswordStrength("vK9#mQ2$xL7&", user)).toEqual({ ok: true });
  });

  it("counts characters, not UTF-16 units", () => {
    // 11 emoji are 22 UTF-16 units but 11 characters.
    expect(codes(checkPasswordStrength("🔥🌊🍀🎲🚲🦉🧭🎻🪁🛶🌵"))).toContain("too-short");
  });

  it("refuses over-long input without estimating it", () => {
    const result = checkPasswordStrength(`${STRONG_PASSPHRASE}-`.repeat(5));
    expect(codes(result)).toEqual(["too-long"]);
    expect(result.ok ? "" : result.reasons[0]?.message).toBe("Use at most 128 characters.");
  });

  it("refuses Password123! as too guessable, with zxcvbn's warning and suggestions", () => {
    const result = checkPasswordStrength("Password123!", user);
    expect(codes(result)).toEqual(["too-guessable"]);
    if (result.ok) throw new Error("expected a refusal");
    expect(result.reasons[0]?.message).toMatch(/^This password is too easy to guess: .*commonly used password/);
    expect(result.reasons[0]?.suggestions.length).toBeGreaterThan(1);
  });

  it("refuses passwords from the offline breached list, whatever their case", () => {
    for (const breached of ["1qaz2wsx3edc", "QWERTYUIOP123", "qwerty123456"]) {
      expect(isInOfflineBreachedList(breached)).toBe(true);
      const result = checkPasswordStrength(breached, user);
      expect(codes(result), breached).toEqual(["breached"]);
      expect(result.ok ? "" : result.reasons[0]?.message).toMatch(/exposed in data breaches/);
    }
    // Short breached ones get both messages.
    expect(codes(checkPasswordStrength("password"))).toEqual(["too-short", "breached"]);
  });

  it("refuses l33t, re-cased and reversed spellings zxcvbn recognises as one breached password", () => {
    // Not in the list verbatim; zxcvbn matches each whole as a variant of "leavemealone" / "1qaz2wsx3edc".
    for (const variant of ["L3AVEMEALONE", "1q@z2wsx3edc", "enolaemevael"]) {
      expect(isInOfflineBreachedList(variant), variant).toBe(false);
      expect(codes(checkPasswordStrength(variant)), variant).toEqual(["breached"]);
    }
  });

  it("refuses famous published example passphrases however they are separated", () => {
    for (const famous of ["correct horse battery staple", "Correct-Horse-Battery-Staple", "correcthorsebatterystaple"]) {
      expect(codes(checkPasswordStrength(famous)), famous).toEqual(["breached"]);
    }
  });

  it("refuses passwords containing parts of the user's e-mail, name or organization", () => {
    for (const personal of ["jane.doe.2024!", "J4n3D0e-rocks-hard", "SunnyAcmeLogistics#7", "Doe!Jane!qz9X$v", "acme-logistics-v7Q!"]) {
      const result = checkPasswordStrength(personal, user);
      expect(codes(result), personal).toContain("contains-personal-info");
      if (!result.ok) {
        const message = result.reasons.find((reason) => reason.code === "contains-personal-info")?.message ?? "";
        // The message explains the rule without echoing personal data.
        expect(message).toMatch(/e-mail address/);
        expect(message.toLowerCase()).not.toContain("jane");
      }
    }
    // Without the user's data the same password passes: the rule is what refused it.
    expect(checkPasswordStrength("J4n3D0e-rocks-hard")).toEqual({ ok: true });
  });

  it("does not flag short or generic parts (TLD, 3-letter names)", () => {
    expect(personalTokens(["bo.li@x.io", "Al Wu"])).toEqual(["bo.li", "boli", "al wu", "alwu"]);
    expect(personalTokens(["jane.doe@acme-logistics.com"])).toEqual(
      expect.arrayContaining(["jane.doe", "janedoe", "jane", "acme-logistics", "acmelogistics", "acme", "logistics"]),
    );
    expect(personalTokens(["jane.doe@acme-logistics.com"])).not.toContain("com");
    expect(containsPersonalInfo("welcome-to-the-com-world", ["ann@example.com"])).toBe(false);
  });

  it("honours a stricter strength setting", () => {
    const settings = passwordPolicySettingsSchema.parse({ minStrengthScore: 4 });
    // "Summer2024!!!" scores 3: fine by default, refused at 4.
    expect(checkPasswordStrength("Summer2024!!!")).toEqual({ ok: true });
    expect(codes(checkPasswordStrength("Summer2024!!!", { settings }))).toEqual(["too-guessable"]);
  });
});

describe("isPasswordReused", () => {
  it("finds a reuse anywhere in the last 10 hashes and ignores older ones", async () => {
    const history = await Promise.all(Array.from({ length: 12 }, (_, index) => hashPassword(`old passphrase number ${index}`, LOW)));
    // history[0] is the current password, history[9] the oldest that still counts.
    await expect(isPasswordReused("old passphrase number 0", history)).resolves.toBe(true);
    await expect(isPasswordReused("old passphrase number 9", history)).resolves.toBe(true);
    await expect(isPasswordReused("old passphrase number 10", history)).resolves.toBe(false);
    await expect(isPasswordReused("old passphrase number 11", history)).resolves.toBe(false);
    await expect(isPasswordReused(STRONG_PASSPHRASE, history)).resolves.toBe(false);
    await expect(isPasswordReused("old passphrase number 10", history, { historySize: 11 })).resolves.toBe(true);
    await expect(isPasswordReused("anything", [])).resolves.toBe(false);
  });
});

describe("validateNewPassword", () => {
  it("runs the offline rules first and stops there", async () => {
    let called = false;
    const fetchSpy = (() => {
      called = true;
      return Promise.resolve(new Response(""));
    }) as typeof fetch;
    const result = await validateNewPassword("Password123!", { ...user, pwnedRange: { enabled: true, fetch: fetchSpy } });
    expect(codes(result)).toEqual(["too-guessable"]);
    expect(called).toBe(false);
  });

  it("refuses a password the range API reports as breached", async () => {
    const { suffix } = pwnedRangeKey(STRONG_PASSPHRASE);
    const fakeFetch = (() => Promise.resolve(new Response(`${suffix}:42\r\n${"F".repeat(35)}:0`))) as typeof fetch;
    const result = await validateNewPassword(STRONG_PASSPHRASE, { ...user, pwnedRange: { enabled: true, fetch: fakeFetch } });
    expect(codes(result)).toEqual(["breached"]);
  });

  it("fails open when the range API is unreachable, and skips it when disabled", async () => {
    const failing = (() => Promise.reject(new TypeError("fetch failed"))) as typeof fetch;
    await expect(validateNewPassword(STRONG_PASSPHRASE, { ...user, pwnedRange: { enabled: true, fetch: failing } })).resolves.toEqual({ ok: true });
    await expect(validateNewPassword(STRONG_PASSPHRASE, { ...user, pwnedRange: { enabled: false, fetch: failing } })).resolves.toEqual({ ok: true });
  });

  it("refuses a reused password", async () => {
    const previousHashes = [await hashPassword("some earlier strong pass", LOW), await hashPassword(STRONG_PASSPHRASE, LOW)];
    const result = await validateNewPassword(STRONG_PASSPHRASE, { ...user, previousHashes });
    expect(codes(result)).toEqual(["reused"]);
    expect(result.ok ? "" : result.reasons[0]?.message).toBe("Choose a password you have not used before: it must differ from your last 10.");
  });
});

describe("checkPasswordAge", () => {
  const changedAt = new Date("2026-01-10T08:00:00.000Z");
  const at = (iso: string) => new Date(iso);

  it("computes the change and expiry dates from the settings", () => {
    const age = checkPasswordAge({ changedAt, now: changedAt });
    expect(age.changeAllowedAt.toISOString()).toBe("2026-01-11T08:00:00.000Z");
    expect(age.expiresAt.toISOString()).toBe("2027-01-10T08:00:00.000Z");
  });

  it("refuses a voluntary change until exactly one day has passed", () => {
    expect(checkPasswordAge({ changedAt, now: at("2026-01-11T07:59:59.999Z") }).canChange).toBe(false);
    expect(checkPasswordAge({ changedAt, now: at("2026-01-11T08:00:00.000Z") }).canChange).toBe(true);
  });

  it("always allows a reset by e-mail link, even right after a change", () => {
    expect(checkPasswordAge({ changedAt, now: changedAt, reason: "reset" }).canChange).toBe(true);
    expect(checkPasswordAge({ changedAt, now: at("2026-01-10T09:00:00.000Z"), reason: "change" }).canChange).toBe(false);
  });

  it("expires exactly 365 days after the change", () => {
    expect(checkPasswordAge({ changedAt, now: at("2027-01-10T07:59:59.999Z") }).expired).toBe(false);
    const expired = checkPasswordAge({ changedAt, now: at("2027-01-10T08:00:00.000Z") });
    expect(expired).toMatchObject({ expired: true, canChange: true });
  });

  it("uses overridden settings", () => {
    const settings = passwordPolicySettingsSchema.parse({ maxAgeDays: 90, minAgeDays: 2 });
    const age = checkPasswordAge({ changedAt, now: at("2026-04-10T08:00:00.000Z"), settings });
    expect(age.expired).toBe(true);
    expect(age.changeAllowedAt.toISOString()).toBe("2026-01-12T08:00:00.000Z");
  });
});

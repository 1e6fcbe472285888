// Server-side only (no "server-only" import so tsx scripts can load
// it). The same rules may run in the browser later for live feedback, but the
// server's answer is the one that counts.
//
// Password rules for control S5 and Amazon's Data Protection Policy:
// length 12..128, a strength estimate (zxcvbn-ts), an offline list of the most
// common breached passwords, no part of the user's e-mail, name or
// organization, no reuse of the last 10, maximum age 365 days, minimum age 1 day.
import { ZxcvbnFactory, type ZxcvbnResult } from "@zxcvbn-ts/core";
import { adjacencyGraphs, dictionary as commonDictionary } from "@zxcvbn-ts/language-common";
import { dictionary as englishDictionary, translations as englishTranslations } from "@zxcvbn-ts/language-en";
import { z } from "zod";
import { verifyPassword } from "./hashing";
import { checkPwnedPasswordRange, type PwnedRangeOptions } from "./pwned-range";

/**
 * Policy settings with their safe bounds: a settings screen may tighten them
 * but never go below what DPP and S5 ask for (12 characters, history of at
 * least 4 with 10 by default, passwords expire within a year, a day between
 * voluntary changes so the history cannot be cycled through in one sitting).
 */
export const passwordPolicySettingsSchema = z
  .object({
    minLength: z.number().int().min(12).max(64).default(12),
    maxLength: z.number().int().min(64).max(256).default(128),
    historySize: z.number().int().min(4).max(24).default(10),
    maxAgeDays: z.number().int().min(30).max(365).default(365),
    minAgeDays: z.number().int().min(1).max(7).default(1),
    /** zxcvbn score 0..4; 3 = "safely unguessable: moderate protection from offline slow-hash scenario". */
    minStrengthScore: z.number().int().min(3).max(4).default(3),
  })
  .strict();

export type PasswordPolicySettings = z.output<typeof passwordPolicySettingsSchema>;

export const DEFAULT_PASSWORD_POLICY_SETTINGS: PasswordPolicySettings = Object.freeze(passwordPolicySettingsSchema.parse({}));

export type PolicyViolationCode =
  | "too-short"
  | "too-long"
  | "breached"
  | "too-guessable"
  | "contains-personal-info"
  | "reused";

export interface PolicyViolation {
  readonly code: PolicyViolationCode;
  /** User-facing; never contains the password or the user's personal data. */
  readonly message: string;
  /** Concrete next steps the form can list under the message. */
  readonly suggestions: readonly string[];
}

export type PolicyResult = { readonly ok: true } | { readonly ok: false; readonly reasons: readonly PolicyViolation[] };

export interface StrengthCheckOptions {
  /** The user's e-mail, display name, organization name: none of their parts may appear in the password. */
  readonly userInputs?: readonly (string | null | undefined)[];
  readonly settings?: PasswordPolicySettings;
}

// Building the matcher dictionaries costs ~50-150 ms: do it once, on first use.
let zxcvbn: ZxcvbnFactory | undefined;
function getZxcvbn(): ZxcvbnFactory {
  zxcvbn ??= new ZxcvbnFactory({
    translations: englishTranslations,
    graphs: adjacencyGraphs,
    dictionary: { ...commonDictionary, ...englishDictionary },
    // Levenshtein matching made each check 100-700 ms here; the offline list
    // and the personal-information check cover what it would add.
  });
  return zxcvbn;
}

/** The zxcvbn dictionary key of language-common's ~49k frequency-ranked leaked passwords. */
const BREACHED_DICTIONARY_NAME = "passwords-common";

let breachedPasswords: ReadonlySet<string> | undefined;
/** Offline breached list shipped with the app (all entries are lower case). */
function getBreachedPasswords(): ReadonlySet<string> {
  breachedPasswords ??= new Set(commonDictionary[BREACHED_DICTIONARY_NAME].map((entry) => entry.toLowerCase()));
  return breachedPasswords;
}

// Published example passwords that attackers try early but that are not in
// language-common's list (zxcvbn scores "correct horse battery staple" 4, as
// its words are individually rare). Compared with separators stripped.
const PUBLISHED_EXAMPLE_PASSWORDS: ReadonlySet<string> = new Set([
  "correcthorsebatterystaple", // xkcd 936
  "tr0ub4dor3", // xkcd 936
  "thequickbrownfoxjumpsoverthelazydog",
  "loremipsumdolorsitamet",
]);

/** Exact, case-insensitive membership in the offline breached list (plus famous published examples). */
export function isInOfflineBreachedList(password: string): boolean {
  const lower = password.normalize("NFC").toLowerCase();
  return getBreachedPasswords().has(lower) || PUBLISHED_EXAMPLE_PASSWORDS.has(lower.replace(/[^\p{L}\p{N}]+/gu, ""));
}

const countCharacters = (text: string) => [...text].length;

// Tokens shorter than this produce false alarms ("com", "ann" in "planning").
const MIN_PERSONAL_TOKEN_LENGTH = 4;

/** The parts of an e-mail / name that must not appear: "jane.doe@acme-corp.com" -> jane.doe, janedoe, jane, acme-corp, acmecorp, corp ... */
export function personalTokens(userInputs: readonly (string | null | undefined)[]): string[] {
  const tokens = new Set<string>();
  const addWithParts = (text: string) => {
    tokens.add(text);
    tokens.add(text.replace(/[^\p{L}\p{N}]+/gu, ""));
    for (const part of text.split(/[^\p{L}\p{N}]+/u)) tokens.add(part);
  };
  for (const input of userInputs) {
    const text = input?.normalize("NFC").trim().toLowerCase();
    if (!text) continue;
    const at = text.lastIndexOf("@");
    if (at > 0) {
      addWithParts(text.slice(0, at));
      // The domain without its top-level label: "acme-corp" matters, ".com" does not.
      const domainLabels = text.slice(at + 1).split(".").slice(0, -1);
      for (const label of domainLabels) addWithParts(label);
    } else {
      addWithParts(text);
    }
  }
  return [...tokens].filter((token) => countCharacters(token) >= MIN_PERSONAL_TOKEN_LENGTH);
}

// Undo the common character swaps so "J4n3D0e" still counts as "janedoe".
// "1" and "!" stand for both "i" and "l", hence two readings.
const LEET_COMMON: Record<string, string> = { "0": "o", "3": "e", "4": "a", "@": "a", "5": "s", $: "s", "7": "t", "+": "t", "8": "b", "9": "g" };
function passwordReadings(password: string): string[] {
  const lower = password.normalize("NFC").toLowerCase();
  const unleet = (oneAs: string) =>
    [...lower].map((char) => LEET_COMMON[char] ?? (char === "1" || char === "!" || char === "|" ? oneAs : char)).join("");
  return [...new Set([lower, unleet("i"), unleet("l")])];
}

export function containsPersonalInfo(password: string, userInputs: readonly (string | null | undefined)[]): boolean {
  const tokens = personalTokens(userInputs);
  if (tokens.length === 0) return false;
  const readings = passwordReadings(password);
  return tokens.some((token) => readings.some((reading) => reading.includes(token)));
}

/** True when zxcvbn saw the whole password as one entry of the breached list (also reversed, l33t or re-cased). */
function isWholeBreachedDictionaryMatch(result: ZxcvbnResult): boolean {
  const [only, ...rest] = result.sequence;
  return rest.length === 0 && only?.pattern === "dictionary" && only.dictionaryName === BREACHED_DICTIONARY_NAME;
}

const LONG_PASSPHRASE_HINT = "Try a passphrase of four or more unrelated words, such as one a password manager generates.";

/**
 * Length, breached list, personal information and strength: everything that
 * needs no stored state. Synchronous; about 5-40 ms after the first call.
 */
export function checkPasswordStrength(password: string, options: StrengthCheckOptions = {}): PolicyResult {
  const settings = options.settings ?? DEFAULT_PASSWORD_POLICY_SETTINGS;
  const userInputs = options.userInputs ?? [];
  const length = countCharacters(password.normalize("NFC"));
  const reasons: PolicyViolation[] = [];

  if (length > settings.maxLength) {
    // Nothing else is worth estimating on an over-long input (and it bounds the work).
    return {
      ok: false,
      reasons: [
        {
          code: "too-long",
          message: `Use at most ${settings.maxLength} characters.`,
          suggestions: [],
        },
      ],
    };
  }
  if (length < settings.minLength) {
    reasons.push({
      code: "too-short",
      message: `Use at least ${settings.minLength} characters (this one has ${length}).`,
      suggestions: [LONG_PASSPHRASE_HINT],
    });
  }

  const tokens = personalTokens(userInputs);
  const result = getZxcvbn().check(password, [...userInputs.filter((input): input is string => !!input), ...tokens]);

  const breached = isInOfflineBreachedList(password) || isWholeBreachedDictionaryMatch(result);
  if (breached) {
    reasons.push({
      code: "breached",
      message: "This password appears in a list of passwords exposed in data breaches, so attackers try it first. Choose another one.",
      suggestions: [LONG_PASSPHRASE_HINT],
    });
  }

  if (containsPersonalInfo(password, userInputs)) {
    reasons.push({
      code: "contains-personal-info",
      message: "Your password must not contain your e-mail address, your name or your organization's name, or parts of them.",
      suggestions: ["Leave out anything someone could find on your profile or in your e-mail address."],
    });
  }

  // A breached password is also guessable; one message about it is enough.
  if (!breached && result.score < settings.minStrengthScore) {
    const warning = result.feedback.warning;
    reasons.push({
      code: "too-guessable",
      message: warning ? `This password is too easy to guess: ${warning}` : "This password is too easy to guess.",
      suggestions: result.feedback.suggestions.length > 0 ? [...result.feedback.suggestions, LONG_PASSPHRASE_HINT] : [LONG_PASSPHRASE_HINT],
    });
  }

  return reasons.length === 0 ? { ok: true } : { ok: false, reasons };
}

export interface ReuseCheckOptions {
  readonly historySize?: number;
}

/**
 * True when the password matches one of the most recent `historySize` hashes.
 * Pass the current hash first, then older ones, newest first: "the last 10
 * passwords" includes the one in use. Checked one at a time because each
 * argon2 verification holds 64 MiB.
 */
export async function isPasswordReused(
  password: string,
  previousHashes: readonly string[],
  options: ReuseCheckOptions = {},
): Promise<boolean> {
  const historySize = options.historySize ?? DEFAULT_PASSWORD_POLICY_SETTINGS.historySize;
  for (const previousHash of previousHashes.slice(0, historySize)) {
    if ((await verifyPassword(previousHash, password)).valid) return true;
  }
  return false;
}

export interface NewPasswordCheckOptions extends StrengthCheckOptions {
  /** Current hash first, then the history, newest first. */
  readonly previousHashes?: readonly string[];
  /** The optional online k-anonymity check; omitted or `enabled: false` skips it. */
  readonly pwnedRange?: PwnedRangeOptions;
}

/**
 * Everything a sign-up, change or reset must pass, cheapest first: the
 * offline rules, then (only if those pass) the breach API and the history,
 * which cost a network round trip and one argon2 verification per entry.
 */
export async function validateNewPassword(password: string, options: NewPasswordCheckOptions = {}): Promise<PolicyResult> {
  const offline = checkPasswordStrength(password, options);
  if (!offline.ok) return offline;

  if (options.pwnedRange?.enabled) {
    const range = await checkPwnedPasswordRange(password, options.pwnedRange);
    // "unknown" fails open by design: see PwnedRangeResult.
    if (range.status === "breached") {
      return {
        ok: false,
        reasons: [
          {
            code: "breached",
            message: "This password has appeared in a data breach (checked anonymously with Have I Been Pwned). Choose another one.",
            suggestions: [LONG_PASSPHRASE_HINT],
          },
        ],
      };
    }
  }

  const settings = options.settings ?? DEFAULT_PASSWORD_POLICY_SETTINGS;
  if (options.previousHashes && (await isPasswordReused(password, options.previousHashes, { historySize: settings.historySize }))) {
    return {
      ok: false,
      reasons: [
        {
          code: "reused",
          message: `Choose a password you have not used before: it must differ from your last ${settings.historySize}.`,
          suggestions: [],
        },
      ],
    };
  }
  return { ok: true };
}

const DAY_MS = 24 * 60 * 60 * 1000;

export interface PasswordAgeInput {
  readonly changedAt: Date;
  readonly now: Date;
  readonly settings?: PasswordPolicySettings;
  /**
   * "change": the signed-in user chooses a new password, refused inside the
   * minimum age. "reset": a forgotten-password e-mail link (or an expired
   * password being replaced), always allowed, or a user could be locked out.
   */
  readonly reason?: "change" | "reset";
}

export interface PasswordAge {
  /** Must be changed before anything else (now >= expiresAt). */
  readonly expired: boolean;
  /** A new password may be set now for the given reason. */
  readonly canChange: boolean;
  readonly changeAllowedAt: Date;
  readonly expiresAt: Date;
}

/** Ages are in exact 24-hour days from `changedAt` (no calendar or time-zone rules). */
export function checkPasswordAge({ changedAt, now, settings = DEFAULT_PASSWORD_POLICY_SETTINGS, reason = "change" }: PasswordAgeInput): PasswordAge {
  const changeAllowedAt = new Date(changedAt.getTime() + settings.minAgeDays * DAY_MS);
  const expiresAt = new Date(changedAt.getTime() + settings.maxAgeDays * DAY_MS);
  const expired = now.getTime() >= expiresAt.getTime();
  const canChange = reason === "reset" || expired || now.getTime() >= changeAllowedAt.getTime();
  return { expired, canChange, changeAllowedAt, expiresAt };
}

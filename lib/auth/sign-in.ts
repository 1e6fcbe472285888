import "server-only";
// The password step of sign-in (controls A1, A3, D7, A5). Takes `db`, the
// input, the request and `now`, so integration tests drive it without Next.
//
// - Unknown e-mail and wrong password give the same answer after the same
//   work (argon2 verify or dummyVerify), and so does a locked account: see
//   docs/decisions/0008-sessions-and-sign-in.md for why "locked" is not shown.
// - Rate limits per IP and per account come first (429-like answer with a
//   retry time); the account key is a hash, so the limiter store never holds
//   e-mail addresses.
// - A correct password does not sign in: it opens a 10-minute MFA challenge
//   (verify or enroll), bound to this browser by a cookie and to the IP.
import { createHash, randomUUID } from "node:crypto";
import { z } from "zod";
import { secretText, singleLineText } from "@/lib/validation/input";
import { recordAudit } from "@/lib/audit/record-audit";
import { encryptField } from "@/lib/crypto/field-encryption";
import { getEnv } from "@/lib/env";
import { type consumeRateLimit, type refundRateLimit, type resetRateLimit } from "@/lib/rate-limit";
import {
  DEFAULT_PASSWORD_POLICY_SETTINGS,
  checkPasswordAge,
  dummyVerify,
  hashPassword,
  verifyPassword,
} from "@/lib/auth/password";
import { generateTotpSecret } from "@/lib/auth/mfa/totp";
import { createOpaqueToken } from "./tokens";
import { afterFailedPassword, isLocked, tooManyAttemptsMessage } from "./lockout";
import type { RequestContext } from "@/lib/http/request-context";
import type { Db } from "@/lib/db/db";

export const GENERIC_SIGN_IN_ERROR = "The e-mail or password is incorrect.";
export const PASSWORD_EXPIRED_MESSAGE = "Your password has expired. We've sent you a link to set a new one.";
export const EMAIL_UNVERIFIED_MESSAGE =
  "Confirm your e-mail address first: open the link in the e-mail we sent you. We've sent a new link just now.";
export const DEACTIVATED_MESSAGE = "This account has been deactivated. Contact your administrator.";
export const MFA_CHALLENGE_TTL_MS = 10 * 60_000;

export interface SignInSettings {
  lockoutThreshold: number;
  lockoutBaseMinutes: number;
  passwordMaxAgeDays: number;
  passwordMinAgeDays: number;
}

export function signInSettingsFromEnv(): SignInSettings {
  const env = getEnv();
  return {
    lockoutThreshold: env.LOCKOUT_THRESHOLD,
    lockoutBaseMinutes: env.LOCKOUT_BASE_MINUTES,
    passwordMaxAgeDays: env.PASSWORD_MAX_AGE_DAYS,
    passwordMinAgeDays: env.PASSWORD_MIN_AGE_DAYS,
  };
}

export interface SignInDependencies {
  consumeRateLimit: typeof consumeRateLimit;
  resetRateLimit: typeof resetRateLimit;
  /** Optional: gives the per-IP point back after a correct password (the IP budget counts failures). */
  refundRateLimit?: typeof refundRateLimit;
  /** Sends the password-reset e-mail (lib/auth/accounts.ts); injected to keep this module testable. */
  requestPasswordReset: (email: string, request: RequestContext) => Promise<void>;
  resendVerification: (email: string) => Promise<void>;
  settings: SignInSettings;
}

export const passwordStepInputSchema = z.object({
  email: singleLineText({ min: 1, max: 254, minMessage: "Enter your e-mail address.", maxMessage: "Enter a valid e-mail address." }),
  password: secretText({ min: 1, max: 1024, minMessage: "Enter your password.", maxMessage: "Enter your password." }),
});
export type PasswordStepInput = z.infer<typeof passwordStepInputSchema>;

export type PasswordStepResult =
  | { ok: true; purpose: "VERIFY" | "ENROLL"; challengeToken: string; expiresAt: Date; userKind: "SELLER" | "OPERATOR" }
  | { ok: false; error: string; retryAfterSeconds?: number; reason: PasswordStepFailure };

export type PasswordStepFailure =
  | "rate-limited"
  | "invalid-credentials"
  | "locked"
  | "inactive"
  | "email-unverified"
  | "password-expired";

/** The limiter key for an account: a hash, so the store holds no e-mail address. */
export function accountRateLimitKey(email: string): string {
  return createHash("sha256").update(`firefeed:sign-in:${email.trim().toLowerCase()}`).digest("hex");
}

export async function startPasswordStep(
  db: Db,
  input: PasswordStepInput,
  request: RequestContext,
  now: Date,
  deps: SignInDependencies,
): Promise<PasswordStepResult> {
  const email = input.email.trim().toLowerCase();
  const accountKey = accountRateLimitKey(email);

  // Both limits are consumed on every attempt (a blocked IP still counts against the account).
  const [ipLimit, accountLimit] = await Promise.all([
    deps.consumeRateLimit("sign-in:ip", request.ipAddress ?? "unknown"),
    deps.consumeRateLimit("sign-in:account", accountKey),
  ]);
  const blocked = [ipLimit, accountLimit].filter((limit) => !limit.allowed);
  if (blocked.length > 0) {
    const retryAfterSeconds = Math.max(...blocked.map((limit) => (limit.allowed ? 0 : limit.retryAfterSeconds)));
    return { ok: false, reason: "rate-limited", error: tooManyAttemptsMessage(retryAfterSeconds), retryAfterSeconds };
  }

  const audit = { ipAddress: request.ipAddress, userAgent: request.userAgent, requestId: request.requestId };
  const user = await db.user.findUnique({ where: { email } });

  if (!user || user.passwordHash === null || user.status === "INVITED") {
    await dummyVerify();
    await db.$transaction(async (tx) => {
      await recordAudit(tx, { action: "auth.sign_in_failed", result: "FAILURE", ...audit, details: { reason: "unknown-account" } });
    });
    return { ok: false, reason: "invalid-credentials", error: GENERIC_SIGN_IN_ERROR };
  }

  const userAudit = { ...audit, actorUserId: user.id, organizationId: user.organizationId, targetType: "user", targetId: user.id };

  if (isLocked(user, now)) {
    // Same work and the same words as a wrong password: "locked" would tell an
    // attacker that the address has an account (ADR 0008), and checking the
    // real hash during a lockout would let guessing continue.
    await dummyVerify();
    await db.$transaction(async (tx) => {
      await recordAudit(tx, { action: "auth.sign_in_failed", result: "DENIED", ...userAudit, details: { reason: "locked" } });
    });
    return { ok: false, reason: "locked", error: GENERIC_SIGN_IN_ERROR };
  }

  const verification = await verifyPassword(user.passwordHash, input.password);
  if (!verification.valid) {
    const next = afterFailedPassword(user, now, {
      threshold: deps.settings.lockoutThreshold,
      baseMinutes: deps.settings.lockoutBaseMinutes,
    });
    await db.$transaction(async (tx) => {
      await tx.user.update({
        where: { id: user.id },
        data: { failedSignInCount: next.failedSignInCount, lockoutCount: next.lockoutCount, lockedUntil: next.lockedUntil },
      });
      await recordAudit(tx, {
        action: "auth.sign_in_failed",
        result: "FAILURE",
        ...userAudit,
        details: { reason: "wrong-password", failures: next.locked ? deps.settings.lockoutThreshold : next.failedSignInCount },
      });
      if (next.locked && next.lockedUntil) {
        await recordAudit(tx, {
          action: "auth.lockout",
          result: "DENIED",
          ...userAudit,
          details: { lockedUntil: next.lockedUntil.toISOString(), lockoutCount: next.lockoutCount },
        });
      }
    });
    return { ok: false, reason: "invalid-credentials", error: GENERIC_SIGN_IN_ERROR };
  }

  // The password is right: from here on the answer may be specific (ownership is proven).
  const rehash = verification.needsRehash ? await hashPassword(input.password) : null;
  await db.user.update({
    where: { id: user.id },
    data: { failedSignInCount: 0, lockoutCount: 0, lockedUntil: null, ...(rehash ? { passwordHash: rehash } : {}) },
  });
  await deps.resetRateLimit("sign-in:account", accountKey);
  await deps.refundRateLimit?.("sign-in:ip", request.ipAddress ?? "unknown");

  if (user.status === "DEACTIVATED") {
    await db.$transaction(async (tx) => {
      await recordAudit(tx, { action: "auth.sign_in_failed", result: "DENIED", ...userAudit, details: { reason: "deactivated" } });
    });
    return { ok: false, reason: "inactive", error: DEACTIVATED_MESSAGE };
  }
  if (user.emailVerifiedAt === null) {
    await db.$transaction(async (tx) => {
      await recordAudit(tx, { action: "auth.sign_in_failed", result: "DENIED", ...userAudit, details: { reason: "email-unverified" } });
    });
    await deps.resendVerification(email);
    return { ok: false, reason: "email-unverified", error: EMAIL_UNVERIFIED_MESSAGE };
  }
  const age = checkPasswordAge({
    changedAt: user.passwordChangedAt ?? user.createdAt,
    now,
    settings: { ...DEFAULT_PASSWORD_POLICY_SETTINGS, maxAgeDays: deps.settings.passwordMaxAgeDays, minAgeDays: deps.settings.passwordMinAgeDays },
  });
  if (age.expired) {
    await db.$transaction(async (tx) => {
      await recordAudit(tx, { action: "auth.sign_in_failed", result: "DENIED", ...userAudit, details: { reason: "password-expired" } });
    });
    await deps.requestPasswordReset(email, request);
    return { ok: false, reason: "password-expired", error: PASSWORD_EXPIRED_MESSAGE };
  }

  const purpose = user.mfaEnrolledAt && user.totpSecretCiphertext ? "VERIFY" : "ENROLL";
  const { token, tokenHash } = createOpaqueToken();
  const challengeId = randomUUID();
  const pendingTotpSecretCiphertext =
    purpose === "ENROLL"
      ? await encryptField(generateTotpSecret(), {
          table: "mfa_challenges",
          column: "pending_totp_secret_ciphertext",
          recordId: challengeId,
        })
      : null;
  const expiresAt = new Date(now.getTime() + MFA_CHALLENGE_TTL_MS);
  await db.$transaction(async (tx) => {
    // One open challenge per user: an older one (another tab, an attacker's) dies.
    await tx.mfaChallenge.updateMany({ where: { userId: user.id, consumedAt: null }, data: { consumedAt: now } });
    await tx.mfaChallenge.create({
      data: {
        id: challengeId,
        userId: user.id,
        purpose,
        tokenHash,
        pendingTotpSecretCiphertext,
        expiresAt,
        ipAddress: request.ipAddress,
        createdAt: now,
      },
    });
  });
  return { ok: true, purpose, challengeToken: token, expiresAt, userKind: user.kind };
}

import "server-only";
// The second step of sign-in, MFA enrollment, recovery codes and step-up
// (controls A3, A4, A5). Functions take `db`, input, request and `now` so
// integration tests drive them without Next; the pages and actions are thin.
//
// Replay protection: a TOTP code is accepted only if its step is newer than
// users.totp_last_used_step, and the new step is written with a CONDITIONAL
// update (WHERE last step IS NULL OR < step): of two concurrent requests with
// the same code, exactly one updates a row. Recovery codes are marked used the
// same way (WHERE used_at IS NULL).
import { recordAudit } from "@/lib/audit/record-audit";
import { decryptField, deriveSubkey, encryptField } from "@/lib/crypto/field-encryption";
import { type consumeRateLimit } from "@/lib/rate-limit";
import {
  RECOVERY_CODE_COUNT,
  deriveRecoveryCodeKey,
  findMatchingRecoveryCode,
  generateRecoveryCodes,
  hashRecoveryCode,
} from "@/lib/auth/mfa/recovery-codes";
import { buildOtpauthUri, renderTotpQrCodeSvg, verifyTotpCode } from "@/lib/auth/mfa/totp";
import { tooManyAttemptsMessage } from "./lockout";
import { createSession, type SessionSettings } from "./sessions";
import { hashOpaqueToken } from "./tokens";
import type { RequestContext } from "@/lib/http/request-context";
import type { Role } from "@/lib/rbac/roles";
import type { Db, DbTransaction } from "@/lib/db/db";

export const MAX_CHALLENGE_ATTEMPTS = 5;
export const INVALID_CODE_MESSAGE = "That code is not valid. Check your authenticator app and try again.";
export const INVALID_RECOVERY_CODE_MESSAGE = "That recovery code is not valid or was already used.";
export const CHALLENGE_GONE_MESSAGE = "Your sign-in has expired. Sign in again.";

export interface MfaDependencies {
  consumeRateLimit: typeof consumeRateLimit;
  sessionSettings?: SessionSettings;
}

const totpContext = (userId: string) => ({ table: "users", column: "totp_secret_ciphertext", recordId: userId });
const pendingContext = (challengeId: string) => ({
  table: "mfa_challenges",
  column: "pending_totp_secret_ciphertext",
  recordId: challengeId,
});

async function recoveryKeyFor(userId: string): Promise<Buffer> {
  return deriveRecoveryCodeKey(await deriveSubkey("mfa-recovery-codes"), userId);
}

/**
 * The open challenge behind a cookie token: not consumed, not expired, same
 * purpose, and from the IP that passed the password step (when both known).
 */
export async function findOpenChallenge(db: DbTransaction, token: string | null | undefined, purpose: "VERIFY" | "ENROLL", request: RequestContext, now: Date) {
  if (!token || token.length > 128) return null;
  const challenge = await db.mfaChallenge.findUnique({ where: { tokenHash: hashOpaqueToken(token) }, include: { user: true } });
  if (!challenge || challenge.purpose !== purpose || challenge.consumedAt !== null) return null;
  if (challenge.expiresAt.getTime() <= now.getTime()) return null;
  if (challenge.ipAddress && request.ipAddress && challenge.ipAddress !== request.ipAddress) return null;
  if (challenge.user.status !== "ACTIVE") return null;
  return challenge;
}

export type MfaStepResult =
  | {
      ok: true;
      /** The session's public reference (audit, screens). */
      sessionId: string;
      /** The secret that goes into the cookie, nowhere else. */
      sessionToken: string;
      sessionExpiresAt: Date;
      user: { id: string; kind: "SELLER" | "OPERATOR"; role: Role };
      /** Set when a recovery code opened the session: how many unused codes the user has left. */
      recoveryCodesLeft?: number;
    }
  | { ok: false; error: string; retryAfterSeconds?: number; challengeGone?: boolean };

type Challenge = NonNullable<Awaited<ReturnType<typeof findOpenChallenge>>>;

/** One more wrong code on a challenge: counted, audited; the 5th kills the challenge. */
async function recordWrongCode(db: Db, challenge: Challenge, request: RequestContext, now: Date, method: string, message: string): Promise<MfaStepResult> {
  const attempts = challenge.attempts + 1;
  const dead = attempts >= MAX_CHALLENGE_ATTEMPTS;
  await db.$transaction(async (tx) => {
    await tx.mfaChallenge.update({ where: { id: challenge.id }, data: { attempts, ...(dead ? { consumedAt: now } : {}) } });
    await recordAudit(tx, {
      action: "auth.mfa_failed",
      result: "FAILURE",
      actorUserId: challenge.userId,
      organizationId: challenge.user.organizationId,
      targetType: "user",
      targetId: challenge.userId,
      ipAddress: request.ipAddress,
      userAgent: request.userAgent,
      requestId: request.requestId,
      details: { method, attempts, challengeClosed: dead },
    });
  });
  return dead ? { ok: false, error: CHALLENGE_GONE_MESSAGE, challengeGone: true } : { ok: false, error: message };
}

async function rateLimited(deps: MfaDependencies, userId: string): Promise<MfaStepResult | null> {
  const limit = await deps.consumeRateLimit("mfa:account", userId);
  if (limit.allowed) return null;
  return { ok: false, error: tooManyAttemptsMessage(limit.retryAfterSeconds), retryAfterSeconds: limit.retryAfterSeconds };
}

/** Consumes the challenge and opens the session, in the transaction that accepted the code. */
async function finishSignIn(tx: DbTransaction, challenge: Challenge, request: RequestContext, now: Date, deps: MfaDependencies, method: string) {
  const consumed = await tx.mfaChallenge.updateMany({ where: { id: challenge.id, consumedAt: null }, data: { consumedAt: now } });
  if (consumed.count !== 1) throw new ChallengeRaceError();
  const session = await createSession(
    tx,
    { userId: challenge.userId, kind: challenge.user.kind, ipAddress: request.ipAddress, userAgent: request.userAgent, mfaVerifiedAt: now },
    { now, settings: deps.sessionSettings },
  );
  await tx.user.update({ where: { id: challenge.userId }, data: { lastSignInAt: now } });
  const common = {
    result: "SUCCESS" as const,
    actorUserId: challenge.userId,
    organizationId: challenge.user.organizationId,
    targetType: "session",
    targetId: session.id,
    ipAddress: request.ipAddress,
    userAgent: request.userAgent,
    requestId: request.requestId,
  };
  await recordAudit(tx, { ...common, action: "auth.mfa_verified", details: { method } });
  await recordAudit(tx, { ...common, action: "auth.sign_in", details: { method } });
  return session;
}

/** Thrown inside a transaction when a concurrent request won the race: rolls everything back. */
class ChallengeRaceError extends Error {
  constructor() {
    super("MFA challenge or code already used by a concurrent request");
  }
}

/** Sign-in step 2: a TOTP code or a recovery code against an open VERIFY challenge. */
export async function verifyMfaChallenge(
  db: Db,
  input: { challengeToken: string | null | undefined; code?: string; recoveryCode?: string },
  request: RequestContext,
  now: Date,
  deps: MfaDependencies,
): Promise<MfaStepResult> {
  const challenge = await findOpenChallenge(db, input.challengeToken, "VERIFY", request, now);
  if (!challenge || !challenge.user.totpSecretCiphertext) return { ok: false, error: CHALLENGE_GONE_MESSAGE, challengeGone: true };
  const limited = await rateLimited(deps, challenge.userId);
  if (limited) return limited;
  const userResult = { id: challenge.userId, kind: challenge.user.kind, role: challenge.user.role };

  if (input.recoveryCode !== undefined && input.recoveryCode !== "") {
    const codes = await db.recoveryCode.findMany({ where: { userId: challenge.userId, usedAt: null }, select: { id: true, codeHash: true } });
    const index = findMatchingRecoveryCode(input.recoveryCode, codes.map((code) => code.codeHash), await recoveryKeyFor(challenge.userId));
    const matched = index === null ? undefined : codes[index];
    if (!matched) return recordWrongCode(db, challenge, request, now, "recovery-code", INVALID_RECOVERY_CODE_MESSAGE);
    try {
      const session = await db.$transaction(async (tx) => {
        const used = await tx.recoveryCode.updateMany({ where: { id: matched.id, usedAt: null }, data: { usedAt: now } });
        if (used.count !== 1) throw new ChallengeRaceError();
        const remaining = await tx.recoveryCode.count({ where: { userId: challenge.userId, usedAt: null } });
        await recordAudit(tx, {
          action: "auth.recovery_code_used",
          result: "SUCCESS",
          actorUserId: challenge.userId,
          organizationId: challenge.user.organizationId,
          targetType: "user",
          targetId: challenge.userId,
          ipAddress: request.ipAddress,
          userAgent: request.userAgent,
          requestId: request.requestId,
          details: { remaining },
        });
        return { ...(await finishSignIn(tx, challenge, request, now, deps, "recovery-code")), remaining };
      });
      return {
        ok: true,
        sessionId: session.id,
        sessionToken: session.token,
        sessionExpiresAt: session.expiresAt,
        user: userResult,
        recoveryCodesLeft: session.remaining,
      };
    } catch (error) {
      if (error instanceof ChallengeRaceError) return recordWrongCode(db, challenge, request, now, "recovery-code", INVALID_RECOVERY_CODE_MESSAGE);
      throw error;
    }
  }

  const secret = await decryptField(challenge.user.totpSecretCiphertext, totpContext(challenge.userId));
  const lastUsedStep = challenge.user.totpLastUsedStep === null ? null : Number(challenge.user.totpLastUsedStep);
  const verification = verifyTotpCode({ secret, code: input.code ?? "", lastUsedStep, now: now.getTime() });
  if (!verification.ok) return recordWrongCode(db, challenge, request, now, verification.reason === "replayed" ? "totp-replayed" : "totp", INVALID_CODE_MESSAGE);
  try {
    const session = await db.$transaction(async (tx) => {
      await claimTotpStep(tx, challenge.userId, verification.step);
      return finishSignIn(tx, challenge, request, now, deps, "totp");
    });
    return { ok: true, sessionId: session.id, sessionToken: session.token, sessionExpiresAt: session.expiresAt, user: userResult };
  } catch (error) {
    if (error instanceof ChallengeRaceError) return recordWrongCode(db, challenge, request, now, "totp-replayed", INVALID_CODE_MESSAGE);
    throw error;
  }
}

/** Stores `step` as the last used one, only if it is newer: a concurrent use of the same code loses. */
async function claimTotpStep(tx: DbTransaction, userId: string, step: number): Promise<void> {
  const claimed = await tx.user.updateMany({
    where: { id: userId, OR: [{ totpLastUsedStep: null }, { totpLastUsedStep: { lt: BigInt(step) } }] },
    data: { totpLastUsedStep: BigInt(step) },
  });
  if (claimed.count !== 1) throw new ChallengeRaceError();
}

/**
 * For the page after a recovery-code sign-in (issue 11: it never said how
 * many codes were left): how many unused codes the user has, when THIS session
 * was opened with a recovery code (its auth.sign_in audit row says so), else
 * null. Read from the records, so the page needs nothing from the URL and a
 * session opened with the authenticator app is never told it used a code.
 */
export async function recoveryCodeSignInOf(db: DbTransaction, session: { sessionId: string; userId: string }): Promise<{ codesLeft: number } | null> {
  const signIn = await db.auditEvent.findFirst({
    where: { action: "auth.sign_in", targetType: "session", targetId: session.sessionId, actorUserId: session.userId },
    orderBy: { id: "desc" },
    select: { details: true },
  });
  const details = signIn?.details;
  const method = details && typeof details === "object" && !Array.isArray(details) ? details.method : undefined;
  if (method !== "recovery-code") return null;
  return { codesLeft: await db.recoveryCode.count({ where: { userId: session.userId, usedAt: null } }) };
}

/** What the enrollment page shows: QR code (SVG) and the secret for manual entry. */
export async function getEnrollmentDetails(db: DbTransaction, challengeToken: string | null | undefined, request: RequestContext, now: Date) {
  const challenge = await findOpenChallenge(db, challengeToken, "ENROLL", request, now);
  if (!challenge?.pendingTotpSecretCiphertext) return null;
  const secret = await decryptField(challenge.pendingTotpSecretCiphertext, pendingContext(challenge.id));
  const uri = buildOtpauthUri({ secret, accountName: challenge.user.email });
  return { secret, qrCodeSvg: await renderTotpQrCodeSvg(uri), email: challenge.user.email };
}

/** New recovery codes replace all earlier ones (in `tx`); the plain codes are returned once, never stored. */
export async function replaceRecoveryCodes(tx: DbTransaction, userId: string, now: Date): Promise<string[]> {
  const codes = generateRecoveryCodes(RECOVERY_CODE_COUNT);
  const key = await recoveryKeyFor(userId);
  await tx.recoveryCode.deleteMany({ where: { userId } });
  await tx.recoveryCode.createMany({ data: codes.map((code) => ({ userId, codeHash: hashRecoveryCode(code, key), createdAt: now })) });
  return codes;
}

export type EnrollmentResult = (MfaStepResult & { ok: true; recoveryCodes: string[] }) | Extract<MfaStepResult, { ok: false }>;

/** Sign-in step 2 for a user without MFA: the first valid code activates the secret and opens the session. */
export async function confirmEnrollment(
  db: Db,
  input: { challengeToken: string | null | undefined; code: string },
  request: RequestContext,
  now: Date,
  deps: MfaDependencies,
): Promise<EnrollmentResult> {
  const challenge = await findOpenChallenge(db, input.challengeToken, "ENROLL", request, now);
  if (!challenge?.pendingTotpSecretCiphertext) return { ok: false, error: CHALLENGE_GONE_MESSAGE, challengeGone: true };
  const limited = await rateLimited(deps, challenge.userId);
  if (limited && !limited.ok) return limited;
  const secret = await decryptField(challenge.pendingTotpSecretCiphertext, pendingContext(challenge.id));
  const verification = verifyTotpCode({ secret, code: input.code, lastUsedStep: null, now: now.getTime() });
  if (!verification.ok) {
    const failed = await recordWrongCode(db, challenge, request, now, "totp-enroll", INVALID_CODE_MESSAGE);
    return failed.ok ? { ok: false, error: INVALID_CODE_MESSAGE } : failed;
  }
  // Re-encrypted for its new home: the associated data names table, column and row.
  const secretCiphertext = await encryptField(secret, totpContext(challenge.userId));
  try {
    const { session, recoveryCodes } = await db.$transaction(async (tx) => {
      await tx.user.update({
        where: { id: challenge.userId },
        data: { totpSecretCiphertext: secretCiphertext, totpLastUsedStep: BigInt(verification.step), mfaEnrolledAt: now },
      });
      await tx.mfaChallenge.update({ where: { id: challenge.id }, data: { pendingTotpSecretCiphertext: null } });
      const codes = await replaceRecoveryCodes(tx, challenge.userId, now);
      await recordAudit(tx, {
        action: "auth.mfa_enrolled",
        result: "SUCCESS",
        actorUserId: challenge.userId,
        organizationId: challenge.user.organizationId,
        targetType: "user",
        targetId: challenge.userId,
        ipAddress: request.ipAddress,
        userAgent: request.userAgent,
        requestId: request.requestId,
        details: { method: "totp", backupCount: codes.length },
      });
      const created = await finishSignIn(tx, challenge, request, now, deps, "totp-enroll");
      return { session: created, recoveryCodes: codes };
    });
    return {
      ok: true,
      sessionId: session.id,
      sessionToken: session.token,
      sessionExpiresAt: session.expiresAt,
      user: { id: challenge.userId, kind: challenge.user.kind, role: challenge.user.role },
      recoveryCodes,
    };
  } catch (error) {
    if (error instanceof ChallengeRaceError) return { ok: false, error: CHALLENGE_GONE_MESSAGE, challengeGone: true };
    throw error;
  }
}

/** Regenerates the recovery codes of a signed-in user (account settings); audited. */
export async function regenerateRecoveryCodes(db: Db, userId: string, request: RequestContext, now: Date = new Date()): Promise<string[]> {
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { organizationId: true } });
    const codes = await replaceRecoveryCodes(tx, userId, now);
    await recordAudit(tx, {
      action: "auth.recovery_codes_regenerated",
      result: "SUCCESS",
      actorUserId: userId,
      organizationId: user.organizationId,
      targetType: "user",
      targetId: userId,
      ipAddress: request.ipAddress,
      userAgent: request.userAgent,
      requestId: request.requestId,
    });
    return codes;
  });
}

/**
 * Step-up: a fresh TOTP code inside a live session sets sessions.mfa_verified_at
 * (replay-protected like sign-in), which opens the 5-minute window.
 */
export async function stepUpWithTotp(
  db: Db,
  input: { sessionId: string; userId: string; code: string },
  request: RequestContext,
  now: Date,
  deps: Pick<MfaDependencies, "consumeRateLimit">,
): Promise<{ ok: true } | { ok: false; error: string; retryAfterSeconds?: number }> {
  const limit = await deps.consumeRateLimit("step-up:account", input.userId);
  if (!limit.allowed) return { ok: false, error: tooManyAttemptsMessage(limit.retryAfterSeconds), retryAfterSeconds: limit.retryAfterSeconds };
  const user = await db.user.findUnique({ where: { id: input.userId } });
  if (!user?.totpSecretCiphertext || user.status !== "ACTIVE") return { ok: false, error: INVALID_CODE_MESSAGE };
  const secret = await decryptField(user.totpSecretCiphertext, totpContext(user.id));
  const lastUsedStep = user.totpLastUsedStep === null ? null : Number(user.totpLastUsedStep);
  const verification = verifyTotpCode({ secret, code: input.code, lastUsedStep, now: now.getTime() });
  const audit = {
    actorUserId: user.id,
    organizationId: user.organizationId,
    targetType: "session",
    targetId: input.sessionId,
    ipAddress: request.ipAddress,
    userAgent: request.userAgent,
    requestId: request.requestId,
  };
  const fail = async (reason: string) => {
    await db.$transaction(async (tx) => {
      await recordAudit(tx, { ...audit, action: "auth.mfa_failed", result: "FAILURE", details: { method: "step-up", reason } });
    });
    return { ok: false as const, error: INVALID_CODE_MESSAGE };
  };
  if (!verification.ok) return fail(verification.reason);
  try {
    await db.$transaction(async (tx) => {
      await claimTotpStep(tx, user.id, verification.step);
      const updated = await tx.session.updateMany({
        where: { id: input.sessionId, userId: user.id, revokedAt: null },
        data: { mfaVerifiedAt: now, lastSeenAt: now },
      });
      if (updated.count !== 1) throw new ChallengeRaceError();
      await recordAudit(tx, { ...audit, action: "auth.step_up", result: "SUCCESS", details: { method: "totp" } });
    });
    return { ok: true };
  } catch (error) {
    if (error instanceof ChallengeRaceError) return fail("replayed");
    throw error;
  }
}

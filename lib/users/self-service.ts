import "server-only";
// Everyone's own account (permission account:manage-self): profile, own
// sessions, recovery codes, password. Every function acts on actor.userId and
// nothing else: a session id from the client is only honored when it belongs
// to the actor. Every change is audited in its own transaction.
import type { Actor } from "@/lib/auth/actor";
import { PASSWORD_TRANSACTION_OPTIONS, setNewPassword } from "@/lib/auth/accounts";
import { hasRecentStepUp } from "@/lib/auth/mfa/step-up";
import { deriveRecoveryCodeKey } from "@/lib/auth/mfa/recovery-codes";
import { replaceRecoveryCodes } from "@/lib/auth/mfa-flow";
import { dummyVerify, verifyPassword } from "@/lib/auth/password";
import { listActiveSessions, revokeSession, revokeSessionsForUser, type ActiveSessionSummary } from "@/lib/auth/sessions";
import { recordAudit } from "@/lib/audit/record-audit";
import { deriveSubkey } from "@/lib/crypto/field-encryption";
import { SESSION_NOT_FOUND_MESSAGE, displayNameSchema, type UserMutationResult } from "./shared";
import { isUuid } from "@/lib/validation/input";
import type { RequestContext } from "@/lib/http/request-context";
import type { Db, DbTransaction } from "@/lib/db/db";

/**
 * The HKDF purpose of the pepper for recovery-code hashes, as lib/auth/mfa-flow.ts
 * derives it (codes are made by its replaceRecoveryCodes; the integration test
 * checks that this key verifies them, i.e. that sign-in will accept them).
 */
export const RECOVERY_CODE_PEPPER_PURPOSE = "mfa-recovery-codes";

/** The per-user HMAC key for recovery codes (lib/auth/mfa/recovery-codes.ts). */
export async function recoveryCodeKeyForUser(userId: string): Promise<Buffer> {
  return deriveRecoveryCodeKey(await deriveSubkey(RECOVERY_CODE_PEPPER_PURPOSE), userId);
}

export interface OwnAccount {
  displayName: string;
  email: string;
  passwordChangedAt: Date | null;
  mfaEnrolledAt: Date | null;
  unusedRecoveryCodes: number;
}

export async function getOwnAccount(db: DbTransaction, actor: Actor): Promise<OwnAccount | null> {
  const user = await db.user.findUnique({
    where: { id: actor.userId },
    select: { displayName: true, email: true, passwordChangedAt: true, mfaEnrolledAt: true },
  });
  if (!user) return null;
  const unusedRecoveryCodes = await db.recoveryCode.count({ where: { userId: actor.userId, usedAt: null } });
  return { ...user, unusedRecoveryCodes };
}

export async function updateOwnProfile(
  db: Db,
  actor: Actor,
  input: { displayName: string },
  request: RequestContext,
): Promise<UserMutationResult> {
  const displayName = displayNameSchema.safeParse(input.displayName);
  if (!displayName.success) {
    const messages = displayName.error.issues.map((issue) => issue.message);
    return { ok: false, error: messages[0] ?? "Enter your name.", fieldErrors: { displayName: messages } };
  }
  return db.$transaction(async (tx) => {
    const before = await tx.user.findUnique({ where: { id: actor.userId }, select: { displayName: true } });
    if (!before) return { ok: false, error: "Your account was not found." };
    if (before.displayName === displayName.data) return { ok: true, message: "Nothing changed." };
    await tx.user.update({ where: { id: actor.userId }, data: { displayName: displayName.data } });
    await recordAudit(tx, {
      action: "user.profile_updated",
      result: "SUCCESS",
      actorUserId: actor.userId,
      targetType: "user",
      targetId: actor.userId,
      organizationId: actor.organizationId,
      ...request,
      // Which field changed, not the values (names are personal data; the row holds the current one).
      details: { field: "displayName" },
    });
    return { ok: true, message: "Profile saved." };
  });
}

/** The actor's live sessions, newest activity first; the one making this request is flagged `current`. */
export async function listOwnSessions(db: DbTransaction, actor: Actor): Promise<ActiveSessionSummary[]> {
  return listActiveSessions(db, actor.userId, { currentSessionId: actor.sessionId });
}

/** Signs out one of the actor's OTHER sessions (the current one signs out through Sign out). */
export async function revokeOwnSession(
  db: Db,
  actor: Actor,
  sessionId: string,
  request: RequestContext,
): Promise<UserMutationResult> {
  if (!isUuid(sessionId)) return { ok: false, error: SESSION_NOT_FOUND_MESSAGE };
  if (sessionId === actor.sessionId) return { ok: false, error: "This is the session you are using. Use Sign out instead." };
  return db.$transaction(async (tx) => {
    // userId in the filter: another user's session id is "not found", like a random one.
    const session = await tx.session.findFirst({ where: { id: sessionId, userId: actor.userId, revokedAt: null }, select: { id: true } });
    if (!session) return { ok: false, error: SESSION_NOT_FOUND_MESSAGE };
    await revokeSession(tx, session.id, "signed-out-by-user");
    await recordAudit(tx, {
      action: "session.revoked",
      result: "SUCCESS",
      actorUserId: actor.userId,
      targetType: "session",
      targetId: session.id,
      organizationId: actor.organizationId,
      ...request,
    });
    return { ok: true, message: "That session was signed out." };
  });
}

export async function revokeOtherOwnSessions(db: Db, actor: Actor, request: RequestContext): Promise<UserMutationResult> {
  return db.$transaction(async (tx) => {
    const sessionsRevoked = await revokeSessionsForUser(tx, actor.userId, "signed-out-by-user", { exceptSessionId: actor.sessionId });
    await recordAudit(tx, {
      action: "session.revoked_all",
      result: "SUCCESS",
      actorUserId: actor.userId,
      targetType: "user",
      targetId: actor.userId,
      organizationId: actor.organizationId,
      ...request,
      details: { sessionsRevoked, keptCurrent: true },
    });
    return {
      ok: true,
      message: sessionsRevoked === 1 ? "1 other session was signed out." : `${sessionsRevoked} other sessions were signed out.`,
    };
  });
}

export type RegenerateRecoveryCodesResult = { ok: true; codes: string[] } | { ok: false; error: string; stepUpRequired?: boolean };

/**
 * Replaces all of the actor's recovery codes with fresh ones and returns
 * them: the only time they exist in plain form. Requires a recent MFA check
 * (the action asks for step-up; checked again here so no other caller can skip it).
 */
export async function regenerateRecoveryCodes(
  db: Db,
  actor: Actor,
  request: RequestContext,
  now: Date = new Date(),
): Promise<RegenerateRecoveryCodesResult> {
  if (!hasRecentStepUp(actor.mfaVerifiedAt, now.getTime())) {
    return { ok: false, error: "Confirm it's you with your authentication code first.", stepUpRequired: true };
  }
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: actor.userId }, select: { mfaEnrolledAt: true } });
    if (!user?.mfaEnrolledAt) return { ok: false as const, error: "Set up two-step verification first." };
    const replaced = await tx.recoveryCode.count({ where: { userId: actor.userId } });
    // The same generator and keyed hash as enrollment (one implementation, so sign-in accepts these codes).
    const codes = await replaceRecoveryCodes(tx, actor.userId, now);
    await recordAudit(tx, {
      action: "auth.recovery_codes_regenerated",
      result: "SUCCESS",
      actorUserId: actor.userId,
      targetType: "user",
      targetId: actor.userId,
      organizationId: actor.organizationId,
      ...request,
      details: { generated: codes.length, replaced },
    });
    return { ok: true as const, codes };
  });
}

const WRONG_CURRENT_PASSWORD = "Your current password is not correct.";

/**
 * Changes the actor's password: the current one must be right, the new one
 * passes the policy (setNewPassword "change": strength, history, minimum
 * age). Every OTHER session ends; this one stays signed in.
 */
export async function changeOwnPassword(
  db: Db,
  actor: Actor,
  input: { currentPassword: string; newPassword: string },
  request: RequestContext,
): Promise<UserMutationResult> {
  const user = await db.user.findUnique({ where: { id: actor.userId }, select: { passwordHash: true } });
  const verification = user?.passwordHash ? await verifyPassword(user.passwordHash, input.currentPassword) : null;
  if (!verification) await dummyVerify();
  if (!verification?.valid) {
    await db.$transaction((tx) =>
      recordAudit(tx, {
        action: "auth.password_changed",
        result: "FAILURE",
        actorUserId: actor.userId,
        targetType: "user",
        targetId: actor.userId,
        organizationId: actor.organizationId,
        ...request,
        details: { failure: "wrong-current-password" },
      }),
    );
    return { ok: false, error: WRONG_CURRENT_PASSWORD, fieldErrors: { currentPassword: [WRONG_CURRENT_PASSWORD] } };
  }
  return db.$transaction(async (tx) => {
    const result = await setNewPassword(tx, actor.userId, input.newPassword, "change");
    if (!result.ok) {
      // The policy names the field "password"; this form calls it newPassword.
      const fieldErrors = result.fieldErrors?.password ? { newPassword: result.fieldErrors.password } : result.fieldErrors;
      return { ...result, fieldErrors };
    }
    const sessionsRevoked = await revokeSessionsForUser(tx, actor.userId, "password-changed", { exceptSessionId: actor.sessionId });
    await recordAudit(tx, {
      action: "auth.password_changed",
      result: "SUCCESS",
      actorUserId: actor.userId,
      targetType: "user",
      targetId: actor.userId,
      organizationId: actor.organizationId,
      ...request,
      details: { otherSessionsRevoked: sessionsRevoked },
    });
    return { ok: true, message: "Password changed. Your other sessions were signed out." };
  }, PASSWORD_TRANSACTION_OPTIONS);
}

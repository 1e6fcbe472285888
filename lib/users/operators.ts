import "server-only";
// The operator console's user administration (controls A1-A5): FireFeed staff
// accounts only. Seller users never appear here and are answered as "not
// found" by every mutation except revoking sessions (an incident responder
// must be able to end anyone's sessions at once).
//
// Role changes, deactivation and MFA resets end the target's sessions in the
// same transaction as the change and its audit row: they take effect on the
// target's very next request. The last active administrator can be neither
// demoted nor deactivated (the console would have no one left to grant access).
import type { Actor } from "@/lib/auth/actor";
import { listActiveSessions, revokeSession, revokeSessionsForUser, type ActiveSessionSummary } from "@/lib/auth/sessions";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Permission } from "@/lib/rbac/permissions";
import { hasPermission, type Role } from "@/lib/rbac/roles";
import { ROLE_SHORT_LABELS, SESSION_NOT_FOUND_MESSAGE, operatorRoleSchema, reasonSchema, userNotFound, type UserMutationResult } from "./shared";
import { isUuid } from "@/lib/validation/input";
import type { RequestContext } from "@/lib/http/request-context";
import type { Db, DbTransaction } from "@/lib/db/db";

export interface OperatorSummary {
  id: string;
  displayName: string;
  email: string;
  role: Role;
  status: "INVITED" | "ACTIVE" | "DEACTIVATED";
  mfaEnrolledAt: Date | null;
  lastSignInAt: Date | null;
  deactivatedAt: Date | null;
  createdAt: Date;
}

const operatorSelect = {
  id: true,
  displayName: true,
  email: true,
  role: true,
  status: true,
  mfaEnrolledAt: true,
  lastSignInAt: true,
  deactivatedAt: true,
  createdAt: true,
} as const;

export const DEFAULT_OPERATOR_PAGE_SIZE = 50;
export const MAX_OPERATOR_PAGE_SIZE = 100;

const NOT_ALLOWED: UserMutationResult = { ok: false, error: "You do not have permission to do this." };

function isOperatorWith(actor: Actor, permission: Permission): boolean {
  return actor.kind === "OPERATOR" && hasPermission(actor.role, permission);
}

/** Operators ordered by e-mail, `limit` at a time; `cursor` is the last id of the previous page. */
export async function listOperators(
  db: DbTransaction,
  actor: Actor,
  options: { cursor?: string | null; limit?: number } = {},
): Promise<{ operators: OperatorSummary[]; nextCursor: string | null }> {
  if (!isOperatorWith(actor, "operators:view")) return { operators: [], nextCursor: null };
  const limit = Math.min(Math.max(Math.trunc(options.limit ?? DEFAULT_OPERATOR_PAGE_SIZE), 1), MAX_OPERATOR_PAGE_SIZE);
  const cursor = options.cursor && isUuid(options.cursor) ? options.cursor : null;
  if (cursor) {
    // A cursor that is not an operator (e.g. a seller's id) starts nowhere, rather than paging through sellers.
    const anchor = await db.user.findFirst({ where: { id: cursor, kind: "OPERATOR" }, select: { id: true } });
    if (!anchor) return { operators: [], nextCursor: null };
  }
  const rows = await db.user.findMany({
    where: { kind: "OPERATOR" },
    orderBy: [{ email: "asc" }, { id: "asc" }],
    take: limit + 1,
    ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    select: operatorSelect,
  });
  const operators = rows.slice(0, limit);
  return { operators, nextCursor: rows.length > limit ? (operators.at(-1)?.id ?? null) : null };
}

export interface OperatorDetails extends OperatorSummary {
  sessions: ActiveSessionSummary[];
}

/** One operator with their live sessions, or null (unknown id, or not an operator). */
export async function getOperatorDetails(db: DbTransaction, actor: Actor, userId: string): Promise<OperatorDetails | null> {
  if (!isOperatorWith(actor, "operators:view") || !isUuid(userId)) return null;
  const operator = await db.user.findFirst({ where: { id: userId, kind: "OPERATOR" }, select: operatorSelect });
  if (!operator) return null;
  const sessions = await listActiveSessions(db, operator.id, { currentSessionId: actor.sessionId });
  return { ...operator, sessions };
}

/** The target operator row, locked until the transaction ends; null for anything else. */
async function findOperatorForUpdate(tx: DbTransaction, userId: string) {
  if (!isUuid(userId)) return null;
  const locked = await tx.$queryRaw<Array<{ id: string }>>`
    SELECT id FROM users WHERE id = ${userId}::uuid AND kind = 'OPERATOR' FOR UPDATE`;
  if (locked.length === 0) return null;
  return tx.user.findUnique({ where: { id: userId }, select: { id: true, role: true, status: true, mfaEnrolledAt: true } });
}

/**
 * The ids of the ACTIVE administrators, locked (FOR UPDATE, in id order) until
 * the transaction ends, so concurrent demotions/deactivations serialize and
 * cannot remove the last one. Taken before the target's lock: one lock order
 * for every such transaction, hence no deadlock.
 */
async function lockActiveAdmins(tx: DbTransaction): Promise<string[]> {
  const admins = await tx.$queryRaw<Array<{ id: string }>>`
    SELECT id FROM users WHERE kind = 'OPERATOR' AND role = 'OPERATOR_ADMIN' AND status = 'ACTIVE' ORDER BY id FOR UPDATE`;
  return admins.map((admin) => admin.id);
}

const isLastActiveAdmin = (activeAdmins: readonly string[], userId: string) =>
  activeAdmins.includes(userId) && activeAdmins.length === 1;

export const LAST_ADMIN_MESSAGE = "FireFeed needs at least one active administrator. Make someone else an administrator first.";

async function recordDenied(tx: DbTransaction, actor: Actor, userId: string, operation: string, request: RequestContext): Promise<void> {
  await recordAudit(tx, {
    action: "access.denied",
    result: "DENIED",
    actorUserId: actor.userId,
    targetType: "user",
    targetId: isUuid(userId) ? userId : "invalid-id",
    ...request,
    details: { operation },
  });
}

export async function changeOperatorRole(
  db: Db,
  actor: Actor,
  userId: string,
  role: Role,
  request: RequestContext,
): Promise<UserMutationResult> {
  if (!isOperatorWith(actor, "users:change-role")) return NOT_ALLOWED;
  const newRole = operatorRoleSchema.safeParse(role);
  if (!newRole.success) return { ok: false, error: "Choose Support, Security analyst or Admin." };
  if (userId === actor.userId) return { ok: false, error: "You cannot change your own role. Ask another administrator." };

  return db.$transaction(async (tx) => {
    const activeAdmins = await lockActiveAdmins(tx);
    const target = await findOperatorForUpdate(tx, userId);
    if (!target) {
      await recordDenied(tx, actor, userId, "user.role_change", request);
      return userNotFound();
    }
    if (target.role === newRole.data) return { ok: true, message: "The role is unchanged." };
    if (isLastActiveAdmin(activeAdmins, target.id)) {
      return { ok: false, error: LAST_ADMIN_MESSAGE };
    }
    await tx.user.update({ where: { id: target.id }, data: { role: newRole.data } });
    const sessionsRevoked = await revokeSessionsForUser(tx, target.id, "role-changed");
    await recordAudit(tx, {
      action: "user.role_changed",
      result: "SUCCESS",
      actorUserId: actor.userId,
      targetType: "user",
      targetId: target.id,
      ...request,
      details: { from: target.role, to: newRole.data, sessionsRevoked },
    });
    return { ok: true, message: `Role changed to ${ROLE_SHORT_LABELS[newRole.data]}. They must sign in again.` };
  });
}

/** Deactivates an operator: they cannot sign in, and every session ends now. The reason is audited. */
export async function deactivateUser(
  db: Db,
  actor: Actor,
  userId: string,
  reason: string,
  request: RequestContext,
): Promise<UserMutationResult> {
  if (!isOperatorWith(actor, "users:deactivate")) return NOT_ALLOWED;
  const parsedReason = reasonSchema.safeParse(reason);
  if (!parsedReason.success) return { ok: false, error: parsedReason.error.issues[0]?.message ?? "Give a reason.", fieldErrors: { reason: parsedReason.error.issues.map((issue) => issue.message) } };
  if (userId === actor.userId) return { ok: false, error: "You cannot deactivate your own account." };

  return db.$transaction(async (tx) => {
    const activeAdmins = await lockActiveAdmins(tx);
    const target = await findOperatorForUpdate(tx, userId);
    if (!target) {
      await recordDenied(tx, actor, userId, "user.deactivate", request);
      return userNotFound();
    }
    if (target.status === "DEACTIVATED") return { ok: false, error: "This account is already deactivated." };
    if (isLastActiveAdmin(activeAdmins, target.id)) {
      return { ok: false, error: LAST_ADMIN_MESSAGE };
    }
    const now = new Date();
    await tx.user.update({ where: { id: target.id }, data: { status: "DEACTIVATED", deactivatedAt: now } });
    const sessionsRevoked = await revokeSessionsForUser(tx, target.id, "deactivated", { now });
    await recordAudit(tx, {
      action: "user.deactivated",
      result: "SUCCESS",
      actorUserId: actor.userId,
      targetType: "user",
      targetId: target.id,
      ...request,
      details: { reason: parsedReason.data, role: target.role, sessionsRevoked },
    });
    return { ok: true, message: "Account deactivated. They were signed out everywhere." };
  });
}

export async function reactivateUser(
  db: Db,
  actor: Actor,
  userId: string,
  request: RequestContext,
): Promise<UserMutationResult> {
  if (!isOperatorWith(actor, "users:deactivate")) return NOT_ALLOWED;
  return db.$transaction(async (tx) => {
    const target = await findOperatorForUpdate(tx, userId);
    if (!target) {
      await recordDenied(tx, actor, userId, "user.reactivate", request);
      return userNotFound();
    }
    if (target.status !== "DEACTIVATED") return { ok: false, error: "This account is not deactivated." };
    // A fresh start for the lockout counters: the old failures belong to the deactivated period.
    await tx.user.update({
      where: { id: target.id },
      data: { status: "ACTIVE", deactivatedAt: null, failedSignInCount: 0, lockedUntil: null },
    });
    await recordAudit(tx, {
      action: "user.reactivated",
      result: "SUCCESS",
      actorUserId: actor.userId,
      targetType: "user",
      targetId: target.id,
      ...request,
      details: { role: target.role },
    });
    return { ok: true, message: "Account reactivated." };
  });
}

/**
 * Resets an operator's MFA (lost device): the TOTP secret, its replay
 * counter, the enrollment and all recovery codes go; every session ends. The
 * user must enroll again at the next sign-in. The reason is audited.
 */
export async function resetUserMfa(
  db: Db,
  actor: Actor,
  userId: string,
  reason: string,
  request: RequestContext,
): Promise<UserMutationResult> {
  if (!isOperatorWith(actor, "users:reset-mfa")) return NOT_ALLOWED;
  const parsedReason = reasonSchema.safeParse(reason);
  if (!parsedReason.success) return { ok: false, error: parsedReason.error.issues[0]?.message ?? "Give a reason.", fieldErrors: { reason: parsedReason.error.issues.map((issue) => issue.message) } };
  // Resetting one's own second factor from a session that proved it is an account-takeover shortcut.
  if (userId === actor.userId) return { ok: false, error: "You cannot reset your own two-step verification. Ask another administrator." };

  return db.$transaction(async (tx) => {
    const target = await findOperatorForUpdate(tx, userId);
    if (!target) {
      await recordDenied(tx, actor, userId, "auth.mfa_reset", request);
      return userNotFound();
    }
    const wasEnrolled = target.mfaEnrolledAt !== null;
    await tx.user.update({
      where: { id: target.id },
      data: { totpSecretCiphertext: null, totpLastUsedStep: null, mfaEnrolledAt: null },
    });
    const codes = await tx.recoveryCode.deleteMany({ where: { userId: target.id } });
    // A half-finished enrollment or sign-in challenge must not survive the reset either.
    await tx.mfaChallenge.deleteMany({ where: { userId: target.id } });
    const sessionsRevoked = await revokeSessionsForUser(tx, target.id, "mfa-reset");
    await recordAudit(tx, {
      action: "auth.mfa_reset",
      result: "SUCCESS",
      actorUserId: actor.userId,
      targetType: "user",
      targetId: target.id,
      ...request,
      details: { reason: parsedReason.data, wasEnrolled, codesDeleted: codes.count, sessionsRevoked },
    });
    return { ok: true, message: "Two-step verification was reset. They must set it up again at their next sign-in." };
  });
}

/** Ends every session of any user (operator or seller): the incident responder's kill switch. */
export async function revokeAllSessionsOfUser(
  db: Db,
  actor: Actor,
  userId: string,
  request: RequestContext,
): Promise<UserMutationResult> {
  if (!isOperatorWith(actor, "sessions:revoke-any")) return NOT_ALLOWED;
  if (userId === actor.userId) return { ok: false, error: "To end your own sessions, use Sign out all other sessions in your account." };
  return db.$transaction(async (tx) => {
    const target = isUuid(userId)
      ? await tx.user.findUnique({ where: { id: userId }, select: { id: true, organizationId: true } })
      : null;
    if (!target) {
      await recordDenied(tx, actor, userId, "session.revoke_all", request);
      return userNotFound();
    }
    const sessionsRevoked = await revokeSessionsForUser(tx, target.id, "revoked-by-operator");
    await recordAudit(tx, {
      action: "session.revoked_all",
      result: "SUCCESS",
      actorUserId: actor.userId,
      targetType: "user",
      targetId: target.id,
      organizationId: target.organizationId,
      ...request,
      details: { sessionsRevoked },
    });
    return { ok: true, message: sessionsRevoked === 1 ? "1 session was ended." : `${sessionsRevoked} sessions were ended.` };
  });
}

/** Ends one session of another user (the operator detail page's per-row "Revoke"). */
export async function revokeSessionOfUser(
  db: Db,
  actor: Actor,
  userId: string,
  sessionId: string,
  request: RequestContext,
): Promise<UserMutationResult> {
  if (!isOperatorWith(actor, "sessions:revoke-any")) return NOT_ALLOWED;
  if (!isUuid(userId) || !isUuid(sessionId)) return { ok: false, error: SESSION_NOT_FOUND_MESSAGE };
  if (sessionId === actor.sessionId) return { ok: false, error: "This is your current session. Use Sign out instead." };
  return db.$transaction(async (tx) => {
    const session = await tx.session.findFirst({
      where: { id: sessionId, userId, revokedAt: null },
      select: { id: true, user: { select: { organizationId: true } } },
    });
    if (!session) return { ok: false, error: SESSION_NOT_FOUND_MESSAGE };
    await revokeSession(tx, session.id, "revoked-by-operator");
    await recordAudit(tx, {
      action: "session.revoked",
      result: "SUCCESS",
      actorUserId: actor.userId,
      targetType: "session",
      targetId: session.id,
      organizationId: session.user.organizationId,
      ...request,
      details: { userId },
    });
    return { ok: true, message: "Session ended." };
  });
}

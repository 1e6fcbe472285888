import "server-only";
// Server-side session records (control A4). The browser holds a next-auth JWT
// that carries a random session TOKEN (256 bits); the row stores only its
// SHA-256 and decides. The row's id is the session's public reference (audit
// log, sessions screens, logs) and is never accepted in place of the token, so
// reading it anywhere, even with the signing secret, opens no session (issue 9).
// Revoking the row, or deactivating the user, changing the role, resetting the
// password or MFA, takes effect on the very next request (see validateSession).

import { getEnv } from "@/lib/env";
import { roleRequiresMfa, roleSchema } from "@/lib/rbac/roles";
import type { Actor, ActorKind } from "./actor";
import { createOpaqueToken, hashOpaqueToken } from "./tokens";
import type { DbTransaction } from "@/lib/db/db";

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
/** lastSeenAt is written at most this often: one write per minute per session, not per request. */
export const LAST_SEEN_WRITE_INTERVAL_MS = MINUTE_MS;

export interface SessionSettings {
  idleMinutesOperator: number;
  idleMinutesSeller: number;
  maxHoursOperator: number;
  maxHoursSeller: number;
}

export function sessionSettingsFromEnv(): SessionSettings {
  const env = getEnv();
  return {
    idleMinutesOperator: env.SESSION_IDLE_MINUTES_OPERATOR,
    idleMinutesSeller: env.SESSION_IDLE_MINUTES_SELLER,
    maxHoursOperator: env.SESSION_MAX_HOURS_OPERATOR,
    maxHoursSeller: env.SESSION_MAX_HOURS_SELLER,
  };
}

export function sessionLifetimeMs(kind: ActorKind, settings: SessionSettings): number {
  return (kind === "OPERATOR" ? settings.maxHoursOperator : settings.maxHoursSeller) * HOUR_MS;
}

export function sessionIdleTimeoutMs(kind: ActorKind, settings: SessionSettings): number {
  return (kind === "OPERATOR" ? settings.idleMinutesOperator : settings.idleMinutesSeller) * MINUTE_MS;
}

export async function createSession(
  db: DbTransaction,
  input: { userId: string; kind: ActorKind; ipAddress: string | null; userAgent: string | null; mfaVerifiedAt: Date | null },
  options: { now?: Date; settings?: SessionSettings } = {},
): Promise<{ id: string; token: string; expiresAt: Date }> {
  const now = options.now ?? new Date();
  const settings = options.settings ?? sessionSettingsFromEnv();
  const expiresAt = new Date(now.getTime() + sessionLifetimeMs(input.kind, settings));
  // The token goes into the cookie only; the database keeps its hash.
  const { token, tokenHash } = createOpaqueToken();
  const row = await db.session.create({
    data: {
      tokenHash,
      userId: input.userId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt,
      ipAddress: input.ipAddress,
      userAgent: input.userAgent?.slice(0, 512) ?? null,
      mfaVerifiedAt: input.mfaVerifiedAt,
    },
    select: { id: true, expiresAt: true },
  });
  return { ...row, token };
}

/** Revokes one session (idempotent: an already revoked row keeps its first reason). */
export async function revokeSession(db: DbTransaction, sessionId: string, reason: string, now: Date = new Date()): Promise<void> {
  await db.session.updateMany({
    where: { id: sessionId, revokedAt: null },
    data: { revokedAt: now, revokedReason: reason.slice(0, 200) },
  });
}

/**
 * Revokes every live session of a user (deactivation, role change, password
 * reset, MFA reset, "sign out everywhere"). Returns how many were revoked.
 */
export async function revokeSessionsForUser(
  db: DbTransaction,
  userId: string,
  reason: string,
  options: { exceptSessionId?: string; now?: Date } = {},
): Promise<number> {
  const result = await db.session.updateMany({
    where: {
      userId,
      revokedAt: null,
      ...(options.exceptSessionId ? { id: { not: options.exceptSessionId } } : {}),
    },
    data: { revokedAt: options.now ?? new Date(), revokedReason: reason.slice(0, 200) },
  });
  return result.count;
}

export interface ActiveSessionSummary {
  id: string;
  createdAt: Date;
  lastSeenAt: Date;
  ipAddress: string | null;
  userAgent: string | null;
  current?: boolean;
}

/** The user's sessions that are neither revoked nor past their absolute expiry, newest first. */
export async function listActiveSessions(
  db: DbTransaction,
  userId: string,
  options: { currentSessionId?: string; now?: Date } = {},
): Promise<ActiveSessionSummary[]> {
  const rows = await db.session.findMany({
    where: { userId, revokedAt: null, expiresAt: { gt: options.now ?? new Date() } },
    orderBy: { lastSeenAt: "desc" },
    select: { id: true, createdAt: true, lastSeenAt: true, ipAddress: true, userAgent: true },
  });
  return rows.map((row) => ({ ...row, current: row.id === options.currentSessionId }));
}

export type SessionRejection =
  | "missing"
  | "revoked"
  | "expired"
  | "idle"
  | "user-inactive"
  | "mfa-incomplete"
  | "invalid-role";

export type SessionValidation = { ok: true; actor: Actor } | { ok: false; reason: SessionRejection };

/** A session token as createOpaqueToken makes it: 32 random bytes, base64url (43 characters). */
const SESSION_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** The session row behind a cookie's token (live or not), or null. Never looks sessions up by id. */
export async function findSessionByToken(db: DbTransaction, sessionToken: string) {
  if (!SESSION_TOKEN_PATTERN.test(sessionToken)) return null;
  return db.session.findUnique({
    where: { tokenHash: hashOpaqueToken(sessionToken) },
    include: { user: { select: { organizationId: true } } },
  });
}

/**
 * The one place that turns a session token (from the cookie) into an actor.
 * A session's id is NOT a token: it never matches. Everything is re-read
 * from the database: status, role, organization, MFA enrollment. An idle or
 * expired session is revoked on the spot (so it stays dead even if the clock
 * setting later changes).
 */
export async function validateSession(
  db: DbTransaction,
  sessionToken: string,
  now: Date = new Date(),
  settings: SessionSettings = sessionSettingsFromEnv(),
): Promise<SessionValidation> {
  if (!SESSION_TOKEN_PATTERN.test(sessionToken)) return { ok: false, reason: "missing" };
  const session = await db.session.findUnique({
    where: { tokenHash: hashOpaqueToken(sessionToken) },
    include: {
      user: {
        select: {
          id: true,
          email: true,
          displayName: true,
          kind: true,
          role: true,
          status: true,
          organizationId: true,
          mfaEnrolledAt: true,
        },
      },
    },
  });
  if (!session) return { ok: false, reason: "missing" };
  if (session.revokedAt) return { ok: false, reason: "revoked" };
  const { user } = session;
  if (now.getTime() >= session.expiresAt.getTime()) {
    await revokeSession(db, session.id, "expired", now);
    return { ok: false, reason: "expired" };
  }
  if (now.getTime() - session.lastSeenAt.getTime() >= sessionIdleTimeoutMs(user.kind, settings)) {
    await revokeSession(db, session.id, "idle-timeout", now);
    return { ok: false, reason: "idle" };
  }
  if (user.status !== "ACTIVE") return { ok: false, reason: "user-inactive" };
  const role = roleSchema.safeParse(user.role);
  if (!role.success) return { ok: false, reason: "invalid-role" };
  // A session only exists after MFA; an MFA reset clears the enrollment, and
  // that must end every session of a role that needs MFA at once.
  if (session.mfaVerifiedAt === null || (roleRequiresMfa(role.data) && user.mfaEnrolledAt === null)) {
    return { ok: false, reason: "mfa-incomplete" };
  }
  // Kind and role must agree (a seller role on an operator row is corrupt data: refuse).
  if ((user.kind === "OPERATOR") !== role.data.startsWith("OPERATOR_")) return { ok: false, reason: "invalid-role" };

  if (now.getTime() - session.lastSeenAt.getTime() >= LAST_SEEN_WRITE_INTERVAL_MS) {
    await db.session.updateMany({ where: { id: session.id, revokedAt: null }, data: { lastSeenAt: now } });
  }
  return {
    ok: true,
    actor: {
      userId: user.id,
      sessionId: session.id,
      email: user.email,
      displayName: user.displayName,
      kind: user.kind,
      role: role.data,
      organizationId: user.organizationId,
      mfaVerifiedAt: session.mfaVerifiedAt,
    },
  };
}

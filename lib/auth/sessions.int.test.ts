// Server-side sessions on a real database (control A4): idle timeout,
// absolute lifetime, immediate revocation, deactivation, role change and MFA
// reset taking effect on the very next request.
import { afterAll, describe, expect, it } from "vitest";
import { createOrganization, createUser } from "@/test/factories";
import { disconnectTestPrisma, getTestPrisma } from "@/test/db";
import { createSession, findSessionByToken, listActiveSessions, revokeSession, revokeSessionsForUser, validateSession, type SessionSettings } from "./sessions";
import { hashOpaqueToken } from "./tokens";

const db = getTestPrisma();
afterAll(async () => disconnectTestPrisma());

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const T0 = new Date(Date.now() + HOUR);
const settings: SessionSettings = { idleMinutesOperator: 30, idleMinutesSeller: 120, maxHoursOperator: 12, maxHoursSeller: 168 };

async function signedIn(role: "SELLER_OWNER" | "OPERATOR_ADMIN" = "OPERATOR_ADMIN") {
  const org = role === "SELLER_OWNER" ? await createOrganization(db) : null;
  const user = await createUser(db, { role, organizationId: org?.id ?? null });
  const session = await createSession(
    db,
    { userId: user.id, kind: user.kind, ipAddress: "198.51.100.7", userAgent: "vitest", mfaVerifiedAt: T0 },
    { now: T0, settings },
  );
  return { user, session };
}

const at = (offsetMs: number) => new Date(T0.getTime() + offsetMs);

describe("sessions", () => {
  it("sets the absolute lifetime by kind: 12 h for operators, 7 days for sellers", async () => {
    const operator = await signedIn("OPERATOR_ADMIN");
    const seller = await signedIn("SELLER_OWNER");
    expect(operator.session.expiresAt.getTime()).toBe(T0.getTime() + 12 * HOUR);
    expect(seller.session.expiresAt.getTime()).toBe(T0.getTime() + 168 * HOUR);
  });

  it("resolves a live session to an actor read from the database", async () => {
    const { user, session } = await signedIn("SELLER_OWNER");
    const result = await validateSession(db, session.token, at(MINUTE), settings);
    expect(result).toMatchObject({
      ok: true,
      actor: { userId: user.id, sessionId: session.id, role: "SELLER_OWNER", kind: "SELLER", organizationId: user.organizationId },
    });
  });

  it("times out after the idle limit, and activity keeps it alive", async () => {
    const { session } = await signedIn("OPERATOR_ADMIN");
    // Activity every 20 minutes keeps an operator session alive past 30 minutes in total.
    expect((await validateSession(db, session.token, at(20 * MINUTE), settings)).ok).toBe(true);
    expect((await validateSession(db, session.token, at(40 * MINUTE), settings)).ok).toBe(true);
    // 30 minutes of silence ends it, and it stays ended.
    expect(await validateSession(db, session.token, at(70 * MINUTE), settings)).toEqual({ ok: false, reason: "idle" });
    expect(await validateSession(db, session.token, at(71 * MINUTE), settings)).toEqual({ ok: false, reason: "revoked" });
    expect((await db.session.findUniqueOrThrow({ where: { id: session.id } })).revokedReason).toBe("idle-timeout");
  });

  it("ends at the absolute expiry even when active", async () => {
    const { session } = await signedIn("OPERATOR_ADMIN");
    for (let minutes = 25; minutes < 12 * 60; minutes += 25) {
      expect((await validateSession(db, session.token, at(minutes * MINUTE), settings)).ok).toBe(true);
    }
    expect(await validateSession(db, session.token, at(12 * HOUR), settings)).toEqual({ ok: false, reason: "expired" });
  });

  it("refuses a revoked session on the very next request", async () => {
    const { session } = await signedIn();
    expect((await validateSession(db, session.token, at(MINUTE), settings)).ok).toBe(true);
    await revokeSession(db, session.id, "admin revoked");
    expect(await validateSession(db, session.token, at(2 * MINUTE), settings)).toEqual({ ok: false, reason: "revoked" });
  });

  it("refuses a deactivated user's session at once, even before revocation", async () => {
    const { user, session } = await signedIn();
    await db.user.update({ where: { id: user.id }, data: { status: "DEACTIVATED", deactivatedAt: at(0) } });
    expect(await validateSession(db, session.token, at(MINUTE), settings)).toEqual({ ok: false, reason: "user-inactive" });
  });

  it("applies a role change on the next request (role is re-read, not taken from the token)", async () => {
    const { user, session } = await signedIn("OPERATOR_ADMIN");
    await db.user.update({ where: { id: user.id }, data: { role: "OPERATOR_SUPPORT" } });
    expect(await validateSession(db, session.token, at(MINUTE), settings)).toMatchObject({ ok: true, actor: { role: "OPERATOR_SUPPORT" } });
  });

  it("ends sessions after an MFA reset", async () => {
    const { user, session } = await signedIn("OPERATOR_ADMIN");
    await db.user.update({ where: { id: user.id }, data: { mfaEnrolledAt: null, totpSecretCiphertext: null } });
    expect(await validateSession(db, session.token, at(MINUTE), settings)).toEqual({ ok: false, reason: "mfa-incomplete" });
  });

  it("revokes all of a user's sessions except the current one, and lists what is left", async () => {
    const { user, session: current } = await signedIn("SELLER_OWNER");
    const other = await createSession(db, { userId: user.id, kind: "SELLER", ipAddress: null, userAgent: null, mfaVerifiedAt: T0 }, { now: T0, settings });
    const third = await createSession(db, { userId: user.id, kind: "SELLER", ipAddress: null, userAgent: null, mfaVerifiedAt: T0 }, { now: T0, settings });
    expect((await listActiveSessions(db, user.id, { currentSessionId: current.id, now: T0 })).map((row) => row.id).sort()).toEqual(
      [current.id, other.id, third.id].sort(),
    );
    expect(await revokeSessionsForUser(db, user.id, "password-reset", { exceptSessionId: current.id })).toBe(2);
    const left = await listActiveSessions(db, user.id, { currentSessionId: current.id, now: T0 });
    expect(left).toEqual([expect.objectContaining({ id: current.id, current: true })]);
    expect((await validateSession(db, other.token, at(MINUTE), settings)).ok).toBe(false);
    expect(await revokeSessionsForUser(db, user.id, "deactivated")).toBe(1);
    expect((await validateSession(db, current.token, at(MINUTE), settings)).ok).toBe(false);
  });

  it("treats an unknown or malformed session token as no session", async () => {
    expect(await validateSession(db, "00000000-0000-4000-8000-000000000000", T0, settings)).toEqual({ ok: false, reason: "missing" });
    expect(await validateSession(db, "'; DROP TABLE sessions; --", T0, settings)).toEqual({ ok: false, reason: "missing" });
    expect(await validateSession(db, "A".repeat(43), T0, settings)).toEqual({ ok: false, reason: "missing" });
  });

  // Issue 9, finding 2: the id is a public reference (audit log, sessions
  // screens); with the signing secret an attacker can wrap any string in a
  // cookie, so the id itself must never open the session.
  it("never accepts a session's public id in place of its token", async () => {
    const { session } = await signedIn("SELLER_OWNER");
    expect((await validateSession(db, session.token, at(MINUTE), settings)).ok).toBe(true);
    expect(await validateSession(db, session.id, at(MINUTE), settings)).toEqual({ ok: false, reason: "missing" });
    expect(await validateSession(db, session.id.replace(/-/g, ""), at(MINUTE), settings)).toEqual({ ok: false, reason: "missing" });
    expect(await findSessionByToken(db, session.id)).toBeNull();
    expect((await findSessionByToken(db, session.token))?.id).toBe(session.id);
  });

  it("stores only the token's hash: no column of the row holds the token", async () => {
    const { session } = await signedIn("SELLER_OWNER");
    expect(session.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const row = await db.session.findUniqueOrThrow({ where: { id: session.id } });
    expect(JSON.stringify(row)).not.toContain(session.token);
    expect(row.tokenHash).toBe(hashOpaqueToken(session.token));
    expect(row.tokenHash).not.toBe(session.id);
  });
});

import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findMatchingRecoveryCode } from "@/lib/auth/mfa/recovery-codes";
import { verifyPassword } from "@/lib/auth/password";
import { disconnectTestPrisma, getTestPrisma } from "@/test/db";
import { DEFAULT_TEST_PASSWORD, createOrganization, createSignedInUser, createTestSession, createUser, testRequest } from "@/test/factories";
import {
  changeOwnPassword,
  getOwnAccount,
  listOwnSessions,
  recoveryCodeKeyForUser,
  regenerateRecoveryCodes,
  revokeOtherOwnSessions,
  revokeOwnSession,
  updateOwnProfile,
} from "./self-service";
import type { Db } from "@/lib/db/db";

let db: Db;
const NEW_PASSWORD = "Quartz-lantern-meadow-7319-violet";

beforeAll(() => {
  db = getTestPrisma();
});
afterAll(async () => {
  await disconnectTestPrisma();
});

async function auditRows(requestId: string) {
  return db.auditEvent.findMany({ where: { requestId }, orderBy: { id: "asc" } });
}

async function sellerWithOtherSessions() {
  const org = await createOrganization(db);
  const me = await createSignedInUser(db, { role: "SELLER_OWNER", organizationId: org.id });
  const otherA = await createTestSession(db, me.user.id, { userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Version/17.0 Safari/605.1" });
  const otherB = await createTestSession(db, me.user.id);
  return { ...me, otherA, otherB };
}

describe("profile", () => {
  it("updates the display name and audits user.profile_updated", async () => {
    const { actor, user } = await sellerWithOtherSessions();
    const request = testRequest();
    expect((await updateOwnProfile(db, actor, { displayName: "  Ada Lovelace " }, request)).ok).toBe(true);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).displayName).toBe("Ada Lovelace");
    expect((await auditRows(request.requestId)).map((row) => row.action)).toEqual(["user.profile_updated"]);
    expect((await updateOwnProfile(db, actor, { displayName: "" }, testRequest())).ok).toBe(false);
    const account = await getOwnAccount(db, actor);
    expect(account).toMatchObject({ displayName: "Ada Lovelace", email: user.email });
  });
});

describe("own sessions", () => {
  it("lists them with the current one flagged", async () => {
    const { actor, session } = await sellerWithOtherSessions();
    const sessions = await listOwnSessions(db, actor);
    expect(sessions).toHaveLength(3);
    expect(sessions.filter((row) => row.current).map((row) => row.id)).toEqual([session.id]);
  });

  it("revokes one own session, refuses another user's session and the current one", async () => {
    const { actor, otherA, session } = await sellerWithOtherSessions();
    const stranger = await createUser(db, { role: "OPERATOR_SUPPORT" });
    const strangerSession = await createTestSession(db, stranger.id);
    const foreign = await revokeOwnSession(db, actor, strangerSession.id, testRequest());
    const random = await revokeOwnSession(db, actor, randomUUID(), testRequest());
    expect(foreign).toEqual(random);
    expect(foreign.ok).toBe(false);
    expect((await db.session.findUniqueOrThrow({ where: { id: strangerSession.id } })).revokedAt).toBeNull();
    expect((await revokeOwnSession(db, actor, session.id, testRequest())).ok).toBe(false);

    const request = testRequest();
    expect((await revokeOwnSession(db, actor, otherA.id, request)).ok).toBe(true);
    expect((await db.session.findUniqueOrThrow({ where: { id: otherA.id } })).revokedAt).not.toBeNull();
    expect((await auditRows(request.requestId)).map((row) => row.action)).toEqual(["session.revoked"]);
  });

  it("signs out all other sessions but keeps the current one", async () => {
    const { actor, otherA, otherB, session } = await sellerWithOtherSessions();
    const request = testRequest();
    expect(await revokeOtherOwnSessions(db, actor, request)).toMatchObject({ ok: true });
    expect((await db.session.findUniqueOrThrow({ where: { id: session.id } })).revokedAt).toBeNull();
    for (const other of [otherA, otherB]) {
      expect((await db.session.findUniqueOrThrow({ where: { id: other.id } })).revokedAt).not.toBeNull();
    }
    const rows = await auditRows(request.requestId);
    expect(rows.map((row) => row.action)).toEqual(["session.revoked_all"]);
    expect(rows[0]?.details).toMatchObject({ sessionsRevoked: 2 });
  });
});

describe("regenerateRecoveryCodes", () => {
  it("replaces all codes with new ones that verify, returns them once, and audits", async () => {
    const { actor, user } = await sellerWithOtherSessions();
    await db.recoveryCode.createMany({ data: [1, 2].map((n) => ({ userId: user.id, codeHash: `rc1$old-${n}` })) });
    const request = testRequest();
    const result = await regenerateRecoveryCodes(db, actor, request);
    if (!result.ok) throw new Error(result.error);
    expect(result.codes).toHaveLength(10);
    const stored = await db.recoveryCode.findMany({ where: { userId: user.id } });
    expect(stored).toHaveLength(10);
    expect(stored.some((row) => row.codeHash.startsWith("rc1$old"))).toBe(false);
    // Stored as keyed hashes, never in plain form; each returned code matches one.
    const key = await recoveryCodeKeyForUser(user.id);
    const hashes = stored.map((row) => row.codeHash);
    for (const code of result.codes) {
      expect(hashes).not.toContain(code);
      expect(findMatchingRecoveryCode(code, hashes, key)).not.toBeNull();
    }
    const rows = await auditRows(request.requestId);
    expect(rows.map((row) => row.action)).toEqual(["auth.recovery_codes_regenerated"]);
    expect(JSON.stringify(rows[0]?.details)).not.toContain(result.codes[0]);

    const again = await regenerateRecoveryCodes(db, actor, testRequest());
    if (!again.ok) throw new Error(again.error);
    const after = await db.recoveryCode.findMany({ where: { userId: user.id } });
    expect(after).toHaveLength(10);
    expect(findMatchingRecoveryCode(result.codes[0]!, after.map((row) => row.codeHash), key)).toBeNull();
  });

  it("requires a recent MFA check (step-up) and MFA enrollment", async () => {
    const org = await createOrganization(db);
    const stale = await createSignedInUser(db, {
      role: "SELLER_OWNER",
      organizationId: org.id,
      mfaVerifiedAt: new Date(Date.now() - 10 * 60 * 1000),
    });
    expect(await regenerateRecoveryCodes(db, stale.actor, testRequest())).toMatchObject({ ok: false, stepUpRequired: true });
    const unenrolled = await createSignedInUser(db, { role: "SELLER_MEMBER", organizationId: org.id, mfaEnrolled: false });
    expect((await regenerateRecoveryCodes(db, unenrolled.actor, testRequest())).ok).toBe(false);
    expect(await db.recoveryCode.count({ where: { userId: { in: [stale.user.id, unenrolled.user.id] } } })).toBe(0);
  });
});

describe("changeOwnPassword", () => {
  it("refuses a wrong current password, changes nothing and audits the failure", async () => {
    const { actor, user, otherA } = await sellerWithOtherSessions();
    const request = testRequest();
    const result = await changeOwnPassword(db, actor, { currentPassword: "wrong password entirely", newPassword: NEW_PASSWORD }, request);
    expect(result).toMatchObject({ ok: false, fieldErrors: { currentPassword: expect.any(Array) } });
    const row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect((await verifyPassword(row.passwordHash!, DEFAULT_TEST_PASSWORD)).valid).toBe(true);
    expect((await db.session.findUniqueOrThrow({ where: { id: otherA.id } })).revokedAt).toBeNull();
    expect((await auditRows(request.requestId)).map((audit) => [audit.action, audit.result])).toEqual([["auth.password_changed", "FAILURE"]]);
  });

  it("changes the password with the right current one and revokes only the OTHER sessions", async () => {
    const { actor, user, session, otherA, otherB } = await sellerWithOtherSessions();
    const request = testRequest();
    const result = await changeOwnPassword(db, actor, { currentPassword: DEFAULT_TEST_PASSWORD, newPassword: NEW_PASSWORD }, request);
    expect(result).toMatchObject({ ok: true });
    const row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect((await verifyPassword(row.passwordHash!, NEW_PASSWORD)).valid).toBe(true);
    expect((await db.session.findUniqueOrThrow({ where: { id: session.id } })).revokedAt).toBeNull();
    for (const other of [otherA, otherB]) {
      const revoked = await db.session.findUniqueOrThrow({ where: { id: other.id } });
      expect(revoked.revokedAt).not.toBeNull();
      expect(revoked.revokedReason).toBe("password-changed");
    }
    const rows = await auditRows(request.requestId);
    expect(rows.map((audit) => [audit.action, audit.result])).toEqual([["auth.password_changed", "SUCCESS"]]);
    expect(rows[0]?.details).toMatchObject({ otherSessionsRevoked: 2 });
  });

  it("returns the policy's refusal on the newPassword field and keeps the sessions", async () => {
    const { actor, otherA } = await sellerWithOtherSessions();
    const result = await changeOwnPassword(db, actor, { currentPassword: DEFAULT_TEST_PASSWORD, newPassword: "short" }, testRequest());
    expect(result).toMatchObject({ ok: false, fieldErrors: { newPassword: expect.any(Array) } });
    expect((await db.session.findUniqueOrThrow({ where: { id: otherA.id } })).revokedAt).toBeNull();
  });
});

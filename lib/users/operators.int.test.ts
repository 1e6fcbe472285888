import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { disconnectTestPrisma, getTestPrisma, resetDatabase } from "@/test/db";
import { createOrganization, createSignedInUser, createTestSession, createUser, testRequest } from "@/test/factories";
import {
  LAST_ADMIN_MESSAGE,
  changeOperatorRole,
  deactivateUser,
  getOperatorDetails,
  listOperators,
  reactivateUser,
  resetUserMfa,
  revokeAllSessionsOfUser,
  revokeSessionOfUser,
} from "./operators";
import { USER_NOT_FOUND_MESSAGE } from "./shared";
import type { Db } from "@/lib/db/db";

let db: Db;
const REASON = "Lost phone, verified identity by video call (ticket 4711)";

beforeAll(() => {
  db = getTestPrisma();
});
// "The last active admin" is a global fact: start each test from an empty users table.
beforeEach(async () => {
  await resetDatabase();
});
afterAll(async () => {
  await disconnectTestPrisma();
});

async function auditRows(requestId: string) {
  return db.auditEvent.findMany({ where: { requestId }, orderBy: { id: "asc" } });
}

async function adminAndTarget(targetRole: "OPERATOR_SUPPORT" | "OPERATOR_ADMIN" | "OPERATOR_SECURITY_ANALYST" = "OPERATOR_SUPPORT") {
  const admin = await createSignedInUser(db, { role: "OPERATOR_ADMIN" });
  const target = await createUser(db, { role: targetRole });
  await createTestSession(db, target.id);
  await createTestSession(db, target.id);
  return { admin, target };
}

describe("listOperators", () => {
  it("lists operators only, never seller users, with cursor pagination", async () => {
    const { admin } = await adminAndTarget();
    await createUser(db, { role: "OPERATOR_SECURITY_ANALYST" });
    const org = await createOrganization(db);
    const seller = await createUser(db, { role: "SELLER_OWNER", organizationId: org.id });

    const first = await listOperators(db, admin.actor, { limit: 2 });
    expect(first.operators).toHaveLength(2);
    expect(first.nextCursor).not.toBeNull();
    const second = await listOperators(db, admin.actor, { limit: 2, cursor: first.nextCursor });
    expect(second.operators).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    const all = [...first.operators, ...second.operators];
    expect(new Set(all.map((operator) => operator.id)).size).toBe(3);
    expect(all.map((operator) => operator.id)).not.toContain(seller.id);
    // A seller's id as cursor does not page through sellers.
    expect(await listOperators(db, admin.actor, { cursor: seller.id })).toEqual({ operators: [], nextCursor: null });
  });

  it("shows nothing to a seller and does not describe a seller", async () => {
    const { admin } = await adminAndTarget();
    const org = await createOrganization(db);
    const owner = await createSignedInUser(db, { role: "SELLER_OWNER", organizationId: org.id });
    expect((await listOperators(db, owner.actor)).operators).toEqual([]);
    expect(await getOperatorDetails(db, admin.actor, owner.user.id)).toBeNull();
    expect(await getOperatorDetails(db, admin.actor, "nope")).toBeNull();
  });

  it("describes an operator with their live sessions", async () => {
    const { admin, target } = await adminAndTarget();
    const details = await getOperatorDetails(db, admin.actor, target.id);
    expect(details?.email).toBe(target.email);
    expect(details?.sessions).toHaveLength(2);
  });
});

describe("changeOperatorRole", () => {
  it("changes the role, revokes the target's sessions and audits", async () => {
    const { admin, target } = await adminAndTarget();
    const request = testRequest();
    expect((await changeOperatorRole(db, admin.actor, target.id, "OPERATOR_SECURITY_ANALYST", request)).ok).toBe(true);
    expect((await db.user.findUniqueOrThrow({ where: { id: target.id } })).role).toBe("OPERATOR_SECURITY_ANALYST");
    expect(await db.session.count({ where: { userId: target.id, revokedAt: null } })).toBe(0);
    const rows = await auditRows(request.requestId);
    expect(rows.map((row) => row.action)).toEqual(["user.role_changed"]);
    expect(rows[0]).toMatchObject({ actorUserId: admin.user.id, targetId: target.id, ipAddress: request.ipAddress });
    expect(rows[0]?.details).toMatchObject({ from: "OPERATOR_SUPPORT", to: "OPERATOR_SECURITY_ANALYST", sessionsRevoked: 2 });
  });

  it("refuses seller roles, own role, seller targets (as not found) and non-admins", async () => {
    const { admin, target } = await adminAndTarget();
    expect((await changeOperatorRole(db, admin.actor, target.id, "SELLER_OWNER", testRequest())).ok).toBe(false);
    expect(await changeOperatorRole(db, admin.actor, admin.user.id, "OPERATOR_SUPPORT", testRequest())).toMatchObject({
      ok: false,
      error: expect.stringMatching(/own role/),
    });
    const org = await createOrganization(db);
    const seller = await createUser(db, { role: "SELLER_MEMBER", organizationId: org.id });
    expect(await changeOperatorRole(db, admin.actor, seller.id, "OPERATOR_ADMIN", testRequest())).toEqual({
      ok: false,
      error: USER_NOT_FOUND_MESSAGE,
    });
    expect(await changeOperatorRole(db, admin.actor, randomUUID(), "OPERATOR_ADMIN", testRequest())).toEqual({
      ok: false,
      error: USER_NOT_FOUND_MESSAGE,
    });
    const analyst = await createSignedInUser(db, { role: "OPERATOR_SECURITY_ANALYST" });
    expect((await changeOperatorRole(db, analyst.actor, target.id, "OPERATOR_ADMIN", testRequest())).ok).toBe(false);
    expect((await db.user.findUniqueOrThrow({ where: { id: seller.id } })).role).toBe("SELLER_MEMBER");
    expect((await db.user.findUniqueOrThrow({ where: { id: target.id } })).role).toBe("OPERATOR_SUPPORT");
  });

  it("cannot demote or deactivate the last active admin", async () => {
    const admin = await createSignedInUser(db, { role: "OPERATOR_ADMIN" });
    // A stale admin actor whose own row was deactivated meanwhile: the only ACTIVE admin is `admin`.
    const stale = await createUser(db, { role: "OPERATOR_ADMIN", status: "DEACTIVATED" });
    const staleActor = { ...admin.actor, userId: stale.id };
    expect(await changeOperatorRole(db, staleActor, admin.user.id, "OPERATOR_SUPPORT", testRequest())).toEqual({
      ok: false,
      error: LAST_ADMIN_MESSAGE,
    });
    expect(await deactivateUser(db, staleActor, admin.user.id, REASON, testRequest())).toEqual({ ok: false, error: LAST_ADMIN_MESSAGE });
    const row = await db.user.findUniqueOrThrow({ where: { id: admin.user.id } });
    expect([row.role, row.status]).toEqual(["OPERATOR_ADMIN", "ACTIVE"]);

    // With a second active admin it is allowed.
    const second = await createUser(db, { role: "OPERATOR_ADMIN" });
    expect((await changeOperatorRole(db, admin.actor, second.id, "OPERATOR_SUPPORT", testRequest())).ok).toBe(true);
  });
});

describe("deactivateUser / reactivateUser", () => {
  it("deactivates and revokes sessions in the same transaction, with the reason audited", async () => {
    const { admin, target } = await adminAndTarget();
    const request = testRequest();
    expect((await deactivateUser(db, admin.actor, target.id, REASON, request)).ok).toBe(true);
    const user = await db.user.findUniqueOrThrow({ where: { id: target.id } });
    expect(user.status).toBe("DEACTIVATED");
    const sessions = await db.session.findMany({ where: { userId: target.id } });
    expect(sessions).toHaveLength(2);
    for (const session of sessions) {
      expect(session.revokedAt?.getTime()).toBe(user.deactivatedAt?.getTime());
      expect(session.revokedReason).toBe("deactivated");
    }
    const rows = await auditRows(request.requestId);
    expect(rows.map((row) => row.action)).toEqual(["user.deactivated"]);
    expect(rows[0]?.details).toMatchObject({ reason: REASON, sessionsRevoked: 2 });

    const reactivation = testRequest();
    expect((await reactivateUser(db, admin.actor, target.id, reactivation)).ok).toBe(true);
    expect((await db.user.findUniqueOrThrow({ where: { id: target.id } })).status).toBe("ACTIVE");
    expect((await auditRows(reactivation.requestId)).map((row) => row.action)).toEqual(["user.reactivated"]);
    // Reactivation does not bring old sessions back.
    expect(await db.session.count({ where: { userId: target.id, revokedAt: null } })).toBe(0);
  });

  it("requires a reason, refuses self and seller targets", async () => {
    const { admin, target } = await adminAndTarget();
    expect((await deactivateUser(db, admin.actor, target.id, "short", testRequest())).ok).toBe(false);
    expect((await deactivateUser(db, admin.actor, admin.user.id, REASON, testRequest())).ok).toBe(false);
    const org = await createOrganization(db);
    const seller = await createUser(db, { role: "SELLER_OWNER", organizationId: org.id });
    expect(await deactivateUser(db, admin.actor, seller.id, REASON, testRequest())).toEqual({ ok: false, error: USER_NOT_FOUND_MESSAGE });
    expect((await db.user.findUniqueOrThrow({ where: { id: target.id } })).status).toBe("ACTIVE");
  });
});

describe("resetUserMfa", () => {
  it("clears MFA, recovery codes, challenges and sessions, and audits the reason", async () => {
    const { admin, target } = await adminAndTarget();
    await db.recoveryCode.createMany({ data: [1, 2, 3].map((n) => ({ userId: target.id, codeHash: `rc1$test-${n}` })) });
    await db.mfaChallenge.create({
      data: { userId: target.id, purpose: "VERIFY", tokenHash: `test-${randomUUID()}`, expiresAt: new Date(Date.now() + 60_000) },
    });
    const request = testRequest();
    expect((await resetUserMfa(db, admin.actor, target.id, REASON, request)).ok).toBe(true);
    const user = await db.user.findUniqueOrThrow({ where: { id: target.id } });
    expect([user.totpSecretCiphertext, user.totpLastUsedStep, user.mfaEnrolledAt]).toEqual([null, null, null]);
    expect(await db.recoveryCode.count({ where: { userId: target.id } })).toBe(0);
    expect(await db.mfaChallenge.count({ where: { userId: target.id } })).toBe(0);
    expect(await db.session.count({ where: { userId: target.id, revokedAt: null } })).toBe(0);
    const rows = await auditRows(request.requestId);
    expect(rows.map((row) => [row.action, row.result])).toEqual([["auth.mfa_reset", "SUCCESS"]]);
    expect(rows[0]).toMatchObject({ actorUserId: admin.user.id, targetId: target.id, userAgent: request.userAgent });
    expect(rows[0]?.details).toMatchObject({ reason: REASON, wasEnrolled: true, codesDeleted: 3, sessionsRevoked: 2 });
  });

  it("requires a reason of 10+ characters and refuses self and non-admins, changing nothing", async () => {
    const { admin, target } = await adminAndTarget();
    const noReason = await resetUserMfa(db, admin.actor, target.id, "   lost   ", testRequest());
    expect(noReason).toMatchObject({ ok: false, fieldErrors: { reason: expect.any(Array) } });
    expect((await resetUserMfa(db, admin.actor, admin.user.id, REASON, testRequest())).ok).toBe(false);
    const analyst = await createSignedInUser(db, { role: "OPERATOR_SECURITY_ANALYST" });
    expect((await resetUserMfa(db, analyst.actor, target.id, REASON, testRequest())).ok).toBe(false);
    expect((await db.user.findUniqueOrThrow({ where: { id: target.id } })).mfaEnrolledAt).not.toBeNull();
    expect(await db.session.count({ where: { userId: target.id, revokedAt: null } })).toBe(2);
  });
});

describe("session revocation by operators", () => {
  it("revokes all sessions of any user (also a seller) and audits session.revoked_all", async () => {
    const analyst = await createSignedInUser(db, { role: "OPERATOR_SECURITY_ANALYST" });
    const org = await createOrganization(db);
    const seller = await createUser(db, { role: "SELLER_OWNER", organizationId: org.id });
    await createTestSession(db, seller.id);
    const request = testRequest();
    expect(await revokeAllSessionsOfUser(db, analyst.actor, seller.id, request)).toMatchObject({ ok: true });
    expect(await db.session.count({ where: { userId: seller.id, revokedAt: null } })).toBe(0);
    const rows = await auditRows(request.requestId);
    expect(rows.map((row) => row.action)).toEqual(["session.revoked_all"]);
    expect(rows[0]?.organizationId).toBe(org.id);
    expect(await revokeAllSessionsOfUser(db, analyst.actor, randomUUID(), testRequest())).toEqual({ ok: false, error: USER_NOT_FOUND_MESSAGE });
    // Support staff may not.
    const support = await createSignedInUser(db, { role: "OPERATOR_SUPPORT" });
    expect((await revokeAllSessionsOfUser(db, support.actor, analyst.user.id, testRequest())).ok).toBe(false);
  });

  it("revokes one session only when it belongs to the named user", async () => {
    const { admin, target } = await adminAndTarget();
    const other = await createUser(db, { role: "OPERATOR_SUPPORT" });
    const otherSession = await createTestSession(db, other.id);
    expect((await revokeSessionOfUser(db, admin.actor, target.id, otherSession.id, testRequest())).ok).toBe(false);
    expect((await db.session.findUniqueOrThrow({ where: { id: otherSession.id } })).revokedAt).toBeNull();
    const [first] = await db.session.findMany({ where: { userId: target.id } });
    const request = testRequest();
    expect((await revokeSessionOfUser(db, admin.actor, target.id, first!.id, request)).ok).toBe(true);
    expect(await db.session.count({ where: { userId: target.id, revokedAt: null } })).toBe(1);
    expect((await auditRows(request.requestId)).map((row) => row.action)).toEqual(["session.revoked"]);
  });
});

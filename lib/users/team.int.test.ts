import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectTestPrisma, getTestPrisma } from "@/test/db";
import { createOrganization, createSignedInUser, createTestSession, createUser, testRequest } from "@/test/factories";
import { LAST_OWNER_MESSAGE, changeTeamMemberRole, listTeamMembers, removeTeamMember } from "./team";
import { USER_NOT_FOUND_MESSAGE } from "./shared";
import type { Db } from "@/lib/db/db";

let db: Db;

beforeAll(() => {
  db = getTestPrisma();
});
afterAll(async () => {
  await disconnectTestPrisma();
});

async function auditRows(requestId: string) {
  return db.auditEvent.findMany({ where: { requestId }, orderBy: { id: "asc" } });
}

/** Two organizations, each with an owner (signed in) and a member (with two live sessions). */
async function twoTenants() {
  const orgA = await createOrganization(db);
  const orgB = await createOrganization(db);
  const ownerA = await createSignedInUser(db, { role: "SELLER_OWNER", organizationId: orgA.id });
  const memberA = await createUser(db, { role: "SELLER_MEMBER", organizationId: orgA.id });
  const ownerB = await createSignedInUser(db, { role: "SELLER_OWNER", organizationId: orgB.id });
  const memberB = await createUser(db, { role: "SELLER_MEMBER", organizationId: orgB.id });
  await createTestSession(db, memberA.id);
  await createTestSession(db, memberA.id);
  await createTestSession(db, memberB.id);
  return { orgA, orgB, ownerA, memberA, ownerB, memberB };
}

describe("tenant isolation", () => {
  it("lists only the actor's organization", async () => {
    const { ownerA, memberA, memberB, ownerB } = await twoTenants();
    const members = await listTeamMembers(db, ownerA.actor);
    const ids = members.map((member) => member.id);
    expect(ids.sort()).toEqual([ownerA.user.id, memberA.id].sort());
    expect(ids).not.toContain(memberB.id);
    expect(ids).not.toContain(ownerB.user.id);
  });

  it("answers another tenant's member exactly like a random id, and changes nothing", async () => {
    const { ownerA, memberB } = await twoTenants();
    const foreign = await changeTeamMemberRole(db, ownerA.actor, memberB.id, "SELLER_OWNER", testRequest());
    const random = await changeTeamMemberRole(db, ownerA.actor, randomUUID(), "SELLER_OWNER", testRequest());
    const malformed = await changeTeamMemberRole(db, ownerA.actor, "not-a-uuid", "SELLER_OWNER", testRequest());
    expect(foreign).toEqual({ ok: false, error: USER_NOT_FOUND_MESSAGE });
    expect(random).toEqual(foreign);
    expect(malformed).toEqual(foreign);

    const removeForeign = await removeTeamMember(db, ownerA.actor, memberB.id, testRequest());
    const removeRandom = await removeTeamMember(db, ownerA.actor, randomUUID(), testRequest());
    expect(removeForeign).toEqual(removeRandom);

    const after = await db.user.findUniqueOrThrow({ where: { id: memberB.id } });
    expect(after.role).toBe("SELLER_MEMBER");
    expect(after.status).toBe("ACTIVE");
    expect(await db.session.count({ where: { userId: memberB.id, revokedAt: null } })).toBe(1);
  });

  it("records the refused cross-tenant attempt as access.denied", async () => {
    const { ownerA, memberB } = await twoTenants();
    const request = testRequest();
    await removeTeamMember(db, ownerA.actor, memberB.id, request);
    const rows = await auditRows(request.requestId);
    expect(rows.map((row) => [row.action, row.result])).toEqual([["access.denied", "DENIED"]]);
    expect(rows[0]?.organizationId).toBe(ownerA.actor.organizationId);
  });

  it("refuses a member (no team:manage) and an operator", async () => {
    const { orgA, memberA } = await twoTenants();
    const member = await createSignedInUser(db, { role: "SELLER_MEMBER", organizationId: orgA.id });
    const operator = await createSignedInUser(db, { role: "OPERATOR_ADMIN" });
    expect((await removeTeamMember(db, member.actor, memberA.id, testRequest())).ok).toBe(false);
    expect((await changeTeamMemberRole(db, operator.actor, memberA.id, "SELLER_OWNER", testRequest())).ok).toBe(false);
    expect(await listTeamMembers(db, operator.actor)).toEqual([]);
    expect((await db.user.findUniqueOrThrow({ where: { id: memberA.id } })).status).toBe("ACTIVE");
  });
});

describe("changeTeamMemberRole", () => {
  it("promotes a member, revokes their sessions and audits in one go", async () => {
    const { ownerA, memberA } = await twoTenants();
    const request = testRequest();
    const result = await changeTeamMemberRole(db, ownerA.actor, memberA.id, "SELLER_OWNER", request);
    expect(result.ok).toBe(true);
    expect((await db.user.findUniqueOrThrow({ where: { id: memberA.id } })).role).toBe("SELLER_OWNER");
    const sessions = await db.session.findMany({ where: { userId: memberA.id } });
    expect(sessions).toHaveLength(2);
    for (const session of sessions) {
      expect(session.revokedAt).not.toBeNull();
      expect(session.revokedReason).toBe("role-changed");
    }
    const [row] = await auditRows(request.requestId);
    expect(row).toMatchObject({
      action: "user.role_changed",
      result: "SUCCESS",
      actorUserId: ownerA.user.id,
      targetId: memberA.id,
      organizationId: ownerA.actor.organizationId,
      ipAddress: request.ipAddress,
      userAgent: request.userAgent,
    });
    expect(row?.details).toMatchObject({ from: "SELLER_MEMBER", to: "SELLER_OWNER", sessionsRevoked: 2 });
    // The owner's own session is untouched.
    expect((await db.session.findUniqueOrThrow({ where: { id: ownerA.session.id } })).revokedAt).toBeNull();
  });

  it("refuses operator roles and changing one's own role", async () => {
    const { ownerA, memberA } = await twoTenants();
    expect((await changeTeamMemberRole(db, ownerA.actor, memberA.id, "OPERATOR_ADMIN", testRequest())).ok).toBe(false);
    const self = await changeTeamMemberRole(db, ownerA.actor, ownerA.user.id, "SELLER_MEMBER", testRequest());
    expect(self).toMatchObject({ ok: false, error: expect.stringMatching(/own role/) });
    expect((await db.user.findUniqueOrThrow({ where: { id: memberA.id } })).role).toBe("SELLER_MEMBER");
  });

  it("cannot demote the last active owner, but can while another owner is active", async () => {
    const org = await createOrganization(db);
    const ownerOne = await createSignedInUser(db, { role: "SELLER_OWNER", organizationId: org.id });
    const ownerTwo = await createUser(db, { role: "SELLER_OWNER", organizationId: org.id });
    // Two active owners: demoting one of them is fine.
    expect((await changeTeamMemberRole(db, ownerOne.actor, ownerTwo.id, "SELLER_MEMBER", testRequest())).ok).toBe(true);
    // ownerOne is now the only ACTIVE owner. Self-change is refused anyway, so the
    // guard matters for a stale or concurrent caller: an owner whose own row was
    // deactivated meanwhile (deactivated owners do not count).
    const staleOwner = await createUser(db, { role: "SELLER_OWNER", organizationId: org.id, status: "DEACTIVATED" });
    const staleActor = { ...ownerOne.actor, userId: staleOwner.id };
    const refused = await changeTeamMemberRole(db, staleActor, ownerOne.user.id, "SELLER_MEMBER", testRequest());
    expect(refused).toEqual({ ok: false, error: LAST_OWNER_MESSAGE });
    expect((await db.user.findUniqueOrThrow({ where: { id: ownerOne.user.id } })).role).toBe("SELLER_OWNER");
  });
  it("two owners demoting each other at once: exactly one succeeds (row locks)", async () => {
    const org = await createOrganization(db);
    const ownerOne = await createSignedInUser(db, { role: "SELLER_OWNER", organizationId: org.id });
    const ownerTwo = await createSignedInUser(db, { role: "SELLER_OWNER", organizationId: org.id });
    const results = await Promise.all([
      changeTeamMemberRoleAsync(ownerOne.actor, ownerTwo.user.id),
      changeTeamMemberRoleAsync(ownerTwo.actor, ownerOne.user.id),
    ]);
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(await db.user.count({ where: { organizationId: org.id, role: "SELLER_OWNER", status: "ACTIVE" } })).toBe(1);
  });
});

function changeTeamMemberRoleAsync(actor: Parameters<typeof changeTeamMemberRole>[1], userId: string) {
  return changeTeamMemberRole(db, actor, userId, "SELLER_MEMBER", testRequest());
}

describe("removeTeamMember", () => {
  it("deactivates, revokes every session in the same transaction and audits user.removed", async () => {
    const { ownerA, memberA } = await twoTenants();
    const request = testRequest();
    const result = await removeTeamMember(db, ownerA.actor, memberA.id, request);
    expect(result.ok).toBe(true);
    const user = await db.user.findUniqueOrThrow({ where: { id: memberA.id } });
    expect(user.status).toBe("DEACTIVATED");
    expect(user.deactivatedAt).not.toBeNull();
    const sessions = await db.session.findMany({ where: { userId: memberA.id } });
    expect(sessions.every((session) => session.revokedAt !== null)).toBe(true);
    // Same transaction: the revocation time is the deactivation time.
    expect(sessions.every((session) => session.revokedAt?.getTime() === user.deactivatedAt?.getTime())).toBe(true);
    const rows = await auditRows(request.requestId);
    expect(rows.map((row) => row.action)).toEqual(["user.removed"]);
    expect(rows[0]?.details).toMatchObject({ sessionsRevoked: 2 });

    const again = await removeTeamMember(db, ownerA.actor, memberA.id, testRequest());
    expect(again.ok).toBe(false);
  });

  it("refuses removing oneself and the last active owner", async () => {
    const org = await createOrganization(db);
    const owner = await createSignedInUser(db, { role: "SELLER_OWNER", organizationId: org.id });
    const self = await removeTeamMember(db, owner.actor, owner.user.id, testRequest());
    expect(self).toMatchObject({ ok: false, error: expect.stringMatching(/yourself/) });
    // A stale owner actor (their own row deactivated meanwhile) cannot remove the last active owner.
    const secondOwner = await createUser(db, { role: "SELLER_OWNER", organizationId: org.id, status: "DEACTIVATED" });
    const secondOwnerActor = { ...owner.actor, userId: secondOwner.id };
    const lastOwner = await removeTeamMember(db, secondOwnerActor, owner.user.id, testRequest());
    expect(lastOwner).toEqual({ ok: false, error: LAST_OWNER_MESSAGE });
    expect((await db.user.findUniqueOrThrow({ where: { id: owner.user.id } })).status).toBe("ACTIVE");
  });
});

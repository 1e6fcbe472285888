// Data-layer tenant scoping (controls A2, N6; style.md principle 3): every
// domain function that takes an actor and the id of a tenant-owned record,
// called by a seller of organization B with organization A's ids, answers
// exactly as it does for a random uuid (so ids cannot be probed) and changes
// nothing. Also: the operator functions treat a seller's id as "not found"
// (the operator console never acts on seller accounts through them).
//
// The routes/actions in front of these functions are tested separately
// (lib/auth/actions-matrix.test.ts, e2e/rbac-matrix.spec.ts); this file proves
// the last line of defence holds even if those gates were bypassed.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { revokeInvitation } from "@/lib/auth/invitations";
import { hashOpaqueToken } from "@/lib/auth/tokens";
import {
  changeOperatorRole,
  deactivateUser,
  getOperatorDetails,
  listOperators,
  reactivateUser,
  resetUserMfa,
  revokeAllSessionsOfUser,
  revokeSessionOfUser,
} from "@/lib/users/operators";
import { revokeOwnSession } from "@/lib/users/self-service";
import { changeTeamMemberRole, listTeamMembers, removeTeamMember } from "@/lib/users/team";
import { disconnectTestPrisma, getTestPrisma } from "@/test/db";
import { createOrganization, createSignedInUser, createTestSession, createUser, testRequest } from "@/test/factories";
import type { Db } from "@/lib/db/db";

let db: Db;

beforeAll(() => {
  db = getTestPrisma();
});
afterAll(async () => {
  await disconnectTestPrisma();
});

const REASON = "Ticket 4711: verified by a video call with the account holder";

async function createPendingInvitation(input: { kind: "SELLER" | "OPERATOR"; organizationId: string | null; invitedByUserId: string }) {
  return db.invitation.create({
    data: {
      email: `invitee-${randomUUID().slice(0, 8)}@example.test`,
      kind: input.kind,
      role: input.kind === "SELLER" ? "SELLER_MEMBER" : "OPERATOR_SUPPORT",
      organizationId: input.organizationId,
      invitedByUserId: input.invitedByUserId,
      tokenHash: hashOpaqueToken(randomUUID()),
      expiresAt: new Date(Date.now() + 72 * 60 * 60 * 1000),
    },
  });
}

/** Organization A (the victim) with people, sessions and an invitation; organization B (the caller); an operator. */
async function world() {
  const orgA = await createOrganization(db);
  const orgB = await createOrganization(db);
  const ownerA = await createSignedInUser(db, { role: "SELLER_OWNER", organizationId: orgA.id });
  const memberA = await createUser(db, { role: "SELLER_MEMBER", organizationId: orgA.id });
  const deactivatedA = await createUser(db, { role: "SELLER_MEMBER", organizationId: orgA.id, status: "DEACTIVATED" });
  const sessionOfMemberA = await createTestSession(db, memberA.id);
  await createTestSession(db, memberA.id);
  const invitationA = await createPendingInvitation({ kind: "SELLER", organizationId: orgA.id, invitedByUserId: ownerA.user.id });
  await db.recoveryCode.create({ data: { userId: memberA.id, codeHash: `test-${randomUUID()}` } });

  const ownerB = await createSignedInUser(db, { role: "SELLER_OWNER", organizationId: orgB.id });
  const memberB = await createSignedInUser(db, { role: "SELLER_MEMBER", organizationId: orgB.id });
  await createUser(db, { role: "SELLER_MEMBER", organizationId: orgB.id });

  const admin = await createSignedInUser(db, { role: "OPERATOR_ADMIN" });
  // A second active admin, so no "last administrator" rule can mask the answer.
  await createUser(db, { role: "OPERATOR_ADMIN" });
  const operatorX = await createUser(db, { role: "OPERATOR_SUPPORT" });
  const sessionOfOperatorX = await createTestSession(db, operatorX.id);
  const operatorInvitation = await createPendingInvitation({ kind: "OPERATOR", organizationId: null, invitedByUserId: admin.user.id });

  const victimUserIds = [ownerA.user.id, memberA.id, deactivatedA.id, operatorX.id];
  return {
    orgA,
    orgB,
    ownerA,
    memberA,
    deactivatedA,
    sessionOfMemberA,
    invitationA,
    ownerB,
    memberB,
    admin,
    operatorX,
    sessionOfOperatorX,
    operatorInvitation,
    victimUserIds,
    invitationIds: [invitationA.id, operatorInvitation.id],
  };
}

type World = Awaited<ReturnType<typeof world>>;

/** Every row a cross-tenant call could change, compared whole. */
async function snapshot(w: World) {
  return {
    users: await db.user.findMany({ where: { id: { in: w.victimUserIds } }, orderBy: { id: "asc" } }),
    sessions: await db.session.findMany({ where: { userId: { in: w.victimUserIds } }, orderBy: { id: "asc" } }),
    invitations: await db.invitation.findMany({ where: { id: { in: w.invitationIds } }, orderBy: { id: "asc" } }),
    recoveryCodes: await db.recoveryCode.findMany({ where: { userId: { in: w.victimUserIds } }, orderBy: { id: "asc" } }),
    organizations: await db.organization.findMany({ where: { id: { in: [w.orgA.id] } } }),
  };
}

interface ScopedCall {
  name: string;
  /** Calls the function as `actor` on the record with `id`. */
  call: (actor: Actor, id: string) => Promise<unknown>;
  /** The victim's record ids to try (organization A, or an operator, seen from organization B). */
  foreignIds: (w: World) => string[];
}

// Every domain function taking (actor, id of a tenant-owned record).
const SCOPED_CALLS: readonly ScopedCall[] = [
  {
    name: "team.changeTeamMemberRole",
    call: (actor, id) => changeTeamMemberRole(db, actor, id, "SELLER_OWNER", testRequest()),
    foreignIds: (w) => [w.memberA.id, w.ownerA.user.id, w.deactivatedA.id],
  },
  {
    name: "team.changeTeamMemberRole (demote)",
    call: (actor, id) => changeTeamMemberRole(db, actor, id, "SELLER_MEMBER", testRequest()),
    foreignIds: (w) => [w.ownerA.user.id],
  },
  {
    name: "team.removeTeamMember",
    call: (actor, id) => removeTeamMember(db, actor, id, testRequest()),
    foreignIds: (w) => [w.memberA.id, w.ownerA.user.id, w.deactivatedA.id],
  },
  {
    name: "invitations.revokeInvitation",
    call: (actor, id) => revokeInvitation(db, id, actor, testRequest()),
    foreignIds: (w) => [w.invitationA.id, w.operatorInvitation.id],
  },
  {
    name: "self-service.revokeOwnSession",
    call: (actor, id) => revokeOwnSession(db, actor, id, testRequest()),
    foreignIds: (w) => [w.sessionOfMemberA.id, w.ownerA.session.id, w.sessionOfOperatorX.id],
  },
  {
    name: "operators.getOperatorDetails",
    call: (actor, id) => getOperatorDetails(db, actor, id),
    foreignIds: (w) => [w.operatorX.id, w.memberA.id],
  },
  {
    name: "operators.changeOperatorRole",
    call: (actor, id) => changeOperatorRole(db, actor, id, "OPERATOR_ADMIN", testRequest()),
    foreignIds: (w) => [w.operatorX.id, w.memberA.id],
  },
  {
    name: "operators.deactivateUser",
    call: (actor, id) => deactivateUser(db, actor, id, REASON, testRequest()),
    foreignIds: (w) => [w.operatorX.id, w.memberA.id],
  },
  {
    name: "operators.reactivateUser",
    call: (actor, id) => reactivateUser(db, actor, id, testRequest()),
    foreignIds: (w) => [w.operatorX.id, w.deactivatedA.id],
  },
  {
    name: "operators.resetUserMfa",
    call: (actor, id) => resetUserMfa(db, actor, id, REASON, testRequest()),
    foreignIds: (w) => [w.operatorX.id, w.memberA.id],
  },
  {
    name: "operators.revokeAllSessionsOfUser",
    call: (actor, id) => revokeAllSessionsOfUser(db, actor, id, testRequest()),
    foreignIds: (w) => [w.operatorX.id, w.memberA.id],
  },
  {
    name: "operators.revokeSessionOfUser (user id)",
    call: (actor, id) => revokeSessionOfUser(db, actor, id, randomUUID(), testRequest()),
    foreignIds: (w) => [w.memberA.id, w.operatorX.id],
  },
];

describe("a seller of organization B, with organization A's ids", () => {
  const callers = [
    { label: "owner of B (team:manage, fresh MFA)", pick: (w: World) => w.ownerB.actor },
    { label: "member of B", pick: (w: World) => w.memberB.actor },
  ];

  for (const caller of callers) {
    it.each(SCOPED_CALLS)(`$name: same answer as a random uuid, nothing changes (${caller.label})`, async (scoped) => {
      const w = await world();
      const actor = caller.pick(w);
      const before = await snapshot(w);
      const randomAnswer = await scoped.call(actor, randomUUID());
      for (const foreignId of scoped.foreignIds(w)) {
        expect(await scoped.call(actor, foreignId), `${scoped.name}(${foreignId})`).toEqual(randomAnswer);
      }
      expect(await snapshot(w)).toEqual(before);
      // The refusal is a refusal: never a success.
      if (typeof randomAnswer === "object" && randomAnswer !== null && "ok" in randomAnswer) expect(randomAnswer.ok).toBe(false);
      else expect(randomAnswer).toBeNull();
    });
  }

  it("revokeOwnSession with another user's session id of the SAME organization is not found either", async () => {
    const w = await world();
    const before = await snapshot(w);
    const random = await revokeOwnSession(db, w.ownerA.actor, randomUUID(), testRequest());
    expect(await revokeOwnSession(db, w.ownerA.actor, w.sessionOfMemberA.id, testRequest())).toEqual(random);
    expect(await snapshot(w)).toEqual(before);
  });

  it("lists show only the caller's own organization", async () => {
    const w = await world();
    const ids = (await listTeamMembers(db, w.ownerB.actor)).map((member) => member.id);
    for (const foreignId of w.victimUserIds) expect(ids).not.toContain(foreignId);
    expect(ids).toContain(w.ownerB.user.id);
    expect(await listOperators(db, w.ownerB.actor)).toEqual({ operators: [], nextCursor: null });
  });
});

describe("the operator functions never act on a seller account", () => {
  const OPERATOR_ONLY: readonly ScopedCall[] = SCOPED_CALLS.filter((scoped) =>
    [
      "operators.getOperatorDetails",
      "operators.changeOperatorRole",
      "operators.deactivateUser",
      "operators.reactivateUser",
      "operators.resetUserMfa",
    ].includes(scoped.name),
  );

  it.each(OPERATOR_ONLY)("$name: an admin with a seller's id gets the random-uuid answer, nothing changes", async (scoped) => {
    const w = await world();
    const before = await snapshot(w);
    const randomAnswer = await scoped.call(w.admin.actor, randomUUID());
    for (const sellerId of [w.memberA.id, w.ownerA.user.id, w.deactivatedA.id]) {
      expect(await scoped.call(w.admin.actor, sellerId), `${scoped.name}(seller ${sellerId})`).toEqual(randomAnswer);
    }
    expect(await snapshot(w)).toEqual(before);
  });

  it("and the same functions do act on an operator (the fixture is not simply broken)", async () => {
    const w = await world();
    expect(await getOperatorDetails(db, w.admin.actor, w.operatorX.id)).toMatchObject({ id: w.operatorX.id });
    expect(await deactivateUser(db, w.admin.actor, w.operatorX.id, REASON, testRequest())).toMatchObject({ ok: true });
    expect(await reactivateUser(db, w.admin.actor, w.operatorX.id, testRequest())).toMatchObject({ ok: true });
  });
});

describe("malformed ids get the same answer as unknown ones", () => {
  it.each(SCOPED_CALLS)("$name", async (scoped) => {
    const w = await world();
    for (const actor of [w.ownerB.actor, w.admin.actor]) {
      const randomAnswer = await scoped.call(actor, randomUUID());
      expect(await scoped.call(actor, "not-a-uuid"), scoped.name).toEqual(randomAnswer);
    }
  });
});

// Why a session ended, on a real database (issue 11): each way the portal
// ends someone's session, done by the real code, gives the code the sign-in
// page explains; a live session and an unknown token give none.
import { afterAll, describe, expect, it } from "vitest";
import { deactivateUser, changeOperatorRole, resetUserMfa, revokeAllSessionsOfUser, revokeSessionOfUser } from "@/lib/users/operators";
import { revokeOtherOwnSessions } from "@/lib/users/self-service";
import { removeTeamMember } from "@/lib/users/team";
import { createOrganization, createSignedInUser, createTestSession, createUser, testRequest } from "@/test/factories";
import { disconnectTestPrisma, getTestPrisma } from "@/test/db";
import { createOpaqueToken } from "./tokens";
import { validateSession, type SessionSettings } from "./sessions";
import { signOutReasonOf } from "./sign-out-reasons";

const db = getTestPrisma();
afterAll(async () => disconnectTestPrisma());

const MINUTE = 60_000;
const REASON = "Journey test: access no longer needed, ticket JRN-1";
const settings: SessionSettings = { idleMinutesOperator: 30, idleMinutesSeller: 120, maxHoursOperator: 12, maxHoursSeller: 168 };

/** What the sign-in page would be told for a browser holding `token` at `now`: "live", or the code (null: nothing). */
async function signOutReasonNow(token: string, now = new Date()) {
  const validation = await validateSession(db, token, now, settings);
  return validation.ok ? "live" : signOutReasonOf(db, token, validation.reason);
}

async function operatorWithSession(role: "OPERATOR_SUPPORT" | "OPERATOR_ADMIN" = "OPERATOR_SUPPORT") {
  const user = await createUser(db, { role });
  return { user, session: await createTestSession(db, user.id) };
}

describe("signOutReasonOf", () => {
  it("an admin deactivating an operator: 'deactivated', on every device", async () => {
    const admin = await createSignedInUser(db, { role: "OPERATOR_ADMIN" });
    const { user, session } = await operatorWithSession();
    const laptop = await createTestSession(db, user.id);
    expect(await signOutReasonNow(session.token)).toBe("live");
    expect(await deactivateUser(db, admin.actor, user.id, REASON, testRequest())).toMatchObject({ ok: true });
    expect(await signOutReasonNow(session.token)).toBe("deactivated");
    expect(await signOutReasonNow(laptop.token)).toBe("deactivated");
  });

  it("an analyst ending all or one of someone's sessions: 'revoked'", async () => {
    const analyst = await createSignedInUser(db, { role: "OPERATOR_SECURITY_ANALYST" });
    const all = await operatorWithSession();
    expect(await revokeAllSessionsOfUser(db, analyst.actor, all.user.id, testRequest())).toMatchObject({ ok: true });
    expect(await signOutReasonNow(all.session.token)).toBe("revoked");

    const one = await operatorWithSession();
    const other = await createTestSession(db, one.user.id);
    expect(await revokeSessionOfUser(db, analyst.actor, one.user.id, one.session.id, testRequest())).toMatchObject({ ok: true });
    expect(await signOutReasonNow(one.session.token)).toBe("revoked");
    expect(await signOutReasonNow(other.token)).toBe("live");
  });

  it("a role change and a two-step verification reset say so", async () => {
    const admin = await createSignedInUser(db, { role: "OPERATOR_ADMIN" });
    const promoted = await operatorWithSession();
    expect(await changeOperatorRole(db, admin.actor, promoted.user.id, "OPERATOR_SECURITY_ANALYST", testRequest())).toMatchObject({ ok: true });
    expect(await signOutReasonNow(promoted.session.token)).toBe("role-changed");

    const reset = await operatorWithSession();
    expect(await resetUserMfa(db, admin.actor, reset.user.id, REASON, testRequest())).toMatchObject({ ok: true });
    expect(await signOutReasonNow(reset.session.token)).toBe("mfa-reset");
  });

  it("a seller signing out their other devices, and an owner removing a member", async () => {
    const organization = await createOrganization(db);
    const owner = await createSignedInUser(db, { role: "SELLER_OWNER", organizationId: organization.id });
    const otherDevice = await createTestSession(db, owner.user.id);
    expect(await revokeOtherOwnSessions(db, owner.actor, testRequest())).toMatchObject({ ok: true });
    expect(await signOutReasonNow(otherDevice.token)).toBe("signed-out-elsewhere");
    expect(await signOutReasonNow(owner.session.token)).toBe("live");

    const member = await createUser(db, { role: "SELLER_MEMBER", organizationId: organization.id });
    const memberSession = await createTestSession(db, member.id);
    expect(await removeTeamMember(db, owner.actor, member.id, testRequest())).toMatchObject({ ok: true });
    expect(await signOutReasonNow(memberSession.token)).toBe("removed");
  });

  it("an idle session: 'expired', on the request that ends it and on every later one", async () => {
    const { session } = await operatorWithSession();
    const later = new Date(Date.now() + 31 * MINUTE);
    expect(await signOutReasonNow(session.token, later)).toBe("expired");
    expect(await signOutReasonNow(session.token, new Date(later.getTime() + MINUTE))).toBe("expired");
  });

  it("an unknown token and a malformed one: nothing to tell", async () => {
    expect(await signOutReasonNow(createOpaqueToken().token)).toBeNull();
    expect(await signOutReasonNow("not-a-token")).toBeNull();
  });
});

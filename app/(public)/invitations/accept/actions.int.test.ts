// Accepting invitations and its limits on a real database (issue 11): attempts
// are counted per invitation link (by the token's hash) with a generous
// per-address backstop, so one link being hammered is stopped while a
// colleague at the same office address still accepts theirs.
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { setActionRuntimeForTests } from "@/lib/auth/define-action";
import { createOpaqueToken } from "@/lib/auth/tokens";
import { disconnectTestPrisma, getTestPrisma } from "@/test/db";
import { createOrganization, createUser, testRequest, uniqueEmail } from "@/test/factories";

vi.mock("@/lib/db/client", async () => {
  const { getTestPrisma: testPrisma } = await import("@/test/db");
  return { getPrisma: () => testPrisma() };
});

const { acceptInvitationAction } = await import("./actions");

const db = getTestPrisma();
const OFFICE_IP = "203.0.113.82";
const GOOD_PASSWORD = "saffron-glacier-piano-63-drift";

afterEach(() => setActionRuntimeForTests(null));
afterAll(() => disconnectTestPrisma());

/** A pending seller invitation as createInvitation stores it (hash only), and the link's token. */
async function pendingInvitation(organizationId: string, invitedByUserId: string) {
  const { token, tokenHash } = createOpaqueToken();
  const email = uniqueEmail("invited");
  await db.invitation.create({
    data: { email, kind: "SELLER", role: "SELLER_MEMBER", organizationId, invitedByUserId, tokenHash, expiresAt: new Date(Date.now() + 3_600_000) },
  });
  return { token, email };
}

function accept(token: string, password: string) {
  const request = { ...testRequest(), ipAddress: OFFICE_IP };
  setActionRuntimeForTests({ resolveRequest: () => Promise.resolve(request) });
  const form = new FormData();
  form.set("token", token);
  form.set("displayName", "Ines Invited");
  form.set("password", password);
  form.set("confirmPassword", password);
  return acceptInvitationAction(null, form);
}

describe("accepting an invitation", () => {
  it("limits attempts on one link to 10 an hour, while another link from the same address still works", async () => {
    const organization = await createOrganization(db);
    const inviter = await createUser(db, { role: "SELLER_OWNER", organizationId: organization.id });
    const hammered = await pendingInvitation(organization.id, inviter.id);
    const colleague = await pendingInvitation(organization.id, inviter.id);

    // Ten refused passwords leave the invitation usable (acceptInvitation rolls back)...
    for (let i = 0; i < 10; i += 1) {
      const attempt = await accept(hammered.token, "password");
      expect(attempt.ok).toBe(false);
      expect(attempt.ok ? "" : attempt.error).not.toMatch(/^Too many attempts/);
    }
    // ...and the eleventh, even with a good password, is refused with when to try again.
    const refused = await accept(hammered.token, GOOD_PASSWORD);
    expect(refused).toMatchObject({ ok: false, retryAfterSeconds: expect.any(Number) });
    expect(refused.ok ? "" : refused.error).toMatch(/^Too many attempts\. Try again in \d+ minutes?\.$/);
    expect(await db.user.count({ where: { email: hammered.email } })).toBe(0);
    expect((await db.invitation.findFirstOrThrow({ where: { email: hammered.email } })).acceptedAt).toBeNull();

    // The colleague's link, from the same office address, is accepted.
    expect(await accept(colleague.token, GOOD_PASSWORD)).toMatchObject({ ok: true, data: { email: colleague.email } });
    expect(await db.user.findUniqueOrThrow({ where: { email: colleague.email } })).toMatchObject({ status: "ACTIVE", organizationId: organization.id });
  });

  it("lets a whole office accept more than the old 20 an hour from one address", async () => {
    const organization = await createOrganization(db);
    const inviter = await createUser(db, { role: "SELLER_OWNER", organizationId: organization.id });
    const invitations = [];
    for (let i = 0; i < 22; i += 1) invitations.push(await pendingInvitation(organization.id, inviter.id));
    // One refused password each (22 + 22 = 44 attempts from one address), then the real acceptance.
    for (const invitation of invitations) expect((await accept(invitation.token, "password")).ok).toBe(false);
    for (const invitation of invitations) expect((await accept(invitation.token, GOOD_PASSWORD)).ok, invitation.email).toBe(true);
    expect(await db.user.count({ where: { organizationId: organization.id, role: "SELLER_MEMBER" } })).toBe(22);
  });
});

// Seller team invitations and their limits on a real database (issue 11): an
// office behind ONE address onboards its team (the limit is per organization
// and per inviter, no longer 20 an hour per IP), and an inviter at their own
// limit is told when to try again while nothing is created.
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { setActionRuntimeForTests } from "@/lib/auth/define-action";
import type { Actor } from "@/lib/auth/actor";
import { disconnectTestPrisma, getTestPrisma } from "@/test/db";
import { createOrganization, createSignedInUser, testRequest, uniqueEmail } from "@/test/factories";

vi.mock("@/lib/db/client", async () => {
  const { getTestPrisma: testPrisma } = await import("@/test/db");
  return { getPrisma: () => testPrisma() };
});
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));

const { inviteTeamMemberAction } = await import("./actions");

const db = getTestPrisma();
/** Every request in this file comes from the same office address. */
const OFFICE_IP = "203.0.113.80";

afterEach(() => setActionRuntimeForTests(null));
afterAll(() => disconnectTestPrisma());

function invite(actor: Actor, email: string) {
  const request = { ...testRequest(), ipAddress: OFFICE_IP };
  setActionRuntimeForTests({ resolveActor: () => Promise.resolve(actor), resolveRequest: () => Promise.resolve(request), now: () => Date.now() });
  const form = new FormData();
  form.set("email", email);
  form.set("role", "SELLER_MEMBER");
  return { request, result: inviteTeamMemberAction(null, form) };
}

async function owner(organizationId: string): Promise<Actor> {
  return (await createSignedInUser(db, { role: "SELLER_OWNER", organizationId, mfaVerifiedAt: new Date() })).actor;
}

describe("inviting a team from one office address", () => {
  it("25 invitations from two owners of one organization, all from ONE address, all go through (the old per-address rule refused the 21st)", async () => {
    const organization = await createOrganization(db);
    const [first, second] = [await owner(organization.id), await owner(organization.id)];
    const emails = Array.from({ length: 25 }, (_, i) => uniqueEmail(`team-${i}`));
    for (const [i, email] of emails.entries()) {
      const { result } = invite(i < 13 ? first : second, email);
      expect(await result, email).toEqual({ ok: true, message: `Invitation sent to ${email}.` });
    }
    const pending = await db.invitation.findMany({ where: { organizationId: organization.id, acceptedAt: null, revokedAt: null } });
    expect(pending).toHaveLength(25);
    expect(new Set(pending.map((invitation) => invitation.email))).toEqual(new Set(emails));
    expect(pending.filter((invitation) => invitation.invitedByUserId === first.userId)).toHaveLength(13);
  });

  it("stops one inviter at 20 an hour with a clear message and creates nothing; a colleague can still invite", async () => {
    const organization = await createOrganization(db);
    const busy = await owner(organization.id);
    for (let i = 0; i < 20; i += 1) expect((await invite(busy, uniqueEmail(`busy-${i}`)).result).ok).toBe(true);

    const refusedEmail = uniqueEmail("one-too-many");
    const mailsBefore = await db.emailOutboxMessage.count({ where: { purpose: "invitation" } });
    const { request, result } = invite(busy, refusedEmail);
    const refused = await result;
    expect(refused).toMatchObject({ ok: false, retryAfterSeconds: expect.any(Number) });
    expect(refused.ok ? "" : refused.error).toMatch(/^You have reached your limit of 20 invitations an hour\. Try again in \d+ minutes?\.$/);
    expect(await db.invitation.count({ where: { email: refusedEmail } })).toBe(0);
    expect(await db.auditEvent.count({ where: { requestId: request.requestId } })).toBe(0);
    expect(await db.emailOutboxMessage.count({ where: { purpose: "invitation" } })).toBe(mailsBefore);

    const colleague = await owner(organization.id);
    const email = uniqueEmail("colleague");
    expect(await invite(colleague, email).result).toEqual({ ok: true, message: `Invitation sent to ${email}.` });
  });

  it("stops the organization at 50 an hour, whoever sends", async () => {
    const organization = await createOrganization(db);
    const owners = [await owner(organization.id), await owner(organization.id), await owner(organization.id)];
    for (let i = 0; i < 50; i += 1) expect((await invite(owners[i % 3]!, uniqueEmail(`org-${i}`)).result).ok).toBe(true);
    const refusedEmail = uniqueEmail("org-51");
    const refused = await invite(owners[2]!, refusedEmail).result;
    expect(refused.ok ? "" : refused.error).toMatch(/^Your organization has reached its limit of 50 invitations an hour\. Try again in \d+ minutes?\.$/);
    expect(await db.invitation.count({ where: { email: refusedEmail } })).toBe(0);
    // Another organization behind the same address is not affected.
    const elsewhere = await owner((await createOrganization(db)).id);
    expect((await invite(elsewhere, uniqueEmail("elsewhere")).result).ok).toBe(true);
  });
});

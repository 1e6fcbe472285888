// Operator invitations and their limit on a real database (issue 11): counted
// per inviting administrator, not per address, so two administrators behind
// one office address each have their own 20 an hour.
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { setActionRuntimeForTests } from "@/lib/auth/define-action";
import type { Actor } from "@/lib/auth/actor";
import { disconnectTestPrisma, getTestPrisma } from "@/test/db";
import { createSignedInUser, testRequest } from "@/test/factories";

vi.mock("@/lib/db/client", async () => {
  const { getTestPrisma: testPrisma } = await import("@/test/db");
  return { getPrisma: () => testPrisma() };
});
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));

const { inviteOperatorAction } = await import("./actions");

const db = getTestPrisma();
const OFFICE_IP = "203.0.113.81";

afterEach(() => setActionRuntimeForTests(null));
afterAll(() => disconnectTestPrisma());

/** Named mailboxes (operator invitations refuse shared ones like support@). */
const operatorEmail = (label: string) => `${label}.${crypto.randomUUID().slice(0, 8)}@firefeed.example`;

function invite(actor: Actor, email: string) {
  const request = { ...testRequest(), ipAddress: OFFICE_IP };
  setActionRuntimeForTests({ resolveActor: () => Promise.resolve(actor), resolveRequest: () => Promise.resolve(request), now: () => Date.now() });
  const form = new FormData();
  form.set("email", email);
  form.set("role", "OPERATOR_SUPPORT");
  return { request, result: inviteOperatorAction(null, form) };
}

describe("inviting operators", () => {
  it("stops one administrator at 20 an hour and creates nothing; another administrator at the same address goes on", async () => {
    const { actor: admin } = await createSignedInUser(db, { role: "OPERATOR_ADMIN", mfaVerifiedAt: new Date() });
    const { actor: otherAdmin } = await createSignedInUser(db, { role: "OPERATOR_ADMIN", mfaVerifiedAt: new Date() });
    for (let i = 0; i < 20; i += 1) {
      const email = operatorEmail(`ada${i}`);
      expect(await invite(admin, email).result, email).toEqual({ ok: true, message: `Invitation sent to ${email}.` });
    }
    const refusedEmail = operatorEmail("grace");
    const { request, result } = invite(admin, refusedEmail);
    const refused = await result;
    expect(refused).toMatchObject({ ok: false, retryAfterSeconds: expect.any(Number) });
    expect(refused.ok ? "" : refused.error).toMatch(/^You have reached your limit of 20 invitations an hour\. Try again in \d+ minutes?\.$/);
    expect(await db.invitation.count({ where: { email: refusedEmail } })).toBe(0);
    expect(await db.auditEvent.count({ where: { requestId: request.requestId } })).toBe(0);

    for (let i = 0; i < 5; i += 1) expect((await invite(otherAdmin, operatorEmail(`linus${i}`)).result).ok).toBe(true);
  });
});

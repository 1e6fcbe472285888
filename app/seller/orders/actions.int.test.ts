// A reveal reason with a NUL byte on a real database (issue 9, finding 6): it
// used to reach PostgreSQL in the audit insert and fail as "Something went
// wrong"; now it is a field error on the reason and nothing is recorded.
import { randomUUID } from "node:crypto";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { INVALID_INPUT_MESSAGE, setActionRuntimeForTests } from "@/lib/auth/define-action";
import { UNSAFE_CHARACTER_MESSAGE } from "@/lib/validation/input";
import { disconnectTestPrisma, getTestPrisma } from "@/test/db";
import { createOrganization, createSignedInUser, testRequest } from "@/test/factories";

vi.mock("@/lib/db/client", async () => {
  const { getTestPrisma: testPrisma } = await import("@/test/db");
  return { getPrisma: () => testPrisma() };
});

const { revealOrderPiiAction } = await import("./actions");

afterEach(() => setActionRuntimeForTests(null));
afterAll(() => disconnectTestPrisma());

describe("revealing buyer data with an unstorable reason", () => {
  it("is a field error on the reason; no reveal and no audit event are recorded", async () => {
    const db = getTestPrisma();
    const organization = await createOrganization(db);
    const { actor } = await createSignedInUser(db, { role: "SELLER_OWNER", organizationId: organization.id, mfaVerifiedAt: new Date() });
    const request = testRequest();
    setActionRuntimeForTests({ resolveActor: () => Promise.resolve(actor), resolveRequest: () => Promise.resolve(request), now: () => Date.now() });
    const form = new FormData();
    form.set("orderId", randomUUID());
    form.set("reason", "customer called\u0000 about the delivery");
    expect(await revealOrderPiiAction(null, form)).toEqual({ ok: false, error: INVALID_INPUT_MESSAGE, fieldErrors: { reason: [UNSAFE_CHARACTER_MESSAGE] } });
    expect(await db.auditEvent.count({ where: { requestId: request.requestId } })).toBe(0);
    expect(await db.auditEvent.count({ where: { actorUserId: actor.userId, action: { startsWith: "orders." } } })).toBe(0);
  });
});

// The invitation limits over the process's memory limiter (no REDIS_URL in
// unit tests): which bucket counts what, in which order, and what a refused
// person reads. The end-to-end cases (25 invitations from one office, an
// inviter at the limit, one link refused while another works) are in the
// actions' integration tests.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { RATE_LIMITS, consumeRateLimit } from "@/lib/rate-limit";
import { createOpaqueToken } from "./tokens";
import {
  invitationAcceptanceRefusal,
  invitationSendingRefusal,
  inviterLimitMessage,
  organizationLimitMessage,
} from "./invitation-limits";

function inviter(overrides: Partial<Actor> = {}): Actor {
  return {
    userId: randomUUID(),
    sessionId: randomUUID(),
    email: "owner@example.test",
    displayName: "Owner",
    kind: "SELLER",
    role: "SELLER_OWNER",
    organizationId: randomUUID(),
    mfaVerifiedAt: new Date(),
    ...overrides,
  };
}

describe("refusal messages", () => {
  it("say which limit was reached and when to try again, in words", () => {
    expect(inviterLimitMessage(12 * 60 - 5)).toBe("You have reached your limit of 20 invitations an hour. Try again in 12 minutes.");
    expect(inviterLimitMessage(30)).toBe("You have reached your limit of 20 invitations an hour. Try again in 1 minute.");
    expect(organizationLimitMessage(3600)).toBe("Your organization has reached its limit of 50 invitations an hour. Try again in 60 minutes.");
  });
});

describe("sending", () => {
  it("counts per inviter: the 21st invitation of one person is refused, a colleague's goes through", async () => {
    const first = inviter();
    const colleague = inviter({ organizationId: first.organizationId });
    for (let i = 0; i < RATE_LIMITS["invitation-send:inviter"].points; i += 1) expect(await invitationSendingRefusal(first)).toBeNull();
    const refused = await invitationSendingRefusal(first);
    expect(refused).toMatchObject({ ok: false, error: expect.stringMatching(/^You have reached your limit of 20 invitations an hour\. Try again in \d+ minutes?\.$/) });
    expect(refused?.retryAfterSeconds).toBeGreaterThan(0);
    expect(await invitationSendingRefusal(colleague)).toBeNull();
  });

  it("counts per organization, and a refusal there gives the inviter's point back", async () => {
    const organizationId = randomUUID();
    const owners = Array.from({ length: 3 }, () => inviter({ organizationId }));
    // 50 between three owners (17 + 17 + 16), then the organization is full for everyone.
    for (let i = 0; i < RATE_LIMITS["invitation-send:organization"].points; i += 1) expect(await invitationSendingRefusal(owners[i % 3]!)).toBeNull();
    expect(await invitationSendingRefusal(owners[0]!)).toMatchObject({ ok: false, error: expect.stringMatching(/^Your organization has reached its limit of 50/) });
    // Owner 3 had used 16 of 20; the refused attempt above and these ones did not count against them.
    for (let i = 0; i < 10; i += 1) expect((await invitationSendingRefusal(owners[2]!))?.error).toMatch(/^Your organization/);
    expect(await consumeRateLimit("invitation-send:inviter", owners[2]!.userId)).toEqual({ allowed: true });
  });

  it("an inviter at their own limit does not use up the organization's budget", async () => {
    const organizationId = randomUUID();
    const busy = inviter({ organizationId });
    for (let i = 0; i < 20 + 15; i += 1) await invitationSendingRefusal(busy);
    // 20 counted for the organization, not 35: another owner still has 30.
    const other = inviter({ organizationId });
    for (let i = 0; i < 20; i += 1) expect(await invitationSendingRefusal(other)).toBeNull();
    const third = inviter({ organizationId });
    for (let i = 0; i < 10; i += 1) expect(await invitationSendingRefusal(third)).toBeNull();
    expect((await invitationSendingRefusal(third))?.error).toMatch(/^Your organization/);
  });

  it("operators have no organization: only their own limit applies", async () => {
    const operator = inviter({ kind: "OPERATOR", role: "OPERATOR_ADMIN", organizationId: null });
    for (let i = 0; i < 20; i += 1) expect(await invitationSendingRefusal(operator)).toBeNull();
    expect((await invitationSendingRefusal(operator))?.error).toMatch(/^You have reached your limit of 20 invitations an hour/);
  });
});

describe("accepting", () => {
  it("limits attempts per link, keyed by the link's hash; another link from the same address still works", async () => {
    const ipAddress = `192.0.2.${Math.floor(Math.random() * 200) + 1}`;
    const { token } = createOpaqueToken();
    for (let i = 0; i < RATE_LIMITS["invitation-accept:token"].points; i += 1) expect(await invitationAcceptanceRefusal(token, ipAddress)).toBeNull();
    expect(await invitationAcceptanceRefusal(token, ipAddress)).toMatchObject({ ok: false, error: expect.stringMatching(/^Too many attempts\. Try again in \d+ minutes?\.$/) });
    // The same link from another address is still refused: the link is what is counted.
    expect(await invitationAcceptanceRefusal(token, "198.51.100.250")).toMatchObject({ ok: false });
    expect(await invitationAcceptanceRefusal(createOpaqueToken().token, ipAddress)).toBeNull();
    // Counted under the hash, not the token: the token's own key has nothing on it.
    expect(await consumeRateLimit("invitation-accept:token", token)).toEqual({ allowed: true });
  });

  it("stops one address spraying many links at the backstop", async () => {
    const ipAddress = "203.0.113.201";
    for (let i = 0; i < RATE_LIMITS["invitation-accept:ip"].points; i += 1) expect(await invitationAcceptanceRefusal(createOpaqueToken().token, ipAddress)).toBeNull();
    expect(await invitationAcceptanceRefusal(createOpaqueToken().token, ipAddress)).toMatchObject({ ok: false });
    expect(await invitationAcceptanceRefusal(createOpaqueToken().token, "203.0.113.202")).toBeNull();
  });
});

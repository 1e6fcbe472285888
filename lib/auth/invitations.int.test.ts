import { randomUUID } from "node:crypto";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { clearEmailOutbox, recordingDelivery, tokenFromLastEmail as tokenIn } from "@/test/email-outbox";
import { disconnectTestPrisma, getTestPrisma } from "@/test/db";

// The invitation e-mail is queued in createInvitation's transaction and
// delivered here by the delivery job's code to a recording transport.
vi.mock("@/lib/email/templates", () => ({
  verifyEmailMessage: ({ to, link }: { to: string; link: string }) => ({ to, subject: "Verify", text: link }),
  passwordResetMessage: ({ to, link }: { to: string; link: string }) => ({ to, subject: "Reset", text: link }),
  invitationMessage: ({ to, link, roleLabel }: { to: string; link: string; roleLabel: string }) => ({
    to,
    subject: "Invitation",
    text: `${roleLabel}: ${link}`,
  }),
}));

const { acceptInvitation, createInvitation, describeInvitation, listPendingInvitations, revokeInvitation } = await import("./invitations");

const db = getTestPrisma();
const { sent, deliverQueued } = recordingDelivery(db);
const T0 = new Date("2030-02-01T09:00:00.000Z");
const HOUR_MS = 60 * 60 * 1000;
const PASSWORD = "saffron-glacier-piano-63-drift";

afterAll(async () => {
  await disconnectTestPrisma();
});
beforeEach(async () => {
  await clearEmailOutbox(db);
  sent.length = 0;
});

const unique = () => randomUUID().slice(0, 8);
const request = () => ({ ipAddress: "198.51.100.4", userAgent: "vitest", requestId: randomUUID() });

/** Delivers the queue, then reads the token from the newest link e-mailed to `to`. */
async function tokenFromLastEmail(to: string): Promise<string> {
  await deliverQueued();
  return tokenIn(sent, to);
}

async function makeActor(role: Actor["role"]): Promise<Actor> {
  const isOperator = role.startsWith("OPERATOR_");
  const organization = isOperator ? null : await db.organization.create({ data: { legalName: `Seller ${unique()}` } });
  const user = await db.user.create({
    data: {
      email: `actor-${unique()}@firefeed.example`,
      displayName: `Actor ${role}`,
      kind: isOperator ? "OPERATOR" : "SELLER",
      role,
      organizationId: organization?.id ?? null,
    },
  });
  return {
    userId: user.id,
    sessionId: randomUUID(),
    email: user.email,
    displayName: user.displayName,
    kind: user.kind,
    role,
    organizationId: user.organizationId,
    mfaVerifiedAt: T0,
  };
}

const operatorInvite = (invitedBy: Actor, email = `op-${unique()}@firefeed.example`) =>
  ({ email, kind: "OPERATOR", role: "OPERATOR_SUPPORT", organizationId: null, invitedBy }) as const;

describe("createInvitation", () => {
  it("stores a hashed, 72-hour token, e-mails the link and audits user.invited", async () => {
    const admin = await makeActor("OPERATOR_ADMIN");
    const email = `Casey.Ops-${unique()}@FireFeed.example`;
    const req = request();
    const result = await createInvitation(operatorInvite(admin, email), req, { db, now: T0 });
    expect(result).toMatchObject({ ok: true });
    if (!result.ok) return;
    const invitation = await db.invitation.findUniqueOrThrow({ where: { id: result.invitationId } });
    expect(invitation).toMatchObject({
      email: email.toLowerCase(),
      kind: "OPERATOR",
      role: "OPERATOR_SUPPORT",
      organizationId: null,
      invitedByUserId: admin.userId,
      expiresAt: new Date(T0.getTime() + 72 * HOUR_MS),
    });
    const token = await tokenFromLastEmail(email.toLowerCase());
    expect(sent.at(-1)?.text).toContain("/invitations/accept?token=");
    expect(invitation.tokenHash).not.toContain(token);
    const audit = await db.auditEvent.findMany({ where: { requestId: req.requestId } });
    expect(audit).toEqual([expect.objectContaining({ action: "user.invited", actorUserId: admin.userId, targetId: result.invitationId })]);
  });

  it("saves the invitation and queues its e-mail; a failed delivery is retried later, not shown to the inviter", async () => {
    const admin = await makeActor("OPERATOR_ADMIN");
    const email = `retry-${unique()}@firefeed.example`;
    const result = await createInvitation(operatorInvite(admin, email), request(), { db, now: T0 });
    expect(result).toMatchObject({ ok: true });
    const queued = await db.emailOutboxMessage.findFirstOrThrow({ where: { purpose: "invitation" } });
    expect(queued).toMatchObject({ status: "PENDING", subject: "Invitation" });
    expect(JSON.stringify(queued)).not.toContain(email);

    const down = recordingDelivery(db, () => Promise.reject(Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" })));
    await down.deliverQueued();
    const retrying = await db.emailOutboxMessage.findUniqueOrThrow({ where: { id: queued.id } });
    expect(retrying).toMatchObject({ status: "PENDING", attempts: 1, lastErrorClass: "Error:ECONNREFUSED" });
    expect(retrying.nextAttemptAt.getTime()).toBeGreaterThan(Date.now());
    // Once the backoff is over, the retry goes out and the link works.
    await db.emailOutboxMessage.update({ where: { id: queued.id }, data: { nextAttemptAt: new Date(Date.now() - 1000) } });
    expect(await acceptInvitation(db, await tokenFromLastEmail(email), { displayName: "Retry Ops", password: PASSWORD }, request(), T0)).toMatchObject({
      ok: true,
    });
  });

  it("refuses shared mailboxes for operators with the agreed message", async () => {
    const admin = await makeActor("OPERATOR_ADMIN");
    for (const email of ["admin@firefeed.example", "Support+x@firefeed.example", "no-reply@firefeed.example"]) {
      const result = await createInvitation(operatorInvite(admin, email), request(), { db, now: T0 });
      expect(result).toEqual({
        ok: false,
        error: "Operator accounts must belong to a person: use an individual work address, not a shared mailbox like admin@ or support@.",
      });
    }
    expect(await db.emailOutboxMessage.count()).toBe(0);
    expect(await deliverQueued()).toHaveLength(0);
  });

  it("refuses an address that already has an account", async () => {
    const admin = await makeActor("OPERATOR_ADMIN");
    const other = await makeActor("OPERATOR_SUPPORT");
    const result = await createInvitation(operatorInvite(admin, other.email.toUpperCase()), request(), { db, now: T0 });
    expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/already exists/) });
  });

  it("only operator admins invite operators; sellers only into their own organization; roles fit the kind", async () => {
    const support = await makeActor("OPERATOR_SUPPORT");
    expect(await createInvitation(operatorInvite(support), request(), { db, now: T0 })).toMatchObject({ ok: false });

    const owner = await makeActor("SELLER_OWNER");
    const member = await makeActor("SELLER_MEMBER");
    const otherOwner = await makeActor("SELLER_OWNER");
    const sellerInvite = (invitedBy: Actor, organizationId: string | null, role: Actor["role"] = "SELLER_MEMBER") =>
      ({ email: `member-${unique()}@seller.example`, kind: "SELLER", role, organizationId, invitedBy }) as const;

    expect(await createInvitation(sellerInvite(owner, owner.organizationId), request(), { db, now: T0 })).toMatchObject({ ok: true });
    expect(await createInvitation(sellerInvite(owner, otherOwner.organizationId), request(), { db, now: T0 })).toMatchObject({ ok: false });
    expect(await createInvitation(sellerInvite(member, member.organizationId), request(), { db, now: T0 })).toMatchObject({ ok: false });
    expect(await createInvitation(sellerInvite(owner, owner.organizationId, "OPERATOR_ADMIN"), request(), { db, now: T0 })).toMatchObject({
      ok: false,
    });
    const admin = await makeActor("OPERATOR_ADMIN");
    expect(
      await createInvitation({ ...operatorInvite(admin), role: "SELLER_OWNER" }, request(), { db, now: T0 }),
    ).toMatchObject({ ok: false });
  });

  it("replaces a pending invitation for the same address in the same scope", async () => {
    const admin = await makeActor("OPERATOR_ADMIN");
    const email = `repeat-${unique()}@firefeed.example`;
    const first = await createInvitation(operatorInvite(admin, email), request(), { db, now: T0 });
    const firstToken = await tokenFromLastEmail(email);
    const second = await createInvitation(operatorInvite(admin, email), request(), { db, now: new Date(T0.getTime() + 1000) });
    expect(first.ok && second.ok).toBe(true);
    if (!first.ok || !second.ok) return;
    expect((await db.invitation.findUniqueOrThrow({ where: { id: first.invitationId } })).revokedAt).not.toBeNull();
    expect(await describeInvitation(db, firstToken, T0)).toBeNull();
    const pending = await listPendingInvitations(db, { kind: "OPERATOR" }, new Date(T0.getTime() + 2000));
    expect(pending.filter((invitation) => invitation.email === email).map((invitation) => invitation.id)).toEqual([second.invitationId]);
  });
});

describe("acceptInvitation", () => {
  async function invite() {
    const admin = await makeActor("OPERATOR_ADMIN");
    const email = `new-op-${unique()}@firefeed.example`;
    const created = await createInvitation(operatorInvite(admin, email), request(), { db, now: T0 });
    if (!created.ok) throw new Error(created.error);
    return { admin, email, invitationId: created.invitationId, token: await tokenFromLastEmail(email) };
  }

  it("creates an active, verified operator with a policy-checked password; single use; audited", async () => {
    const { email, token, invitationId } = await invite();
    const at = new Date(T0.getTime() + HOUR_MS);
    expect(await describeInvitation(db, token, at)).toMatchObject({ email, role: "OPERATOR_SUPPORT", roleLabel: "Operator: support" });

    const req = request();
    const result = await acceptInvitation(db, token, { displayName: "Robin Ops", password: PASSWORD }, req, at);
    expect(result).toMatchObject({ ok: true, data: { email } });
    const user = await db.user.findUniqueOrThrow({ where: { email } });
    expect(user).toMatchObject({ kind: "OPERATOR", role: "OPERATOR_SUPPORT", status: "ACTIVE", organizationId: null, emailVerifiedAt: at, passwordChangedAt: at });
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await db.passwordHistoryEntry.count({ where: { userId: user.id } })).toBe(1);
    expect((await db.invitation.findUniqueOrThrow({ where: { id: invitationId } })).acceptedAt).toEqual(at);
    expect(await db.auditEvent.findMany({ where: { requestId: req.requestId } })).toEqual([
      expect.objectContaining({ action: "user.invitation_accepted", actorUserId: user.id, targetId: user.id }),
    ]);

    // Replay of a used link.
    expect(await acceptInvitation(db, token, { displayName: "Robin Again", password: PASSWORD }, request(), at)).toMatchObject({ ok: false });
    expect(await describeInvitation(db, token, at)).toBeNull();
  });

  it("refuses a weak password and keeps the invitation usable", async () => {
    const { email, token } = await invite();
    const weak = await acceptInvitation(db, token, { displayName: "Weak Will", password: "Password123!" }, request(), T0);
    expect(weak).toMatchObject({ ok: false, fieldErrors: { password: expect.any(Array) } });
    expect(await db.user.count({ where: { email } })).toBe(0);
    expect(await describeInvitation(db, token, T0)).not.toBeNull();
  });

  it("refuses an expired or revoked invitation", async () => {
    const expired = await invite();
    expect(
      await acceptInvitation(db, expired.token, { displayName: "Late Lee", password: PASSWORD }, request(), new Date(T0.getTime() + 72 * HOUR_MS)),
    ).toMatchObject({ ok: false });

    const revoked = await invite();
    const req = request();
    expect(await revokeInvitation(db, revoked.invitationId, revoked.admin, req, T0)).toMatchObject({ ok: true });
    expect(await db.auditEvent.findMany({ where: { requestId: req.requestId } })).toEqual([
      expect.objectContaining({ action: "user.invitation_revoked", targetId: revoked.invitationId }),
    ]);
    expect(await acceptInvitation(db, revoked.token, { displayName: "Rev Ray", password: PASSWORD }, request(), T0)).toMatchObject({ ok: false });
  });
});

describe("revokeInvitation scope", () => {
  it("a seller owner revokes only their own organization's invitations; others get 'not found' and an access.denied audit", async () => {
    const owner = await makeActor("SELLER_OWNER");
    const otherOwner = await makeActor("SELLER_OWNER");
    const created = await createInvitation(
      { email: `teammate-${unique()}@seller.example`, kind: "SELLER", role: "SELLER_MEMBER", organizationId: owner.organizationId, invitedBy: owner },
      request(),
      { db, now: T0 },
    );
    if (!created.ok) throw new Error(created.error);

    const deniedReq = request();
    expect(await revokeInvitation(db, created.invitationId, otherOwner, deniedReq, T0)).toMatchObject({ ok: false });
    expect(await db.auditEvent.findMany({ where: { requestId: deniedReq.requestId } })).toEqual([
      expect.objectContaining({ action: "access.denied", result: "DENIED", actorUserId: otherOwner.userId }),
    ]);
    const admin = await makeActor("OPERATOR_ADMIN");
    expect(await revokeInvitation(db, created.invitationId, admin, request(), T0)).toMatchObject({ ok: false });

    expect(await listPendingInvitations(db, { kind: "SELLER", organizationId: owner.organizationId! }, T0)).toHaveLength(1);
    expect(await listPendingInvitations(db, { kind: "SELLER", organizationId: otherOwner.organizationId! }, T0)).toHaveLength(0);
    expect(await revokeInvitation(db, created.invitationId, owner, request(), T0)).toMatchObject({ ok: true });
    expect(await revokeInvitation(db, created.invitationId, owner, request(), T0)).toMatchObject({ ok: false });
    expect(await listPendingInvitations(db, { kind: "SELLER", organizationId: owner.organizationId! }, T0)).toHaveLength(0);
  });

  it("a seller member accepting joins the inviter's organization", async () => {
    const owner = await makeActor("SELLER_OWNER");
    const email = `joiner-${unique()}@seller.example`;
    const created = await createInvitation(
      { email, kind: "SELLER", role: "SELLER_MEMBER", organizationId: owner.organizationId, invitedBy: owner },
      request(),
      { db, now: T0 },
    );
    expect(created.ok).toBe(true);
    const result = await acceptInvitation(db, await tokenFromLastEmail(email), { displayName: "Jo Joiner", password: PASSWORD }, request(), T0);
    expect(result).toMatchObject({ ok: true });
    expect(await db.user.findUniqueOrThrow({ where: { email } })).toMatchObject({ kind: "SELLER", role: "SELLER_MEMBER", organizationId: owner.organizationId });
  });
});

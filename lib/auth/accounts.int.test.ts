import { randomUUID } from "node:crypto";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { hashPassword } from "@/lib/auth/password";
import { enableOutboxDeliveryAfterRequests } from "@/lib/email/outbox-delivery-trigger";
import { clearEmailOutbox, recipientOf, recordingDelivery, tokenFromLastEmail as tokenIn } from "@/test/email-outbox";
import { disconnectTestPrisma, getTestPrisma } from "@/test/db";
import { createOpaqueToken } from "@/lib/auth/tokens";

// E-mail is queued (lib/email/outbox-queue.ts) and delivered by the delivery
// job's code to a recording transport: the tests read the link (and its
// token) from what was delivered. Nothing is sent inside the functions under test.
vi.mock("@/lib/email/templates", () => ({
  verifyEmailMessage: ({ to, link }: { to: string; link: string }) => ({ to, subject: "Verify", text: `Verify: ${link}` }),
  passwordResetMessage: ({ to, link }: { to: string; link: string }) => ({ to, subject: "Reset", text: `Reset: ${link}` }),
}));

const { requestPasswordReset, resendVerification, resetPassword, setNewPassword, signUpSeller, verifyEmail, isUsableEmailToken } =
  await import("./accounts");

const db = getTestPrisma();
const { sent, deliverQueued } = recordingDelivery(db);
const DAY_MS = 24 * 60 * 60 * 1000;
const T0 = new Date("2030-01-10T12:00:00.000Z");
const STRONG = "granite-orbit-lantern-47-velvet";

afterAll(async () => {
  await disconnectTestPrisma();
});
beforeEach(async () => {
  await clearEmailOutbox(db);
  sent.length = 0;
});

const unique = () => randomUUID().slice(0, 8);
const request = () => ({ ipAddress: "203.0.113.9", userAgent: "vitest", requestId: randomUUID() });

/** Delivers the queue, then reads the token from the newest link e-mailed to `to`. */
async function tokenFromLastEmail(to: string): Promise<string> {
  await deliverQueued();
  return tokenIn(sent, to);
}

async function auditRows(requestId: string) {
  return db.auditEvent.findMany({ where: { requestId }, orderBy: { id: "asc" } });
}

async function createSeller(options: { password?: string; passwordChangedAt?: Date } = {}) {
  const org = await db.organization.create({ data: { legalName: `Org ${unique()}` } });
  const passwordHash = await hashPassword(options.password ?? STRONG);
  const user = await db.user.create({
    data: {
      email: `owner-${unique()}@seller.example`,
      displayName: "Pat Owner",
      kind: "SELLER",
      role: "SELLER_OWNER",
      organizationId: org.id,
      passwordHash,
      passwordChangedAt: options.passwordChangedAt ?? T0,
    },
  });
  await db.passwordHistoryEntry.create({ data: { userId: user.id, passwordHash, createdAt: options.passwordChangedAt ?? T0 } });
  return user;
}

describe("signUpSeller", () => {
  it("creates organization, owner, history, verification token and audit in one go, then e-mails the link", async () => {
    const email = `New.Seller-${unique()}@Example.com`;
    const req = request();
    const result = await signUpSeller(
      db,
      { organizationName: "Acme Widgets", displayName: "Sam Seller", email, password: STRONG, acceptTerms: true },
      req,
      T0,
    );
    expect(result).toMatchObject({ ok: true, message: expect.stringMatching(/Check your inbox/) });

    const user = await db.user.findUniqueOrThrow({ where: { email: email.toLowerCase() }, include: { organization: true } });
    expect(user).toMatchObject({ kind: "SELLER", role: "SELLER_OWNER", status: "ACTIVE", emailVerifiedAt: null });
    expect(user.organization?.legalName).toBe("Acme Widgets");
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    expect(user.passwordChangedAt).toEqual(T0);
    expect(await db.passwordHistoryEntry.count({ where: { userId: user.id } })).toBe(1);
    const tokens = await db.emailToken.findMany({ where: { userId: user.id } });
    expect(tokens).toHaveLength(1);
    expect(tokens[0]).toMatchObject({ purpose: "VERIFY_EMAIL", expiresAt: new Date(T0.getTime() + DAY_MS) });

    const token = await tokenFromLastEmail(email.toLowerCase());
    expect(sent.at(-1)?.text).toContain("/verify-email?token=");
    // Only the hash is stored.
    expect(tokens[0]?.tokenHash).not.toContain(token);
    expect(await auditRows(req.requestId)).toEqual([
      expect.objectContaining({ action: "auth.sign_up", result: "SUCCESS", actorUserId: user.id, targetId: user.id, organizationId: user.organizationId }),
    ]);
  });

  it("refuses a weak password or one containing the user's details, with field errors and nothing created", async () => {
    const email = `weak-${unique()}@example.com`;
    const weak = await signUpSeller(db, { organizationName: "Weak Co", displayName: "Wendy", email, password: "Password123!", acceptTerms: true }, request(), T0);
    expect(weak.ok).toBe(false);
    if (!weak.ok) expect(weak.fieldErrors?.password?.length).toBeGreaterThan(0);
    const personal = await signUpSeller(
      db,
      { organizationName: "Zanzibar Trading", displayName: "Wendy", email, password: "zanzibar-trading-orbit-91", acceptTerms: true },
      request(),
      T0,
    );
    expect(personal.ok).toBe(false);
    expect(await db.user.count({ where: { email } })).toBe(0);
    expect(await deliverQueued()).toHaveLength(0);
  });

  it("requires the data-use terms", async () => {
    const result = await signUpSeller(
      db,
      { organizationName: "No Terms", displayName: "Nia", email: `terms-${unique()}@example.com`, password: STRONG, acceptTerms: false },
      request(),
      T0,
    );
    expect(result).toMatchObject({ ok: false, fieldErrors: { acceptTerms: [expect.any(String)] } });
  });

  it("does not reveal a taken address: same answer, no second account, a notice to the owner", async () => {
    const existing = await createSeller();
    const req = request();
    const result = await signUpSeller(
      db,
      { organizationName: "Copycat Ltd", displayName: "Mallory", email: existing.email.toUpperCase(), password: STRONG, acceptTerms: true },
      req,
      T0,
    );
    expect(result).toMatchObject({ ok: true, message: expect.stringMatching(/Check your inbox/) });
    expect(await db.user.count({ where: { email: existing.email } })).toBe(1);
    expect(await db.organization.count({ where: { legalName: "Copycat Ltd" } })).toBe(0);
    // Only the notice is queued (the decoys that match a new account's work leave nothing).
    expect(await db.emailOutboxMessage.count({ where: { status: "PENDING" } })).toBe(1);
    await deliverQueued();
    expect(sent).toHaveLength(1);
    expect(sent[0]?.to).toBe(existing.email);
    expect(sent[0]?.text).not.toMatch(/token=/);
    expect(await auditRows(req.requestId)).toEqual([expect.objectContaining({ action: "auth.sign_up", result: "FAILURE", targetId: existing.id })]);
  });
});

describe("verifyEmail", () => {
  async function signUp() {
    const email = `verify-${unique()}@example.com`;
    await signUpSeller(db, { organizationName: "Verify Co", displayName: "Val", email, password: STRONG, acceptTerms: true }, request(), T0);
    return { email, token: await tokenFromLastEmail(email) };
  }

  it("verifies once; a replay is refused", async () => {
    const { email, token } = await signUp();
    expect(await isUsableEmailToken(db, token, "VERIFY_EMAIL", T0)).toBe(true);
    const req = request();
    expect(await verifyEmail(db, token, req, new Date(T0.getTime() + 60_000))).toMatchObject({ ok: true });
    const user = await db.user.findUniqueOrThrow({ where: { email } });
    expect(user.emailVerifiedAt).toEqual(new Date(T0.getTime() + 60_000));
    expect(await auditRows(req.requestId)).toEqual([expect.objectContaining({ action: "auth.email_verified", targetId: user.id })]);

    expect(await verifyEmail(db, token, request(), new Date(T0.getTime() + 120_000))).toMatchObject({ ok: false });
    expect(await isUsableEmailToken(db, token, "VERIFY_EMAIL", T0)).toBe(false);
  });

  it("refuses an expired link and an unknown one", async () => {
    const { email, token } = await signUp();
    expect(await verifyEmail(db, token, request(), new Date(T0.getTime() + DAY_MS))).toMatchObject({ ok: false });
    expect(await verifyEmail(db, "not-a-real-token", request(), T0)).toMatchObject({ ok: false });
    expect((await db.user.findUniqueOrThrow({ where: { email } })).emailVerifiedAt).toBeNull();
  });

  it("resendVerification replaces the link and stays silent for unknown addresses", async () => {
    const { email, token: first } = await signUp();
    await resendVerification(db, email, new Date(T0.getTime() + 1000));
    const second = await tokenFromLastEmail(email);
    expect(second).not.toBe(first);
    expect(await verifyEmail(db, first, request(), new Date(T0.getTime() + 2000))).toMatchObject({ ok: false });
    expect(await verifyEmail(db, second, request(), new Date(T0.getTime() + 2000))).toMatchObject({ ok: true });

    sent.length = 0;
    await expect(resendVerification(db, `nobody-${unique()}@example.com`, T0)).resolves.toBeUndefined();
    await resendVerification(db, email, T0); // already verified: nothing to send
    expect(await deliverQueued()).toHaveLength(0);
  });
});

describe("password reset", () => {
  it("answers the same for unknown addresses, audits both, and only e-mails a real account", async () => {
    const user = await createSeller();
    const unknownReq = request();
    await expect(requestPasswordReset(`ghost-${unique()}@example.com`, unknownReq, { db, now: T0 })).resolves.toBeUndefined();
    expect(await db.emailOutboxMessage.count()).toBe(0);
    expect(await deliverQueued()).toHaveLength(0);
    expect(await auditRows(unknownReq.requestId)).toEqual([
      expect.objectContaining({ action: "auth.password_reset_requested", result: "FAILURE", targetId: null }),
    ]);

    const knownReq = request();
    await expect(requestPasswordReset(user.email, knownReq, { db, now: T0 })).resolves.toBeUndefined();
    expect(await db.emailOutboxMessage.count({ where: { status: "PENDING", purpose: "password-reset" } })).toBe(1);
    expect(sent).toHaveLength(0); // queued, not sent by the request
    await deliverQueued();
    expect(sent).toHaveLength(1);
    expect(sent[0]?.text).toContain("/reset-password?token=");
    expect(await auditRows(knownReq.requestId)).toEqual([
      expect.objectContaining({ action: "auth.password_reset_requested", result: "SUCCESS", targetId: user.id }),
    ]);
    const token = await db.emailToken.findFirstOrThrow({ where: { userId: user.id, purpose: "RESET_PASSWORD" } });
    expect(token.expiresAt).toEqual(new Date(T0.getTime() + 60 * 60_000));
  });

  it("sends no link to a deactivated account", async () => {
    const user = await createSeller();
    await db.user.update({ where: { id: user.id }, data: { status: "DEACTIVATED", deactivatedAt: T0 } });
    await requestPasswordReset(user.email, request(), { db, now: T0 });
    expect(await deliverQueued()).toHaveLength(0);
  });

  it("answers for known and unknown addresses without waiting for SMTP, even when SMTP hangs", async () => {
    const user = await createSeller();
    const ghost = `ghost-${unique()}@example.com`;
    const smtpCalls: string[] = [];
    let answerSmtp!: () => void;
    const smtpAnswers = new Promise<void>((resolve) => (answerSmtp = resolve));
    // A transport that never answers until the test lets it, delivered promptly after each request.
    const hanging = recordingDelivery(db, async (message) => {
      smtpCalls.push(recipientOf(message));
      await smtpAnswers;
      return { messageId: "<hanging@outbox.test>" };
    });
    const trigger = enableOutboxDeliveryAfterRequests(db, hanging.delivery, { delayMs: 0 });
    try {
      await requestPasswordReset(user.email, request(), { db, now: T0 });
      expect(smtpCalls).toEqual([]); // the request answered without calling SMTP
      await requestPasswordReset(ghost, request(), { db, now: T0 });
      await resendVerification(db, ghost, T0);
      // After the answers, the prompt delivery speaks to (the hanging) SMTP, for the real account only.
      await vi.waitFor(() => expect(smtpCalls).toEqual([user.email]), { timeout: 10_000, interval: 20 });
      // Another request answers while that SMTP conversation is still open.
      await requestPasswordReset(ghost, request(), { db, now: T0 });
    } finally {
      answerSmtp();
      await trigger.stop();
    }
    expect(smtpCalls).toEqual([user.email]);
    expect(await db.emailOutboxMessage.count({ where: { status: "SENT" } })).toBe(1);
  });

  it("a new request invalidates the previous link", async () => {
    const user = await createSeller();
    await requestPasswordReset(user.email, request(), { db, now: T0 });
    const first = await tokenFromLastEmail(user.email);
    await requestPasswordReset(user.email, request(), { db, now: new Date(T0.getTime() + 1000) });
    const second = await tokenFromLastEmail(user.email);
    expect(await resetPassword(db, first, "another-fresh-passphrase-82", request(), new Date(T0.getTime() + 2000))).toMatchObject({ ok: false });
    expect(await isUsableEmailToken(db, second, "RESET_PASSWORD", new Date(T0.getTime() + 2000))).toBe(true);
  });

  it("sets the password, clears the lockout, revokes every session, audits; the link is single use", async () => {
    const user = await createSeller();
    await db.user.update({ where: { id: user.id }, data: { failedSignInCount: 4, lockoutCount: 2, lockedUntil: new Date(T0.getTime() + DAY_MS) } });
    const sessions = await Promise.all(
      [0, 1].map(() => db.session.create({ data: { userId: user.id, tokenHash: createOpaqueToken().tokenHash, expiresAt: new Date(T0.getTime() + DAY_MS) } })),
    );
    await requestPasswordReset(user.email, request(), { db, now: T0 });
    const token = await tokenFromLastEmail(user.email);
    const at = new Date(T0.getTime() + 5 * 60_000); // minutes after the last change: no minimum age for a reset
    const req = request();
    const result = await resetPassword(db, token, "cobalt-meadow-quartz-trumpet-3", req, at);
    expect(result).toMatchObject({ ok: true });

    const after = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(after.passwordHash).not.toBe(user.passwordHash);
    expect(after.passwordChangedAt).toEqual(at);
    expect(after).toMatchObject({ failedSignInCount: 0, lockoutCount: 0, lockedUntil: null });
    expect(await db.passwordHistoryEntry.count({ where: { userId: user.id } })).toBe(2);
    const revoked = await db.session.findMany({ where: { id: { in: sessions.map((session) => session.id) } } });
    expect(revoked.every((session) => session.revokedAt?.getTime() === at.getTime() && session.revokedReason === "password reset")).toBe(true);
    expect(await auditRows(req.requestId)).toEqual([
      expect.objectContaining({ action: "auth.password_reset", result: "SUCCESS", targetId: user.id, details: { sessionsRevoked: 2 } }),
    ]);

    expect(await resetPassword(db, token, "yet-another-passphrase-tulip-5", request(), at)).toMatchObject({ ok: false });
  });

  it("refuses a reused password (history) and keeps the link usable", async () => {
    const user = await createSeller({ password: STRONG });
    await requestPasswordReset(user.email, request(), { db, now: T0 });
    const token = await tokenFromLastEmail(user.email);
    const result = await resetPassword(db, token, STRONG, request(), new Date(T0.getTime() + 1000));
    expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/not used before/) });
    expect(await isUsableEmailToken(db, token, "RESET_PASSWORD", new Date(T0.getTime() + 1000))).toBe(true);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash).toBe(user.passwordHash);
  });

  it("refuses an expired link", async () => {
    const user = await createSeller();
    await requestPasswordReset(user.email, request(), { db, now: T0 });
    const token = await tokenFromLastEmail(user.email);
    expect(await resetPassword(db, token, "cobalt-meadow-quartz-trumpet-3", request(), new Date(T0.getTime() + 61 * 60_000))).toMatchObject({
      ok: false,
    });
  });
});

describe("setNewPassword", () => {
  it("enforces the minimum age for a change, then allows it after a day", async () => {
    const user = await createSeller({ passwordChangedAt: T0 });
    const early = await db.$transaction((tx) => setNewPassword(tx, user.id, "harbor-violet-engine-2041-x", "change", { now: new Date(T0.getTime() + DAY_MS - 1000) }));
    expect(early).toMatchObject({ ok: false, error: expect.stringMatching(/less than 1 day ago/) });
    const later = await db.$transaction((tx) => setNewPassword(tx, user.id, "harbor-violet-engine-2041-x", "change", { now: new Date(T0.getTime() + DAY_MS) }));
    expect(later).toMatchObject({ ok: true });
  });

  it("refuses any of the last passwords on a change, and keeps the history bounded", async () => {
    const user = await createSeller({ password: STRONG, passwordChangedAt: T0 });
    const passwords = Array.from({ length: 11 }, (_, index) => `tidal-copper-${index}-meadow-lantern`);
    let now = T0;
    for (const password of passwords) {
      now = new Date(now.getTime() + 2 * DAY_MS);
      const result = await db.$transaction((tx) => setNewPassword(tx, user.id, password, "change", { now }), { timeout: 30_000 });
      expect(result).toMatchObject({ ok: true });
    }
    expect(await db.passwordHistoryEntry.count({ where: { userId: user.id } })).toBe(10);
    now = new Date(now.getTime() + 2 * DAY_MS);
    const reused = await db.$transaction((tx) => setNewPassword(tx, user.id, passwords[3]!, "change", { now }), { timeout: 30_000 });
    expect(reused).toMatchObject({ ok: false, error: expect.stringMatching(/last 10/) });
    // The 11th most recent (the original) has left the history.
    const old = await db.$transaction((tx) => setNewPassword(tx, user.id, STRONG, "change", { now }), { timeout: 30_000 });
    expect(old).toMatchObject({ ok: true });
  });
});

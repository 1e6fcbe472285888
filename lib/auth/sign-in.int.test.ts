// The password step on a real database: same answer for unknown e-mail and
// wrong password, lockout after 5 failures with growing duration, rate
// limits, audit rows in the same transaction.
import { afterAll, describe, expect, it, vi } from "vitest";
import { createOrganization, createUser, DEFAULT_TEST_PASSWORD, testRequest } from "@/test/factories";
import { disconnectTestPrisma, getTestPrisma } from "@/test/db";
import type { RateLimitName } from "@/lib/rate-limit";
import { GENERIC_SIGN_IN_ERROR, PASSWORD_EXPIRED_MESSAGE, startPasswordStep, type SignInDependencies } from "./sign-in";
import { hashOpaqueToken } from "./tokens";

const db = getTestPrisma();
afterAll(async () => disconnectTestPrisma());

const MINUTE = 60_000;
const T0 = new Date(Date.now() + 60 * MINUTE); // after the factories' "now", so their timestamps are in the past

function deps(overrides: Partial<SignInDependencies> = {}): SignInDependencies & { resets: string[] } {
  const resets: string[] = [];
  return {
    consumeRateLimit: () => Promise.resolve({ allowed: true }),
    resetRateLimit: (name: RateLimitName) => {
      resets.push(name);
      return Promise.resolve();
    },
    requestPasswordReset: vi.fn(() => Promise.resolve()),
    resendVerification: vi.fn(() => Promise.resolve()),
    settings: { lockoutThreshold: 5, lockoutBaseMinutes: 15, passwordMaxAgeDays: 365, passwordMinAgeDays: 1 },
    resets,
    ...overrides,
  };
}

async function seller(overrides: Parameters<typeof createUser>[1] extends infer I ? Partial<I> : never = {}) {
  const org = await createOrganization(db);
  return createUser(db, { role: "SELLER_OWNER", organizationId: org.id, ...overrides });
}

const audits = (requestId: string) => db.auditEvent.findMany({ where: { requestId }, orderBy: { id: "asc" } });

describe("startPasswordStep", () => {
  it("answers an unknown e-mail and a wrong password identically, and audits both", async () => {
    const user = await seller();
    const unknownRequest = testRequest();
    const wrongRequest = testRequest();
    const unknown = await startPasswordStep(db, { email: "nobody-here@example.test", password: "whatever-123" }, unknownRequest, T0, deps());
    const wrong = await startPasswordStep(db, { email: user.email, password: "not the password" }, wrongRequest, T0, deps());
    expect(unknown).toEqual({ ok: false, reason: "invalid-credentials", error: GENERIC_SIGN_IN_ERROR });
    expect(wrong).toEqual(unknown);
    expect((await audits(unknownRequest.requestId)).map((row) => [row.action, row.result])).toEqual([["auth.sign_in_failed", "FAILURE"]]);
    const wrongRows = await audits(wrongRequest.requestId);
    expect(wrongRows.map((row) => [row.action, row.actorUserId])).toEqual([["auth.sign_in_failed", user.id]]);
    expect(JSON.stringify(wrongRows[0]?.details)).not.toContain("not the password");
  });

  it("takes similar time for an unknown e-mail and a wrong password (dummy hash work)", async () => {
    const user = await seller();
    // Warm up the dummy hash once.
    await startPasswordStep(db, { email: "warm-up@example.test", password: "x" }, testRequest(), T0, deps());
    const time = async (email: string) => {
      const started = performance.now();
      await startPasswordStep(db, { email, password: "wrong-password-1" }, testRequest(), T0, deps());
      return performance.now() - started;
    };
    const unknown = await time("nobody-else@example.test");
    const wrong = await time(user.email);
    // The factories hash with a low argon2 cost, the dummy uses the real one: unknown is never the FAST path.
    expect(unknown).toBeGreaterThan(wrong * 0.5);
  });

  it("locks after 5 wrong passwords, refuses even the right one while locked, and doubles the next lockout", async () => {
    const user = await seller();
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      await startPasswordStep(db, { email: user.email, password: "wrong" }, testRequest(), T0, deps());
    }
    const fifthRequest = testRequest();
    await startPasswordStep(db, { email: user.email, password: "wrong" }, fifthRequest, T0, deps());
    const locked = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(locked.lockedUntil?.getTime()).toBe(T0.getTime() + 15 * MINUTE);
    expect(locked.lockoutCount).toBe(1);
    expect((await audits(fifthRequest.requestId)).map((row) => row.action)).toEqual(["auth.sign_in_failed", "auth.lockout"]);

    // The right password during the lockout: same generic answer, no challenge.
    const whileLocked = await startPasswordStep(db, { email: user.email, password: DEFAULT_TEST_PASSWORD }, testRequest(), new Date(T0.getTime() + 14 * MINUTE), deps());
    expect(whileLocked).toMatchObject({ ok: false, reason: "locked", error: GENERIC_SIGN_IN_ERROR });
    expect(await db.mfaChallenge.count({ where: { userId: user.id } })).toBe(0);

    // After it expires, five more failures lock for twice as long.
    const later = new Date(T0.getTime() + 16 * MINUTE);
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      await startPasswordStep(db, { email: user.email, password: "wrong" }, testRequest(), later, deps());
    }
    const lockedAgain = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(lockedAgain.lockedUntil?.getTime()).toBe(later.getTime() + 30 * MINUTE);
    expect(lockedAgain.lockoutCount).toBe(2);
  });

  it("answers 429-like with a retry time when a rate limit blocks, before touching the account", async () => {
    const user = await seller();
    const blocked = deps({
      consumeRateLimit: (name) =>
        Promise.resolve(name === "sign-in:ip" ? { allowed: false, retryAfterSeconds: 600 } : { allowed: true }),
    });
    const result = await startPasswordStep(db, { email: user.email, password: DEFAULT_TEST_PASSWORD }, testRequest(), T0, blocked);
    expect(result).toEqual({ ok: false, reason: "rate-limited", error: "Too many attempts. Try again in 10 minutes.", retryAfterSeconds: 600 });
    expect(await db.mfaChallenge.count({ where: { userId: user.id } })).toBe(0);
  });

  it("opens a VERIFY challenge for an enrolled user: hash stored, 10 minutes, bound to the IP; counters reset", async () => {
    const user = await seller();
    await db.user.update({ where: { id: user.id }, data: { failedSignInCount: 3 } });
    const request = testRequest();
    const dependencies = deps();
    const result = await startPasswordStep(db, { email: `  ${user.email.toUpperCase()} `, password: DEFAULT_TEST_PASSWORD }, request, T0, dependencies);
    if (!result.ok) throw new Error(result.error);
    expect(result.purpose).toBe("VERIFY");
    const challenge = await db.mfaChallenge.findUniqueOrThrow({ where: { tokenHash: hashOpaqueToken(result.challengeToken) } });
    expect(challenge).toMatchObject({ userId: user.id, purpose: "VERIFY", ipAddress: request.ipAddress, consumedAt: null });
    expect(challenge.expiresAt.getTime()).toBe(T0.getTime() + 10 * MINUTE);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).failedSignInCount).toBe(0);
    expect(dependencies.resets).toContain("sign-in:account");
  });

  it("opens an ENROLL challenge with an encrypted candidate secret for a user without MFA", async () => {
    const user = await seller({ mfaEnrolled: false });
    const result = await startPasswordStep(db, { email: user.email, password: DEFAULT_TEST_PASSWORD }, testRequest(), T0, deps());
    if (!result.ok) throw new Error(result.error);
    expect(result.purpose).toBe("ENROLL");
    const challenge = await db.mfaChallenge.findUniqueOrThrow({ where: { tokenHash: hashOpaqueToken(result.challengeToken) } });
    expect(challenge.pendingTotpSecretCiphertext).toBeTruthy();
    expect(challenge.pendingTotpSecretCiphertext).not.toMatch(/^[A-Z2-7]{32}$/);
  });

  it("refuses an expired password and sends a reset link instead", async () => {
    const user = await seller({ passwordChangedAt: new Date(T0.getTime() - 400 * 24 * 60 * MINUTE) });
    const dependencies = deps();
    const result = await startPasswordStep(db, { email: user.email, password: DEFAULT_TEST_PASSWORD }, testRequest(), T0, dependencies);
    expect(result).toMatchObject({ ok: false, reason: "password-expired", error: PASSWORD_EXPIRED_MESSAGE });
    expect(dependencies.requestPasswordReset).toHaveBeenCalledWith(user.email, expect.anything());
  });

  it("refuses deactivated and invited users", async () => {
    const deactivated = await seller({ status: "DEACTIVATED" });
    const invited = await seller({ status: "INVITED", password: null });
    const first = await startPasswordStep(db, { email: deactivated.email, password: DEFAULT_TEST_PASSWORD }, testRequest(), T0, deps());
    expect(first).toMatchObject({ ok: false, reason: "inactive" });
    const second = await startPasswordStep(db, { email: invited.email, password: DEFAULT_TEST_PASSWORD }, testRequest(), T0, deps());
    expect(second).toMatchObject({ ok: false, error: GENERIC_SIGN_IN_ERROR });
  });
});

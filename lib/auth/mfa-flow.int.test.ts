// MFA on a real database: enrollment, verify (valid, replay refused, 5 wrong
// codes kill the challenge), recovery codes (single use), step-up; audit rows.
import { Secret, TOTP } from "otpauth";
import { afterAll, describe, expect, it } from "vitest";
import { createOrganization, createUser, DEFAULT_TEST_PASSWORD, testRequest } from "@/test/factories";
import { disconnectTestPrisma, getTestPrisma } from "@/test/db";
import { decryptField, encryptField } from "@/lib/crypto/field-encryption";
import { generateTotpSecret } from "./mfa/totp";
import {
  CHALLENGE_GONE_MESSAGE,
  confirmEnrollment,
  getEnrollmentDetails,
  recoveryCodeSignInOf,
  regenerateRecoveryCodes,
  replaceRecoveryCodes,
  stepUpWithTotp,
  verifyMfaChallenge,
} from "./mfa-flow";
import { startPasswordStep, type SignInDependencies } from "./sign-in";

const db = getTestPrisma();
afterAll(async () => disconnectTestPrisma());

const MINUTE = 60_000;
const T0 = new Date(Math.floor((Date.now() + 60 * MINUTE) / 30_000) * 30_000 + 5_000); // 5 s into a TOTP step
const allow = () => Promise.resolve({ allowed: true as const });
const mfaDeps = { consumeRateLimit: allow };
const passwordDeps: SignInDependencies = {
  consumeRateLimit: allow,
  resetRateLimit: () => Promise.resolve(),
  requestPasswordReset: () => Promise.resolve(),
  resendVerification: () => Promise.resolve(),
  settings: { lockoutThreshold: 5, lockoutBaseMinutes: 15, passwordMaxAgeDays: 365, passwordMinAgeDays: 1 },
};

const codeAt = (secret: string, at: Date) =>
  new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: "SHA1" }).generate({ timestamp: at.getTime() });
const audits = (requestId: string) => db.auditEvent.findMany({ where: { requestId }, orderBy: { id: "asc" } });

/** An enrolled seller with a real, encrypted TOTP secret. */
async function enrolledSeller() {
  const org = await createOrganization(db);
  const user = await createUser(db, { role: "SELLER_OWNER", organizationId: org.id });
  const secret = generateTotpSecret();
  const ciphertext = await encryptField(secret, { table: "users", column: "totp_secret_ciphertext", recordId: user.id });
  await db.user.update({ where: { id: user.id }, data: { totpSecretCiphertext: ciphertext, totpLastUsedStep: null } });
  return { user, secret };
}

async function passwordStep(email: string, request = testRequest(), now = T0) {
  const result = await startPasswordStep(db, { email, password: DEFAULT_TEST_PASSWORD }, request, now, passwordDeps);
  if (!result.ok) throw new Error(result.error);
  return { token: result.challengeToken, request };
}

describe("verifyMfaChallenge", () => {
  it("accepts a valid code once: consumes the challenge, opens a session, audits mfa_verified + sign_in", async () => {
    const { user, secret } = await enrolledSeller();
    const { token, request } = await passwordStep(user.email);
    const result = await verifyMfaChallenge(db, { challengeToken: token, code: codeAt(secret, T0) }, request, T0, mfaDeps);
    if (!result.ok) throw new Error(result.error);
    const session = await db.session.findUniqueOrThrow({ where: { id: result.sessionId } });
    expect(session).toMatchObject({ userId: user.id, revokedAt: null, ipAddress: request.ipAddress });
    expect(session.mfaVerifiedAt?.getTime()).toBe(T0.getTime());
    expect((await audits(request.requestId)).map((row) => row.action)).toEqual(["auth.mfa_verified", "auth.sign_in"]);
    // The challenge is single use.
    const again = await verifyMfaChallenge(db, { challengeToken: token, code: codeAt(secret, T0) }, request, T0, mfaDeps);
    expect(again).toMatchObject({ ok: false, challengeGone: true });
  });

  it("refuses a replayed code (same step) on a new challenge, and accepts the next step's code", async () => {
    const { user, secret } = await enrolledSeller();
    const first = await passwordStep(user.email);
    expect((await verifyMfaChallenge(db, { challengeToken: first.token, code: codeAt(secret, T0) }, first.request, T0, mfaDeps)).ok).toBe(true);

    const second = await passwordStep(user.email);
    const replay = await verifyMfaChallenge(db, { challengeToken: second.token, code: codeAt(secret, T0) }, second.request, T0, mfaDeps);
    expect(replay).toMatchObject({ ok: false });
    expect((await audits(second.request.requestId)).map((row) => [row.action, (row.details as { method?: string }).method])).toEqual([
      ["auth.mfa_failed", "totp-replayed"],
    ]);
    const later = new Date(T0.getTime() + 30_000);
    const next = await verifyMfaChallenge(db, { challengeToken: second.token, code: codeAt(secret, later) }, second.request, later, mfaDeps);
    expect(next.ok).toBe(true);
  });

  it("lets only one of two concurrent requests with the same code through", async () => {
    const { user, secret } = await enrolledSeller();
    const a = await passwordStep(user.email);
    // A second browser: its own challenge (opening it closed the first one, so re-open the first).
    const b = await passwordStep(user.email);
    await db.mfaChallenge.updateMany({ where: { userId: user.id }, data: { consumedAt: null } });
    const code = codeAt(secret, T0);
    const results = await Promise.all([
      verifyMfaChallenge(db, { challengeToken: a.token, code }, a.request, T0, mfaDeps),
      verifyMfaChallenge(db, { challengeToken: b.token, code }, b.request, T0, mfaDeps),
    ]);
    expect(results.filter((result) => result.ok)).toHaveLength(1);
  });

  it("kills the challenge after 5 wrong codes", async () => {
    const { user, secret } = await enrolledSeller();
    const { token, request } = await passwordStep(user.email);
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      expect(await verifyMfaChallenge(db, { challengeToken: token, code: "000000" }, request, T0, mfaDeps)).toMatchObject({ ok: false });
    }
    const fifth = await verifyMfaChallenge(db, { challengeToken: token, code: "000000" }, request, T0, mfaDeps);
    expect(fifth).toEqual({ ok: false, error: CHALLENGE_GONE_MESSAGE, challengeGone: true });
    const valid = await verifyMfaChallenge(db, { challengeToken: token, code: codeAt(secret, T0) }, request, T0, mfaDeps);
    expect(valid).toMatchObject({ ok: false, challengeGone: true });
    expect((await audits(request.requestId)).filter((row) => row.action === "auth.mfa_failed")).toHaveLength(5);
  });

  it("refuses a challenge from another IP, and an expired one", async () => {
    const { user, secret } = await enrolledSeller();
    const { token, request } = await passwordStep(user.email);
    const otherIp = { ...request, ipAddress: "192.0.2.99" };
    expect(await verifyMfaChallenge(db, { challengeToken: token, code: codeAt(secret, T0) }, otherIp, T0, mfaDeps)).toMatchObject({ challengeGone: true });
    const late = new Date(T0.getTime() + 11 * MINUTE);
    expect(await verifyMfaChallenge(db, { challengeToken: token, code: codeAt(secret, late) }, request, late, mfaDeps)).toMatchObject({ challengeGone: true });
  });

  it("honours the mfa:account rate limit", async () => {
    const { user, secret } = await enrolledSeller();
    const { token, request } = await passwordStep(user.email);
    const blocked = { consumeRateLimit: () => Promise.resolve({ allowed: false as const, retryAfterSeconds: 120 }) };
    const result = await verifyMfaChallenge(db, { challengeToken: token, code: codeAt(secret, T0) }, request, T0, blocked);
    expect(result).toEqual({ ok: false, error: "Too many attempts. Try again in 2 minutes.", retryAfterSeconds: 120 });
  });
});

describe("recovery codes", () => {
  it("sign in once per code; a used code is refused; use is audited", async () => {
    const { user } = await enrolledSeller();
    const codes = await db.$transaction((tx) => replaceRecoveryCodes(tx, user.id, T0));
    expect(codes).toHaveLength(10);
    const stored = await db.recoveryCode.findMany({ where: { userId: user.id } });
    expect(stored.every((row) => !codes.some((code) => row.codeHash.includes(code)))).toBe(true);

    const first = await passwordStep(user.email);
    const ok = await verifyMfaChallenge(db, { challengeToken: first.token, recoveryCode: codes[0]!.toUpperCase() }, first.request, T0, mfaDeps);
    expect(ok.ok).toBe(true);
    expect((await audits(first.request.requestId)).map((row) => row.action)).toEqual(["auth.recovery_code_used", "auth.mfa_verified", "auth.sign_in"]);

    const second = await passwordStep(user.email);
    const reused = await verifyMfaChallenge(db, { challengeToken: second.token, recoveryCode: codes[0]! }, second.request, T0, mfaDeps);
    expect(reused).toMatchObject({ ok: false });
    const other = await verifyMfaChallenge(db, { challengeToken: second.token, recoveryCode: codes[1]! }, second.request, T0, mfaDeps);
    expect(other.ok).toBe(true);
  });

  it("says how many codes are left after each use, for the session the code opened only (issue 11)", async () => {
    const { user, secret } = await enrolledSeller();
    const codes = await db.$transaction((tx) => replaceRecoveryCodes(tx, user.id, T0));

    const first = await passwordStep(user.email);
    const one = await verifyMfaChallenge(db, { challengeToken: first.token, recoveryCode: codes[0]! }, first.request, T0, mfaDeps);
    if (!one.ok) throw new Error(one.error);
    expect(one.recoveryCodesLeft).toBe(9);
    expect(await recoveryCodeSignInOf(db, { sessionId: one.sessionId, userId: user.id })).toEqual({ codesLeft: 9 });

    const second = await passwordStep(user.email);
    const two = await verifyMfaChallenge(db, { challengeToken: second.token, recoveryCode: codes[5]! }, second.request, T0, mfaDeps);
    if (!two.ok) throw new Error(two.error);
    expect(two.recoveryCodesLeft).toBe(8);
    // The count is read when asked: the first session now sees 8 as well.
    expect(await recoveryCodeSignInOf(db, { sessionId: one.sessionId, userId: user.id })).toEqual({ codesLeft: 8 });
    // A refused code changes nothing.
    const third = await passwordStep(user.email);
    expect(await verifyMfaChallenge(db, { challengeToken: third.token, recoveryCode: codes[5]! }, third.request, T0, mfaDeps)).toMatchObject({ ok: false });
    expect(await recoveryCodeSignInOf(db, { sessionId: two.sessionId, userId: user.id })).toEqual({ codesLeft: 8 });

    // A session opened with the authenticator app was not opened with a code; nor is another user's session this user's.
    const withApp = await verifyMfaChallenge(db, { challengeToken: third.token, code: codeAt(secret, T0) }, third.request, T0, mfaDeps);
    if (!withApp.ok) throw new Error(withApp.error);
    expect(withApp.recoveryCodesLeft).toBeUndefined();
    expect(await recoveryCodeSignInOf(db, { sessionId: withApp.sessionId, userId: user.id })).toBeNull();
    const { user: other } = await enrolledSeller();
    expect(await recoveryCodeSignInOf(db, { sessionId: one.sessionId, userId: other.id })).toBeNull();
  });

  it("regenerating replaces every earlier code", async () => {
    const { user } = await enrolledSeller();
    const old = await db.$transaction((tx) => replaceRecoveryCodes(tx, user.id, T0));
    const request = testRequest();
    const fresh = await regenerateRecoveryCodes(db, user.id, request, T0);
    expect(fresh.some((code) => old.includes(code))).toBe(false);
    const { token, request: signInRequest } = await passwordStep(user.email);
    expect(await verifyMfaChallenge(db, { challengeToken: token, recoveryCode: old[0]! }, signInRequest, T0, mfaDeps)).toMatchObject({ ok: false });
    expect((await audits(request.requestId)).map((row) => row.action)).toEqual(["auth.recovery_codes_regenerated"]);
  });
});

describe("enrollment", () => {
  it("shows the pending secret, activates it on the first valid code, returns 10 codes once", async () => {
    const org = await createOrganization(db);
    const user = await createUser(db, { role: "OPERATOR_ADMIN", organizationId: org.id, mfaEnrolled: false });
    const { token, request } = await passwordStep(user.email);
    const details = await getEnrollmentDetails(db, token, request, T0);
    if (!details) throw new Error("no enrollment details");
    expect(details.qrCodeSvg).toContain("<svg");
    expect(await confirmEnrollment(db, { challengeToken: token, code: "123456" }, request, T0, mfaDeps)).toMatchObject({ ok: false });
    const result = await confirmEnrollment(db, { challengeToken: token, code: codeAt(details.secret, T0) }, request, T0, mfaDeps);
    if (!result.ok) throw new Error(result.error);
    expect(result.recoveryCodes).toHaveLength(10);
    const enrolled = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(enrolled.mfaEnrolledAt?.getTime()).toBe(T0.getTime());
    expect(enrolled.totpSecretCiphertext).not.toContain(details.secret);
    expect(await decryptField(enrolled.totpSecretCiphertext!, { table: "users", column: "totp_secret_ciphertext", recordId: user.id })).toBe(details.secret);
    expect(await db.recoveryCode.count({ where: { userId: user.id, usedAt: null } })).toBe(10);
    expect((await audits(request.requestId)).map((row) => row.action)).toEqual(["auth.mfa_failed", "auth.mfa_enrolled", "auth.mfa_verified", "auth.sign_in"]);
    // The enrollment code cannot be replayed to sign in.
    const next = await passwordStep(user.email);
    expect(next.token).toBeTruthy();
    expect(await verifyMfaChallenge(db, { challengeToken: next.token, code: codeAt(details.secret, T0) }, next.request, T0, mfaDeps)).toMatchObject({ ok: false });
  });
});

describe("stepUpWithTotp", () => {
  it("refreshes the session's mfa_verified_at with a fresh code, refuses a replay, audits", async () => {
    const { user, secret } = await enrolledSeller();
    const { token, request } = await passwordStep(user.email);
    const signedIn = await verifyMfaChallenge(db, { challengeToken: token, code: codeAt(secret, T0) }, request, T0, mfaDeps);
    if (!signedIn.ok) throw new Error(signedIn.error);
    const later = new Date(T0.getTime() + 10 * MINUTE);
    const replay = await stepUpWithTotp(db, { sessionId: signedIn.sessionId, userId: user.id, code: codeAt(secret, T0) }, request, later, mfaDeps);
    expect(replay.ok).toBe(false);
    const stepRequest = testRequest();
    const ok = await stepUpWithTotp(db, { sessionId: signedIn.sessionId, userId: user.id, code: codeAt(secret, later) }, stepRequest, later, mfaDeps);
    expect(ok).toEqual({ ok: true });
    expect((await db.session.findUniqueOrThrow({ where: { id: signedIn.sessionId } })).mfaVerifiedAt?.getTime()).toBe(later.getTime());
    expect((await audits(stepRequest.requestId)).map((row) => row.action)).toEqual(["auth.step_up"]);
    const again = await stepUpWithTotp(db, { sessionId: signedIn.sessionId, userId: user.id, code: codeAt(secret, later) }, stepRequest, later, mfaDeps);
    expect(again.ok).toBe(false);
  });
});

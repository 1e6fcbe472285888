"use server";
// Sign-in server actions: thin wrappers over lib/auth/sign-in.ts and
// lib/auth/mfa-flow.ts (which hold the rules and are integration-tested).
import { redirect } from "next/navigation";
import { z } from "zod";
import { requestPasswordReset, resendVerification } from "@/lib/auth/accounts";
import { defineAction } from "@/lib/auth/define-action";
import { confirmEnrollment, verifyMfaChallenge } from "@/lib/auth/mfa-flow";
import { postSignInPath, safeNextPath } from "@/lib/auth/safe-next";
import { clearMfaChallengeCookie, issueSessionCookie, readMfaChallengeCookie, setMfaChallengeCookie } from "@/lib/auth/session-token";
import { passwordStepInputSchema, signInSettingsFromEnv, startPasswordStep } from "@/lib/auth/sign-in";
import { getPrisma } from "@/lib/db/client";
import { consumeRateLimit, refundRateLimit, resetRateLimit } from "@/lib/rate-limit";
import { returnPath, secretText, singleLineText } from "@/lib/validation/input";

const nextField = returnPath.optional();

function withNext(path: string, next: string | undefined): string {
  const safe = safeNextPath(next);
  return safe ? `${path}?next=${encodeURIComponent(safe)}` : path;
}

export const startSignIn = defineAction({
  name: "auth.start-sign-in",
  access: "public",
  input: passwordStepInputSchema.extend({ next: nextField }),
  handler: async (input, { request }) => {
    const result = await startPasswordStep(getPrisma(), input, request, new Date(), {
      consumeRateLimit,
      resetRateLimit,
      refundRateLimit,
      requestPasswordReset: (email, meta) => requestPasswordReset(email, meta),
      resendVerification: (email) => resendVerification(getPrisma(), email),
      settings: signInSettingsFromEnv(),
    });
    if (!result.ok) return { ok: false, error: result.error, retryAfterSeconds: result.retryAfterSeconds };
    await setMfaChallengeCookie(result.challengeToken);
    redirect(withNext(result.purpose === "VERIFY" ? "/sign-in/verify" : "/sign-in/enroll", input.next));
  },
});

export const verifySignInCode = defineAction({
  name: "auth.verify-mfa",
  access: "public",
  input: z.object({
    code: secretText({ max: 64 }).optional(),
    recoveryCode: secretText({ max: 64 }).optional(),
    next: nextField,
  }),
  handler: async (input, { request }) => {
    const now = new Date();
    const result = await verifyMfaChallenge(
      getPrisma(),
      { challengeToken: await readMfaChallengeCookie(), code: input.code, recoveryCode: input.recoveryCode },
      request,
      now,
      { consumeRateLimit },
    );
    if (!result.ok) {
      if (result.challengeGone) await clearMfaChallengeCookie();
      return { ok: false, error: result.error, retryAfterSeconds: result.retryAfterSeconds };
    }
    const user = await getPrisma().user.findUniqueOrThrow({ where: { id: result.user.id }, select: { displayName: true } });
    await issueSessionCookie(
      { userId: result.user.id, sessionToken: result.sessionToken, displayName: user.displayName, role: result.user.role, kind: result.user.kind },
      result.sessionExpiresAt,
      now,
    );
    const landing = postSignInPath(result.user.role, input.next);
    // A recovery code: first say how many are left (app/recovery-code-used), then on to where they were going.
    redirect(result.recoveryCodesLeft === undefined ? landing : `/recovery-code-used?next=${encodeURIComponent(landing)}`);
  },
});

export const confirmMfaEnrollment = defineAction<z.ZodType<{ code: string; next?: string }>, { recoveryCodes: string[]; continueTo: string }>({
  name: "auth.confirm-mfa-enrollment",
  access: "public",
  input: z.object({ code: singleLineText({ min: 1, max: 64, minMessage: "Enter the 6-digit code from your app." }), next: nextField }),
  handler: async (input, { request }) => {
    const now = new Date();
    const result = await confirmEnrollment(getPrisma(), { challengeToken: await readMfaChallengeCookie(), code: input.code }, request, now, {
      consumeRateLimit,
    });
    if (!result.ok) {
      if (result.challengeGone) await clearMfaChallengeCookie();
      return { ok: false, error: result.error, retryAfterSeconds: result.retryAfterSeconds };
    }
    const user = await getPrisma().user.findUniqueOrThrow({ where: { id: result.user.id }, select: { displayName: true } });
    await issueSessionCookie(
      { userId: result.user.id, sessionToken: result.sessionToken, displayName: user.displayName, role: result.user.role, kind: result.user.kind },
      result.sessionExpiresAt,
      now,
    );
    return { ok: true, data: { recoveryCodes: result.recoveryCodes, continueTo: postSignInPath(result.user.role, input.next) } };
  },
});

"use server";
// Own-account actions (profile, password, recovery codes, own sessions), used
// by /seller/settings and /admin/account alike: account:manage-self is held
// by every role and each handler acts on the actor's own user id only.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { displayedName, secretText, singleLineText } from "@/lib/validation/input";
import { defineAction, type GatedAccess } from "@/lib/auth/define-action";
import { getPrisma } from "@/lib/db/client";
import { consumeRateLimit } from "@/lib/rate-limit";
import {
  changeOwnPassword,
  regenerateRecoveryCodes,
  revokeOtherOwnSessions,
  revokeOwnSession,
  updateOwnProfile,
} from "@/lib/users/self-service";

const SELF = { permission: "account:manage-self" } as const;

function refreshAccountPages(): void {
  revalidatePath("/seller/settings");
  revalidatePath("/admin/account");
}

export const updateProfileAction = defineAction({
  name: "account.update-profile",
  access: SELF,
  input: z.object({ displayName: displayedName({ max: 200 }) }),
  handler: async (input, { actor, request }) => {
    const result = await updateOwnProfile(getPrisma(), actor, input, request);
    if (result.ok) refreshAccountPages();
    return result;
  },
});

export const changePasswordAction = defineAction({
  name: "account.change-password",
  access: SELF,
  input: z
    .object({
      currentPassword: secretText({ min: 1, max: 1024, minMessage: "Enter your current password." }),
      newPassword: secretText({ min: 1, max: 1024, minMessage: "Enter a new password." }),
      confirmPassword: secretText({ max: 1024 }),
    })
    .refine((value) => value.newPassword === value.confirmPassword, {
      path: ["confirmPassword"],
      message: "The two new passwords do not match.",
    }),
  handler: async (input, { actor, request }) => {
    // A stolen session must not become a password-guessing oracle for the current password.
    const limit = await consumeRateLimit("step-up:account", actor.userId);
    if (!limit.allowed) {
      return { ok: false, error: "Too many attempts. Try again later.", retryAfterSeconds: limit.retryAfterSeconds };
    }
    const result = await changeOwnPassword(
      getPrisma(),
      actor,
      { currentPassword: input.currentPassword, newPassword: input.newPassword },
      request,
    );
    if (result.ok) refreshAccountPages();
    return result;
  },
});

export const regenerateRecoveryCodesAction = defineAction<z.ZodObject<Record<string, never>>, { codes: string[] }, GatedAccess>({
  name: "account.regenerate-recovery-codes",
  // Step-up: new codes are a new way to pass MFA (A3).
  access: { permission: "account:manage-self", stepUp: true },
  input: z.object({}),
  handler: async (_input, { actor, request }) => {
    const result = await regenerateRecoveryCodes(getPrisma(), actor, request);
    if (!result.ok) return { ok: false, error: result.error, stepUpRequired: result.stepUpRequired };
    refreshAccountPages();
    return { ok: true, data: { codes: result.codes }, message: "New recovery codes created. Your old codes no longer work." };
  },
});

export const revokeOwnSessionAction = defineAction({
  name: "account.revoke-session",
  access: SELF,
  input: z.object({ sessionId: singleLineText({ max: 64 }) }),
  handler: async (input, { actor, request }) => {
    const result = await revokeOwnSession(getPrisma(), actor, input.sessionId, request);
    if (result.ok) refreshAccountPages();
    return result;
  },
});

export const revokeOtherOwnSessionsAction = defineAction({
  name: "account.revoke-other-sessions",
  access: SELF,
  input: z.object({}),
  handler: async (_input, { actor, request }) => {
    const result = await revokeOtherOwnSessions(getPrisma(), actor, request);
    if (result.ok) refreshAccountPages();
    return result;
  },
});

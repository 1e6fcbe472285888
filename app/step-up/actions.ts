"use server";
import { redirect } from "next/navigation";
import { z } from "zod";
import { defineAction } from "@/lib/auth/define-action";
import { stepUpWithTotp } from "@/lib/auth/mfa-flow";
import { postSignInPath } from "@/lib/auth/safe-next";
import { getPrisma } from "@/lib/db/client";
import { consumeRateLimit } from "@/lib/rate-limit";
import { returnPath, singleLineText } from "@/lib/validation/input";

export const confirmStepUp = defineAction({
  name: "auth.step-up",
  access: "authenticated",
  input: z.object({ code: singleLineText({ min: 1, max: 64, minMessage: "Enter the 6-digit code from your app." }), next: returnPath.optional() }),
  handler: async (input, { actor, request }) => {
    const result = await stepUpWithTotp(
      getPrisma(),
      { sessionId: actor.sessionId, userId: actor.userId, code: input.code },
      request,
      new Date(),
      { consumeRateLimit },
    );
    if (!result.ok) return result;
    // Back to the page that asked (inside the person's own area), else where they start.
    redirect(postSignInPath(actor.role, input.next));
  },
});

"use server";
// Forgot password (control S5): the same answer whether or not the account exists.
import { z } from "zod";
import { RESET_REQUESTED_MESSAGE, requestPasswordReset } from "@/lib/auth/accounts";
import { defineAction } from "@/lib/auth/define-action";
import { emailAddress } from "@/lib/validation/input";
import { rateLimitRefusal } from "../_components/rate-limit";

export const requestPasswordResetAction = defineAction({
  name: "auth.request-password-reset",
  access: "public",
  input: z.object({ email: emailAddress }),
  handler: async (input, { request }) => {
    const limitedIp = await rateLimitRefusal("password-reset:ip", request.ipAddress);
    if (limitedIp) return limitedIp;
    // Per address too, so one mailbox cannot be flooded; the refusal does not depend on whether it exists.
    const limitedAccount = await rateLimitRefusal("password-reset:account", input.email);
    if (limitedAccount) return limitedAccount;
    await requestPasswordReset(input.email, request);
    return { ok: true, message: RESET_REQUESTED_MESSAGE };
  },
});

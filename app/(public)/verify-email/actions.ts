"use server";
// E-mail verification (control A1): the link's token is POSTed from the page,
// never consumed by the GET (mail scanners prefetch links).
import { z } from "zod";
import { resendVerification, verifyEmail } from "@/lib/auth/accounts";
import { defineAction } from "@/lib/auth/define-action";
import { emailAddress, linkToken } from "@/lib/validation/input";
import { getPrisma } from "@/lib/db/client";
import { rateLimitRefusal } from "../_components/rate-limit";

const tokenSchema = linkToken({ missing: "This link is incomplete.", invalid: "This link is invalid." });

export const confirmEmailAction = defineAction({
  name: "auth.verify-email",
  access: "public",
  input: z.object({ token: tokenSchema }),
  handler: async (input, { request }) => {
    const limited = await rateLimitRefusal("email-verification:ip", request.ipAddress);
    if (limited) return limited;
    return verifyEmail(getPrisma(), input.token, request);
  },
});

export const resendVerificationAction = defineAction({
  name: "auth.resend-verification",
  access: "public",
  input: z.object({ email: emailAddress }),
  handler: async (input, { request }) => {
    const limited = await rateLimitRefusal("email-verification:ip", request.ipAddress);
    if (limited) return limited;
    await resendVerification(getPrisma(), input.email);
    return { ok: true, message: "If an unverified account uses this address, we sent it a new link. It is valid for 24 hours." };
  },
});

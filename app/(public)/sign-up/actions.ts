"use server";
// Seller self sign-up (control A1). The rules live in lib/auth/accounts.ts.
import { z } from "zod";
import { signUpSeller } from "@/lib/auth/accounts";
import { defineAction } from "@/lib/auth/define-action";
import { emailSchema } from "@/lib/auth/generic-mailbox";
import { getPrisma } from "@/lib/db/client";
import { rateLimitRefusal } from "../_components/rate-limit";

const signUpInputSchema = z.object({
  organizationName: z.string().trim().min(2, { error: "Enter your organization's name." }).max(200, { error: "Use at most 200 characters." }),
  displayName: z.string().trim().min(1, { error: "Enter your name." }).max(120, { error: "Use at most 120 characters." }),
  email: emailSchema,
  password: z.string().min(1, { error: "Choose a password." }).max(1024, { error: "Use at most 128 characters." }),
  acceptTerms: z.literal("on", { error: "Accept the data-use terms to create an account." }),
});

export const signUpSellerAction = defineAction({
  name: "auth.sign-up",
  access: "public",
  input: signUpInputSchema,
  handler: async (input, { request }) => {
    const limited = await rateLimitRefusal("sign-up:ip", request.ipAddress);
    if (limited) return limited;
    return signUpSeller(getPrisma(), { ...input, acceptTerms: input.acceptTerms === "on" }, request);
  },
});

"use server";
// Seller self sign-up (control A1). The rules live in lib/auth/accounts.ts.
import { z } from "zod";
import { signUpSeller } from "@/lib/auth/accounts";
import { defineAction } from "@/lib/auth/define-action";
import { displayedName, emailAddress, secretText, ticked } from "@/lib/validation/input";
import { getPrisma } from "@/lib/db/client";
import { rateLimitRefusal } from "../_components/rate-limit";

const signUpInputSchema = z.object({
  organizationName: displayedName({ min: 2, max: 200, minMessage: "Enter your organization's name." }),
  displayName: displayedName({ min: 1, max: 120, minMessage: "Enter your name." }),
  email: emailAddress,
  password: secretText({ min: 1, max: 1024, minMessage: "Choose a password.", maxMessage: "Use at most 128 characters." }),
  acceptTerms: ticked("Accept the data-use terms to create an account."),
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

"use server";
// Password reset by e-mail link (control S5): sets the password and signs out every session.
import { z } from "zod";
import { resetPassword } from "@/lib/auth/accounts";
import { defineAction } from "@/lib/auth/define-action";
import { getPrisma } from "@/lib/db/client";
import { linkToken, secretText } from "@/lib/validation/input";
import { rateLimitRefusal } from "../_components/rate-limit";

const resetInputSchema = z
  .object({
    token: linkToken({ missing: "This link is incomplete.", invalid: "This link is invalid." }),
    password: secretText({ min: 1, max: 1024, minMessage: "Choose a new password.", maxMessage: "Use at most 128 characters." }),
    confirmPassword: secretText({ max: 1024 }),
  })
  .refine((input) => input.password === input.confirmPassword, {
    path: ["confirmPassword"],
    error: "The two passwords do not match.",
  });

export const resetPasswordAction = defineAction({
  name: "auth.reset-password",
  access: "public",
  input: resetInputSchema,
  handler: async (input, { request }) => {
    const limited = await rateLimitRefusal("password-reset:ip", request.ipAddress);
    if (limited) return limited;
    return resetPassword(getPrisma(), input.token, input.password, request);
  },
});

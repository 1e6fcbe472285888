"use server";
// Password reset by e-mail link (control S5): sets the password and signs out every session.
import { z } from "zod";
import { resetPassword } from "@/lib/auth/accounts";
import { defineAction } from "@/lib/auth/define-action";
import { getPrisma } from "@/lib/db/client";
import { rateLimitRefusal } from "../_components/rate-limit";

const resetInputSchema = z
  .object({
    token: z.string().min(1, { error: "This link is incomplete." }).max(200, { error: "This link is invalid." }),
    password: z.string().min(1, { error: "Choose a new password." }).max(1024, { error: "Use at most 128 characters." }),
    confirmPassword: z.string(),
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

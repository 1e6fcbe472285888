"use server";
// Accepting an invitation (control A1): the link is the credential; the account is created here.
import { z } from "zod";
import { defineAction } from "@/lib/auth/define-action";
import { acceptInvitation } from "@/lib/auth/invitations";
import { getPrisma } from "@/lib/db/client";
import { rateLimitRefusal } from "../../_components/rate-limit";

const acceptInputSchema = z
  .object({
    token: z.string().min(1, { error: "This link is incomplete." }).max(200, { error: "This link is invalid." }),
    displayName: z.string().trim().min(1, { error: "Enter your name." }).max(120, { error: "Use at most 120 characters." }),
    password: z.string().min(1, { error: "Choose a password." }).max(1024, { error: "Use at most 128 characters." }),
    confirmPassword: z.string(),
  })
  .refine((input) => input.password === input.confirmPassword, {
    path: ["confirmPassword"],
    error: "The two passwords do not match.",
  });

export const acceptInvitationAction = defineAction({
  name: "user.accept-invitation",
  access: "public",
  input: acceptInputSchema,
  handler: async (input, { request }) => {
    const limited = await rateLimitRefusal("invitation:ip", request.ipAddress);
    if (limited) return limited;
    return acceptInvitation(getPrisma(), input.token, { displayName: input.displayName, password: input.password }, request);
  },
});

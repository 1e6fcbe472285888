"use server";
// Accepting an invitation (control A1): the link is the credential; the account is created here.
import { z } from "zod";
import { defineAction } from "@/lib/auth/define-action";
import { invitationAcceptanceRefusal } from "@/lib/auth/invitation-limits";
import { acceptInvitation } from "@/lib/auth/invitations";
import { getPrisma } from "@/lib/db/client";
import { displayedName, linkToken, secretText } from "@/lib/validation/input";

const acceptInputSchema = z
  .object({
    token: linkToken({ missing: "This link is incomplete.", invalid: "This link is invalid." }),
    displayName: displayedName({ min: 1, max: 120, minMessage: "Enter your name." }),
    password: secretText({ min: 1, max: 1024, minMessage: "Choose a password.", maxMessage: "Use at most 128 characters." }),
    confirmPassword: secretText({ max: 1024 }),
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
    const limited = await invitationAcceptanceRefusal(input.token, request.ipAddress);
    if (limited) return limited;
    return acceptInvitation(getPrisma(), input.token, { displayName: input.displayName, password: input.password }, request);
  },
});

"use server";
// Operator administration. Everything that grants or removes access needs a
// recent MFA check (step-up, A3); revoking sessions deliberately does not
// (it must be fast during an incident; see lib/rbac/permissions.ts).
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { emailAddress, singleLineText } from "@/lib/validation/input";
import { defineAction } from "@/lib/auth/define-action";
import { createInvitation, revokeInvitation } from "@/lib/auth/invitations";
import { getPrisma } from "@/lib/db/client";
import { invitationSendingRefusal } from "@/lib/auth/invitation-limits";
import {
  changeOperatorRole,
  deactivateUser,
  reactivateUser,
  resetUserMfa,
  revokeAllSessionsOfUser,
  revokeSessionOfUser,
} from "@/lib/users/operators";
import { operatorRoleSchema, reasonSchema } from "@/lib/users/shared";

// Malformed ids are "not found" in the handlers (isUuid); here only: one line, bounded, storable.
const idField = singleLineText({ max: 64 });

function refreshOperatorPages(userId?: string): void {
  revalidatePath("/admin/operators");
  if (userId) revalidatePath(`/admin/operators/${userId}`);
}

export const inviteOperatorAction = defineAction({
  name: "operators.invite",
  access: { permission: "operators:invite", stepUp: true },
  input: z.object({ email: emailAddress, role: operatorRoleSchema }),
  handler: async (input, { actor, request }) => {
    const limited = await invitationSendingRefusal(actor);
    if (limited) return limited;
    const result = await createInvitation(
      { email: input.email, kind: "OPERATOR", role: input.role, organizationId: null, invitedBy: actor },
      request,
    );
    if (!result.ok) return { ok: false, error: result.error, fieldErrors: { email: [result.error] } };
    refreshOperatorPages();
    return { ok: true, message: `Invitation sent to ${input.email}.` };
  },
});

export const revokeOperatorInvitationAction = defineAction({
  name: "operators.revoke-invitation",
  access: { permission: "operators:invite", stepUp: true },
  input: z.object({ invitationId: idField }),
  handler: async (input, { actor, request }) => {
    const result = await revokeInvitation(getPrisma(), input.invitationId, actor, request);
    if (result.ok) refreshOperatorPages();
    return result;
  },
});

export const changeOperatorRoleAction = defineAction({
  name: "operators.change-role",
  access: { permission: "users:change-role", stepUp: true },
  input: z.object({ userId: idField, role: operatorRoleSchema }),
  handler: async (input, { actor, request }) => {
    const result = await changeOperatorRole(getPrisma(), actor, input.userId, input.role, request);
    if (result.ok) refreshOperatorPages(input.userId);
    return result;
  },
});

export const deactivateOperatorAction = defineAction({
  name: "operators.deactivate",
  access: { permission: "users:deactivate", stepUp: true },
  input: z.object({ userId: idField, reason: reasonSchema }),
  handler: async (input, { actor, request }) => {
    const result = await deactivateUser(getPrisma(), actor, input.userId, input.reason, request);
    if (result.ok) refreshOperatorPages(input.userId);
    return result;
  },
});

export const reactivateOperatorAction = defineAction({
  name: "operators.reactivate",
  access: { permission: "users:deactivate", stepUp: true },
  input: z.object({ userId: idField }),
  handler: async (input, { actor, request }) => {
    const result = await reactivateUser(getPrisma(), actor, input.userId, request);
    if (result.ok) refreshOperatorPages(input.userId);
    return result;
  },
});

export const resetOperatorMfaAction = defineAction({
  name: "operators.reset-mfa",
  access: { permission: "users:reset-mfa", stepUp: true },
  input: z.object({ userId: idField, reason: reasonSchema }),
  handler: async (input, { actor, request }) => {
    const result = await resetUserMfa(getPrisma(), actor, input.userId, input.reason, request);
    if (result.ok) refreshOperatorPages(input.userId);
    return result;
  },
});

export const revokeAllSessionsOfUserAction = defineAction({
  name: "operators.revoke-all-sessions",
  access: { permission: "sessions:revoke-any" },
  input: z.object({ userId: idField }),
  handler: async (input, { actor, request }) => {
    const result = await revokeAllSessionsOfUser(getPrisma(), actor, input.userId, request);
    if (result.ok) refreshOperatorPages(input.userId);
    return result;
  },
});

export const revokeSessionOfUserAction = defineAction({
  name: "operators.revoke-session",
  access: { permission: "sessions:revoke-any" },
  input: z.object({ userId: idField, sessionId: idField }),
  handler: async (input, { actor, request }) => {
    const result = await revokeSessionOfUser(getPrisma(), actor, input.userId, input.sessionId, request);
    if (result.ok) refreshOperatorPages(input.userId);
    return result;
  },
});

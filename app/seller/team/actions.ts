"use server";
// Team administration by a seller owner. team:manage needs a recent MFA check
// (step-up, A3). The organization is never taken from the form: every
// function below scopes by actor.organizationId (style.md principle 3).
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { emailAddress, singleLineText } from "@/lib/validation/input";
import { defineAction } from "@/lib/auth/define-action";
import { createInvitation, revokeInvitation } from "@/lib/auth/invitations";
import { getPrisma } from "@/lib/db/client";
import { invitationSendingRefusal } from "@/lib/auth/invitation-limits";
import { sellerRoleSchema } from "@/lib/users/shared";
import { changeTeamMemberRole, removeTeamMember } from "@/lib/users/team";

const MANAGE = { permission: "team:manage", stepUp: true } as const;
// Malformed ids are "not found" in the handlers (isUuid); here only: one line, bounded, storable.
const idField = singleLineText({ max: 64 });

export const inviteTeamMemberAction = defineAction({
  name: "team.invite",
  access: MANAGE,
  input: z.object({ email: emailAddress, role: sellerRoleSchema }),
  handler: async (input, { actor, request }) => {
    const limited = await invitationSendingRefusal(actor);
    if (limited) return limited;
    const result = await createInvitation(
      { email: input.email, kind: "SELLER", role: input.role, organizationId: actor.organizationId, invitedBy: actor },
      request,
    );
    if (!result.ok) return { ok: false, error: result.error, fieldErrors: { email: [result.error] } };
    revalidatePath("/seller/team");
    return { ok: true, message: `Invitation sent to ${input.email}.` };
  },
});

export const revokeTeamInvitationAction = defineAction({
  name: "team.revoke-invitation",
  access: MANAGE,
  input: z.object({ invitationId: idField }),
  handler: async (input, { actor, request }) => {
    const result = await revokeInvitation(getPrisma(), input.invitationId, actor, request);
    if (result.ok) revalidatePath("/seller/team");
    return result;
  },
});

export const changeTeamMemberRoleAction = defineAction({
  name: "team.change-role",
  access: MANAGE,
  input: z.object({ userId: idField, role: sellerRoleSchema }),
  handler: async (input, { actor, request }) => {
    const result = await changeTeamMemberRole(getPrisma(), actor, input.userId, input.role, request);
    if (result.ok) revalidatePath("/seller/team");
    return result;
  },
});

export const removeTeamMemberAction = defineAction({
  name: "team.remove-member",
  access: MANAGE,
  input: z.object({ userId: idField }),
  handler: async (input, { actor, request }) => {
    const result = await removeTeamMember(getPrisma(), actor, input.userId, request);
    if (result.ok) revalidatePath("/seller/team");
    return result;
  },
});

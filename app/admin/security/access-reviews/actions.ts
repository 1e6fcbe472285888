"use server";
// Access reviews (A4, D3). Starting and completing a campaign change no one's
// access. Recording decisions needs a recent MFA check (step-up): a decision
// is an attestation that goes into the evidence, and Change/Revoke take
// access away at once, like the operator screens' role change and deactivation.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { singleLineText } from "@/lib/validation/input";
import { defineAction } from "@/lib/auth/define-action";
import { getPrisma } from "@/lib/db/client";
import { decideAccessReviewItem, keepRemainingAccessReviewItems } from "@/lib/access-reviews/access-review-decisions";
import { decisionSchema, justificationSchema } from "@/lib/access-reviews/access-review-rules";
import { completeAccessReviewCampaign, startAccessReviewCampaign } from "@/lib/access-reviews/access-reviews";

// Malformed ids are "not found" in the handlers (isUuid); here only: one line, bounded, storable.
const idField = singleLineText({ max: 64 });
const BASE = "/admin/security/access-reviews";

function refresh(campaignId?: string): void {
  revalidatePath(BASE);
  revalidatePath("/admin/security");
  if (campaignId) revalidatePath(`${BASE}/${campaignId}`);
}

export const startAccessReviewAction = defineAction({
  name: "access-reviews.start",
  access: { permission: "access-reviews:manage" },
  input: z.object({}),
  handler: async (_input, { actor, request }) => {
    const result = await startAccessReviewCampaign(getPrisma(), actor, new Date(), request);
    if (!result.ok) return result;
    refresh();
    // Straight to the new campaign's items (redirect() passes through defineAction).
    redirect(`${BASE}/${result.data?.campaignId ?? ""}`);
  },
});

export const decideAccessReviewItemAction = defineAction({
  name: "access-reviews.decide",
  access: { permission: "access-reviews:manage", stepUp: true },
  input: z.object({
    campaignId: idField,
    itemId: idField,
    decision: decisionSchema,
    newRole: singleLineText({ max: 64 }).optional(),
    justification: justificationSchema,
  }),
  handler: async (input, { actor, request }) => {
    const result = await decideAccessReviewItem(
      getPrisma(),
      actor,
      input.itemId,
      { decision: input.decision, newRole: input.decision === "CHANGE" ? (input.newRole ?? null) : null, justification: input.justification },
      new Date(),
      request,
    );
    if (result.ok) refresh(input.campaignId);
    return result.ok ? { ok: true, message: result.message } : result;
  },
});

export const keepRemainingAccessReviewItemsAction = defineAction({
  name: "access-reviews.keep-remaining",
  access: { permission: "access-reviews:manage", stepUp: true },
  // The shared confirm button names its text field "reason".
  input: z.object({ campaignId: idField, reason: justificationSchema }),
  handler: async (input, { actor, request }) => {
    const result = await keepRemainingAccessReviewItems(getPrisma(), actor, input.campaignId, input.reason, new Date(), request);
    if (result.ok) refresh(input.campaignId);
    return result.ok ? { ok: true, message: result.message } : result;
  },
});

export const completeAccessReviewAction = defineAction({
  name: "access-reviews.complete",
  access: { permission: "access-reviews:manage" },
  input: z.object({ campaignId: idField }),
  handler: async (input, { actor, request }) => {
    const result = await completeAccessReviewCampaign(getPrisma(), actor, input.campaignId, new Date(), request);
    if (result.ok) refresh(input.campaignId);
    return result.ok ? { ok: true, message: result.message } : result;
  },
});

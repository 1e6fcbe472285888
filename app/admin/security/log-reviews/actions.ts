"use server";
// Weekly log review sign-off (L4).
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { singleLineText } from "@/lib/validation/input";
import { defineAction } from "@/lib/auth/define-action";
import { getPrisma } from "@/lib/db/client";
import { notesSchema, signOffLogReview } from "@/lib/log-reviews/log-reviews";

export const signOffLogReviewAction = defineAction({
  name: "log-reviews.sign-off",
  access: { permission: "log-reviews:manage" },
  input: z.object({ reviewId: singleLineText({ max: 64 }), notes: notesSchema }),
  handler: async (input, { actor, request }) => {
    const result = await signOffLogReview(getPrisma(), actor, input.reviewId, input.notes, new Date(), request);
    if (result.ok) {
      revalidatePath("/admin/security/log-reviews");
      revalidatePath(`/admin/security/log-reviews/${input.reviewId}`);
      revalidatePath("/admin/security");
    }
    return result;
  },
});

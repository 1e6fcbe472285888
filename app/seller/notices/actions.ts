"use server";
// A seller acknowledges a security notice (I4). Any seller user of the
// organization may; the organization comes from the session, never the form.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { uuidField } from "@/lib/validation/input";
import { SIGN_IN_AGAIN_MESSAGE, defineAction } from "@/lib/auth/define-action";
import { getPrisma } from "@/lib/db/client";
import { acknowledgeSellerNotice } from "@/lib/incidents/seller-notices";

export const acknowledgeNoticeAction = defineAction({
  name: "seller-notices.acknowledge",
  access: { permission: "seller:view" },
  input: z.object({ noticeId: uuidField("Notice not found.") }),
  handler: async (input, { actor, request }) => {
    if (!actor || actor.kind !== "SELLER" || !actor.organizationId) return { ok: false, error: SIGN_IN_AGAIN_MESSAGE };
    const result = await acknowledgeSellerNotice(
      getPrisma(),
      input.noticeId,
      { userId: actor.userId, label: actor.displayName, organizationId: actor.organizationId, ...request },
      new Date(),
    );
    if (!result.ok) return result;
    revalidatePath("/seller/notices");
    revalidatePath("/seller");
    return { ok: true, message: "Notice acknowledged." };
  },
});

"use server";
// Runbook (D6): saving a new version and signing off a review need
// incidents:manage (the analyst; the admin may read but not edit). lib/runbook
// checks the role again and audits both (runbook.updated, runbook.reviewed).
import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/auth/define-action";
import { getPrisma } from "@/lib/db/client";
import { runbookReviewSchema, runbookSaveSchema, saveRunbookVersion, signOffRunbookReview } from "@/lib/runbook/runbook";

function formatDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export const saveRunbook = defineAction({
  name: "runbook.save",
  access: { permission: "incidents:manage" },
  input: runbookSaveSchema,
  handler: async (input, { actor, request }) => {
    const result = await saveRunbookVersion(getPrisma(), input, { userId: actor.userId, role: actor.role, ...request });
    if (!result.ok) return { ok: false, error: result.error, fieldErrors: result.fieldErrors };
    revalidatePath("/admin/security/runbook");
    return { ok: true, message: `Runbook version ${result.value.version} saved.` };
  },
});

export const signOffRunbook = defineAction({
  name: "runbook.sign-off-review",
  access: { permission: "incidents:manage" },
  input: runbookReviewSchema,
  handler: async (input, { actor, request }) => {
    const result = await signOffRunbookReview(getPrisma(), input, { userId: actor.userId, role: actor.role, ...request }, new Date());
    if (!result.ok) return { ok: false, error: result.error, fieldErrors: result.fieldErrors };
    revalidatePath("/admin/security/runbook");
    return { ok: true, message: `Review of version ${result.value.version} signed off. Next review due ${formatDay(result.value.nextDueAt)}.` };
  },
});

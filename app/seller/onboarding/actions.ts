"use server";
// Onboarding wizard actions. Each saves one step through lib/onboarding (which
// enforces the step order and scopes to the caller's organization) and then
// re-renders the wizard on the next step. Saving needs amazon:connect (the
// owner: the organization's details and the data-use terms are theirs to
// give), so a fresh MFA check (step-up) is asked for after 5 minutes.
import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { singleLineText, ticked } from "@/lib/validation/input";
import { defineAction, type ActionResult } from "@/lib/auth/define-action";
import { getPrisma } from "@/lib/db/client";
import {
  ONBOARDING_PERMISSION,
  acceptTerms,
  organizationStepSchema,
  saveContactStep,
  saveMarketplacesStep,
  saveOrganizationStep,
  termsStepSchema,
  type OnboardingResult,
} from "@/lib/onboarding/onboarding";

const ONBOARDING = { permission: ONBOARDING_PERMISSION, stepUp: true } as const;

function afterSave(result: OnboardingResult): ActionResult {
  if (!result.ok) return { ok: false, error: result.error, fieldErrors: result.fieldErrors };
  revalidatePath("/seller");
  revalidatePath("/seller/onboarding");
  // Control flow, not an error: defineAction lets redirect() through.
  redirect("/seller/onboarding");
}

export const saveOrganizationAction = defineAction({
  name: "onboarding.organization",
  access: ONBOARDING,
  input: organizationStepSchema,
  handler: async (input, { actor, request }) => {
    return afterSave(await saveOrganizationStep(getPrisma(), actor, input, request));
  },
});

export const saveMarketplacesAction = defineAction({
  name: "onboarding.marketplaces",
  access: ONBOARDING,
  // One checkbox arrives as a string, several as an array, none as nothing.
  input: z.object({
    marketplaceIds: z
      .union([singleLineText({ max: 40 }), z.array(singleLineText({ max: 40 })).max(50)])
      .optional()
      .transform((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value])),
  }),
  handler: async (input, { actor, request }) => {
    return afterSave(await saveMarketplacesStep(getPrisma(), actor, input, request));
  },
});

export const saveContactAction = defineAction({
  name: "onboarding.contact",
  access: ONBOARDING,
  // Shape only here; lib/onboarding's contactStepSchema judges the values (and returns field errors).
  input: z.object({
    contactName: singleLineText({ max: 1000 }),
    contactEmail: singleLineText({ max: 1000 }),
    contactPhone: singleLineText({ max: 1000 }).default(""),
  }),
  handler: async (input, { actor, request }) => {
    return afterSave(await saveContactStep(getPrisma(), actor, input, request));
  },
});

export const acceptTermsAction = defineAction({
  name: "onboarding.accept-terms",
  access: ONBOARDING,
  input: termsStepSchema.extend({
    accept: ticked("Tick the box to accept the data-use terms."),
  }),
  handler: async (input, { actor, request }) => {
    return afterSave(await acceptTerms(getPrisma(), actor, { termsVersion: input.termsVersion }, request));
  },
});

// Server-side only: it touches the database and must never be imported from
// a client component.
//
// The seller onboarding wizard (issue 4): organization -> marketplaces ->
// contact -> data-use terms -> connect Amazon -> complete. Progress is saved
// step by step on the organization row, so a seller can leave and come back.
// Every function is scoped to actor.organizationId (style.md §3) and the step
// order is enforced HERE, not in the browser: a step can be saved only once
// every step before it is done; saving an earlier step again edits it without
// moving progress backwards. Each completed step is audited in the same
// transaction as the change (style.md §7).
import "server-only";
import { z } from "zod";
import { displayedName, emailAddress, singleLineText } from "@/lib/validation/input";
import type { Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Prisma } from "@/lib/db/generated/client";
import type { OnboardingStep } from "@/lib/db/generated/enums";
import { hasPermission } from "@/lib/rbac/roles";
import { isKnownCountry } from "./countries";
import { CURRENT_TERMS_VERSION } from "./terms";
import { ONBOARDING_STEPS, hasReached, stepIndex } from "./steps";
import { marketplaceIdSchema, regionsForMarketplaces, type AmazonRegionCode } from "./marketplaces";
import type { RequestContext } from "@/lib/http/request-context";
import type { Db, DbTransaction } from "@/lib/db/db";

// The step list, labels and counting live in ./steps (plain data, shared by every screen that counts the steps).
export { ONBOARDING_STEPS, ONBOARDING_STEP_LABELS, WIZARD_STEPS, hasReached, stepIndex } from "./steps";

export type OnboardingResult = { ok: true; step: OnboardingStep } | { ok: false; error: string; fieldErrors?: Record<string, string[]> };

export interface OnboardingState {
  organizationId: string;
  step: OnboardingStep;
  completedAt: Date | null;
  legalName: string;
  countryCode: string | null;
  marketplaceIds: string[];
  regions: AmazonRegionCode[];
  contactName: string | null;
  contactEmail: string | null;
  contactPhone: string | null;
  /** The version this organization last accepted, or null. */
  acceptedTermsVersion: string | null;
  /** True when the latest acceptance is of the current version. */
  termsCurrent: boolean;
}

// Input schemas live next to the functions that use them (style.md §4); the
// server actions reuse them so the browser's fields and the rules agree.
export const organizationStepSchema = z.object({
  legalName: displayedName({ min: 2, max: 200, minMessage: "Enter your organization's legal name." }),
  countryCode: z
    .string()
    .trim()
    .toUpperCase()
    .refine(isKnownCountry, "Choose the country where your organization is registered."),
});

export const marketplacesStepSchema = z.object({
  marketplaceIds: z
    .array(marketplaceIdSchema)
    .min(1, "Choose at least one marketplace.")
    .max(30)
    .transform((ids) => [...new Set(ids)]),
});

export const contactStepSchema = z.object({
  contactName: displayedName({ min: 2, max: 200, minMessage: "Enter a contact name." }),
  contactEmail: emailAddress,
  contactPhone: z
    .string()
    .trim()
    .max(40)
    .regex(/^[+0-9 ()./-]*$/, "Use digits, spaces and + ( ) - . / only.")
    .transform((value) => (value === "" ? null : value)),
});

export const termsStepSchema = z.object({
  termsVersion: singleLineText({ min: 1, max: 40 }),
});

const NO_ORGANIZATION = "Your account does not belong to a seller organization.";
const NOT_ALLOWED = "You do not have permission to do this.";
const OUT_OF_ORDER = "Finish the earlier steps first.";

// Editing the organization and accepting terms for it is the owner's job: the
// same permission that hands FireFeed the Amazon authorization (owner-only in
// lib/rbac/roles.ts). Re-checked here; the server actions check it first.
export const ONBOARDING_PERMISSION = "amazon:connect" as const;

function checkActor(actor: Actor): { ok: true; organizationId: string } | { ok: false; error: string } {
  if (!actor.organizationId || actor.kind !== "SELLER") return { ok: false, error: NO_ORGANIZATION };
  if (!hasPermission(actor.role, ONBOARDING_PERMISSION)) return { ok: false, error: NOT_ALLOWED };
  return { ok: true, organizationId: actor.organizationId };
}

/** The organization's onboarding progress (seller:view is enough to read it). */
export async function getOnboardingState(db: Db | DbTransaction, actor: Actor): Promise<OnboardingState | null> {
  if (!actor.organizationId) return null;
  const organization = await db.organization.findUnique({
    where: { id: actor.organizationId },
    select: {
      id: true,
      legalName: true,
      countryCode: true,
      onboardingStep: true,
      onboardingCompletedAt: true,
      marketplaceIds: true,
      contactName: true,
      contactEmail: true,
      contactPhone: true,
      termsAcceptances: { orderBy: { acceptedAt: "desc" }, take: 1, select: { termsVersion: true } },
    },
  });
  if (!organization) return null;
  const acceptedTermsVersion = organization.termsAcceptances[0]?.termsVersion ?? null;
  return {
    organizationId: organization.id,
    step: organization.onboardingStep,
    completedAt: organization.onboardingCompletedAt,
    legalName: organization.legalName,
    countryCode: organization.countryCode,
    marketplaceIds: organization.marketplaceIds,
    regions: regionsForMarketplaces(organization.marketplaceIds),
    contactName: organization.contactName,
    contactEmail: organization.contactEmail,
    contactPhone: organization.contactPhone,
    acceptedTermsVersion,
    termsCurrent: acceptedTermsVersion === CURRENT_TERMS_VERSION,
  };
}

/** The step after `step` (COMPLETE stays COMPLETE). */
function nextStep(step: OnboardingStep): OnboardingStep {
  return ONBOARDING_STEPS[Math.min(stepIndex(step) + 1, ONBOARDING_STEPS.length - 1)] as OnboardingStep;
}

/**
 * Saves one step inside a transaction that first locks the organization row
 * (SELECT … FOR UPDATE), so two tabs saving at once cannot skip a step.
 */
async function saveStep(
  db: Db,
  actor: Actor,
  step: Exclude<OnboardingStep, "CONNECT" | "COMPLETE">,
  request: RequestContext,
  write: (tx: DbTransaction, organizationId: string) => Prisma.OrganizationUpdateInput | Promise<Prisma.OrganizationUpdateInput>,
): Promise<OnboardingResult> {
  const checked = checkActor(actor);
  if (!checked.ok) return checked;
  const { organizationId } = checked;
  return db.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<{ onboarding_step: OnboardingStep }[]>`
      SELECT onboarding_step FROM organizations WHERE id = ${organizationId}::uuid FOR UPDATE`;
    const current = locked[0]?.onboarding_step;
    if (!current) return { ok: false as const, error: NO_ORGANIZATION };
    if (!hasReached(current, step)) return { ok: false as const, error: OUT_OF_ORDER };
    const data = await write(tx, organizationId);
    // Saving the step the seller is on moves progress forward; editing an earlier one does not move it back.
    const advanced = current === step ? nextStep(step) : current;
    await tx.organization.update({ where: { id: organizationId }, data: { ...data, onboardingStep: advanced } });
    await recordAudit(tx, {
      action: "onboarding.step_completed",
      result: "SUCCESS",
      actorUserId: actor.userId,
      organizationId,
      targetType: "organization",
      targetId: organizationId,
      ipAddress: request.ipAddress,
      userAgent: request.userAgent,
      requestId: request.requestId,
      details: { step, progress: advanced },
    });
    return { ok: true as const, step: advanced };
  });
}

export async function saveOrganizationStep(
  db: Db,
  actor: Actor,
  input: z.input<typeof organizationStepSchema>,
  request: RequestContext,
): Promise<OnboardingResult> {
  const parsed = organizationStepSchema.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  return saveStep(db, actor, "ORGANIZATION", request, () => ({
    legalName: parsed.data.legalName,
    countryCode: parsed.data.countryCode,
  }));
}

export async function saveMarketplacesStep(
  db: Db,
  actor: Actor,
  input: z.input<typeof marketplacesStepSchema>,
  request: RequestContext,
): Promise<OnboardingResult> {
  const parsed = marketplacesStepSchema.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  return saveStep(db, actor, "MARKETPLACES", request, () => ({ marketplaceIds: parsed.data.marketplaceIds }));
}

export async function saveContactStep(
  db: Db,
  actor: Actor,
  input: z.input<typeof contactStepSchema>,
  request: RequestContext,
): Promise<OnboardingResult> {
  const parsed = contactStepSchema.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  return saveStep(db, actor, "CONTACT", request, () => ({
    contactName: parsed.data.contactName,
    contactEmail: parsed.data.contactEmail,
    contactPhone: parsed.data.contactPhone,
  }));
}

/**
 * Records acceptance of the CURRENT terms version (a stale form that shows an
 * older text is refused, so nobody accepts text they did not see).
 */
export async function acceptTerms(
  db: Db,
  actor: Actor,
  input: z.input<typeof termsStepSchema>,
  request: RequestContext,
): Promise<OnboardingResult> {
  const parsed = termsStepSchema.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  if (parsed.data.termsVersion !== CURRENT_TERMS_VERSION) {
    return { ok: false, error: "The terms have changed since this page was opened. Read the current terms and accept them again." };
  }
  return saveStep(db, actor, "TERMS", request, async (tx, organizationId) => {
    await tx.termsAcceptance.create({ data: { organizationId, userId: actor.userId, termsVersion: CURRENT_TERMS_VERSION } });
    await recordAudit(tx, {
      action: "onboarding.terms_accepted",
      result: "SUCCESS",
      actorUserId: actor.userId,
      organizationId,
      targetType: "terms",
      targetId: CURRENT_TERMS_VERSION,
      ipAddress: request.ipAddress,
      userAgent: request.userAgent,
      requestId: request.requestId,
      details: { termsVersion: CURRENT_TERMS_VERSION },
    });
    return {};
  });
}

/**
 * Called by the Amazon callback inside its transaction once a connection is
 * stored: the CONNECT step is done and onboarding is complete. A seller who
 * re-authorizes later is already COMPLETE and nothing changes.
 */
export async function completeOnboardingOnConnect(tx: DbTransaction, organizationId: string, now: Date): Promise<boolean> {
  const updated = await tx.organization.updateMany({
    where: { id: organizationId, onboardingStep: "CONNECT" },
    data: { onboardingStep: "COMPLETE", onboardingCompletedAt: now },
  });
  return updated.count === 1;
}

function invalid(error: z.ZodError): OnboardingResult {
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? String(issue.path[0]) : "form";
    (fieldErrors[key] ??= []).push(issue.message);
  }
  return { ok: false, error: "Check the highlighted fields and try again.", fieldErrors };
}

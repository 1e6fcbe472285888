import { afterAll, describe, expect, it } from "vitest";
import { createOrganization, createSignedInUser, testRequest } from "@/test/factories";
import { disconnectTestPrisma, getTestPrisma } from "@/test/db";
import {
  acceptTerms,
  getOnboardingState,
  saveContactStep,
  saveMarketplacesStep,
  saveOrganizationStep,
} from "./onboarding";
import { CURRENT_TERMS_VERSION } from "./terms";

const db = getTestPrisma();
afterAll(disconnectTestPrisma);

async function newOwner() {
  const organization = await createOrganization(db);
  const { actor } = await createSignedInUser(db, { role: "SELLER_OWNER", organizationId: organization.id });
  return { actor, organizationId: organization.id };
}

describe("onboarding wizard", () => {
  it("saves each step in order, moves progress forward and records the terms acceptance", async () => {
    const { actor, organizationId } = await newOwner();
    const request = testRequest();
    expect((await getOnboardingState(db, actor))?.step).toBe("ORGANIZATION");

    expect(await saveOrganizationStep(db, actor, { legalName: "  Cascade Goods LLC ", countryCode: "us" }, request)).toEqual({
      ok: true,
      step: "MARKETPLACES",
    });
    expect(
      await saveMarketplacesStep(db, actor, { marketplaceIds: ["ATVPDKIKX0DER", "A2EUQ1WTGCTBG2", "ATVPDKIKX0DER"] }, request),
    ).toEqual({ ok: true, step: "CONTACT" });
    expect(
      await saveContactStep(db, actor, { contactName: "Casey Cascade", contactEmail: "Ops@Cascade.example", contactPhone: "" }, request),
    ).toEqual({ ok: true, step: "TERMS" });
    expect(await acceptTerms(db, actor, { termsVersion: CURRENT_TERMS_VERSION }, request)).toEqual({ ok: true, step: "CONNECT" });

    const state = await getOnboardingState(db, actor);
    expect(state).toMatchObject({
      step: "CONNECT",
      legalName: "Cascade Goods LLC",
      countryCode: "US",
      marketplaceIds: ["ATVPDKIKX0DER", "A2EUQ1WTGCTBG2"],
      regions: ["NA"],
      contactEmail: "ops@cascade.example",
      contactPhone: null,
      acceptedTermsVersion: CURRENT_TERMS_VERSION,
      termsCurrent: true,
    });
    const acceptances = await db.termsAcceptance.findMany({ where: { organizationId } });
    expect(acceptances).toEqual([expect.objectContaining({ userId: actor.userId, termsVersion: CURRENT_TERMS_VERSION })]);
    const audits = await db.auditEvent.findMany({ where: { requestId: request.requestId }, orderBy: { id: "asc" } });
    expect(audits.map((event) => event.action)).toEqual([
      "onboarding.step_completed",
      "onboarding.step_completed",
      "onboarding.step_completed",
      "onboarding.terms_accepted",
      "onboarding.step_completed",
    ]);

    // Coming back to an earlier step edits it without moving progress back.
    expect(await saveOrganizationStep(db, actor, { legalName: "Cascade Goods Inc.", countryCode: "US" }, request)).toEqual({
      ok: true,
      step: "CONNECT",
    });
  });

  it("enforces the step order on the server", async () => {
    const { actor, organizationId } = await newOwner();
    const request = testRequest();
    expect(await saveContactStep(db, actor, { contactName: "Skip Ahead", contactEmail: "skip@example.com", contactPhone: "" }, request)).toMatchObject({
      ok: false,
      error: "Finish the earlier steps first.",
    });
    expect(await acceptTerms(db, actor, { termsVersion: CURRENT_TERMS_VERSION }, request)).toMatchObject({ ok: false });
    const organization = await db.organization.findUniqueOrThrow({ where: { id: organizationId } });
    expect(organization.onboardingStep).toBe("ORGANIZATION");
    expect(organization.contactEmail).toBeNull();
    expect(await db.termsAcceptance.count({ where: { organizationId } })).toBe(0);
  });

  it("validates input: unknown marketplaces, bad country, stale terms version", async () => {
    const { actor, organizationId } = await newOwner();
    const request = testRequest();
    expect(await saveOrganizationStep(db, actor, { legalName: "X", countryCode: "USA" }, request)).toMatchObject({
      ok: false,
      fieldErrors: { legalName: expect.any(Array), countryCode: expect.any(Array) },
    });
    await saveOrganizationStep(db, actor, { legalName: "Valid Name Ltd", countryCode: "GB" }, request);
    expect(await saveMarketplacesStep(db, actor, { marketplaceIds: ["NOT-A-MARKETPLACE"] }, request)).toMatchObject({ ok: false });
    expect(await saveMarketplacesStep(db, actor, { marketplaceIds: [] }, request)).toMatchObject({ ok: false });
    await saveMarketplacesStep(db, actor, { marketplaceIds: ["A1F83G8C2ARO7P"] }, request);
    await saveContactStep(db, actor, { contactName: "Val Id", contactEmail: "val@example.com", contactPhone: "+44 20 7946 0000" }, request);
    expect(await acceptTerms(db, actor, { termsVersion: "2020-01-01" }, request)).toMatchObject({ ok: false });
    expect(await db.termsAcceptance.count({ where: { organizationId } })).toBe(0);
    expect((await getOnboardingState(db, actor))?.step).toBe("TERMS");
  });

  it("only the owner edits, and only the own organization", async () => {
    const { actor: owner, organizationId } = await newOwner();
    const { actor: member } = await createSignedInUser(db, { role: "SELLER_MEMBER", organizationId });
    expect(await saveOrganizationStep(db, member, { legalName: "Member Rename", countryCode: "US" }, testRequest())).toMatchObject({
      ok: false,
    });
    // Another organization's owner acts on their own organization only: ours is untouched.
    const other = await newOwner();
    await saveOrganizationStep(db, other.actor, { legalName: "Other Org LLC", countryCode: "US" }, testRequest());
    const ours = await db.organization.findUniqueOrThrow({ where: { id: organizationId } });
    expect(ours.legalName).not.toBe("Other Org LLC");
    expect(ours.onboardingStep).toBe("ORGANIZATION");
    expect((await getOnboardingState(db, owner))?.organizationId).toBe(organizationId);

    const { actor: operator } = await createSignedInUser(db, { role: "OPERATOR_ADMIN" });
    expect(await saveOrganizationStep(db, operator, { legalName: "Operator Edit", countryCode: "US" }, testRequest())).toMatchObject({
      ok: false,
    });
  });
});

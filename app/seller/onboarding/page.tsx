import type { Metadata } from "next";
import Link from "next/link";
import { Alert } from "@/components/alert";
import { ButtonLink } from "@/components/button";
import { Card } from "@/components/card";
import { PageHeader } from "@/components/page-header";
import { can, requireRouteAccess } from "@/lib/auth/authorize";
import { getPrisma } from "@/lib/db/client";
import type { OnboardingStep } from "@/lib/db/generated/enums";
import { ONBOARDING_PERMISSION, getOnboardingState } from "@/lib/onboarding/onboarding";
import { ONBOARDING_STEP_LABELS, WIZARD_STEPS, hasReached, isWizardStep, stepPosition } from "@/lib/onboarding/steps";
import { CURRENT_TERMS_VERSION } from "@/lib/onboarding/terms";
import { ConnectAmazonForm } from "../amazon/connect-amazon-form";
import { ContactStepForm, MarketplacesStepForm, OrganizationStepForm, TermsStepForm } from "./onboarding-forms";

export const metadata: Metadata = { title: "Onboarding" };

const STEP_INTROS: Readonly<Record<OnboardingStep, string>> = {
  ORGANIZATION: "Tell us who you are: the organization's legal name and where it is registered.",
  MARKETPLACES: "Choose the Amazon marketplaces you sell in. They decide which Amazon regions you authorize.",
  CONTACT: "Who should FireFeed contact about this account?",
  TERMS: "Read how FireFeed uses your Amazon data, then accept the terms.",
  CONNECT: "Authorize FireFeed on Amazon's own consent page. You will come back here afterwards.",
  COMPLETE: "Onboarding is complete.",
};

export default async function SellerOnboardingPage({ searchParams }: { searchParams: Promise<{ step?: string }> }) {
  const actor = await requireRouteAccess("/seller/onboarding");
  const state = await getOnboardingState(getPrisma(), actor);
  if (!state) {
    return <Alert tone="error" title="No organization">Your account does not belong to a seller organization.</Alert>;
  }
  const requested = (await searchParams).step;
  // A step can be opened again once reached; never one ahead of the saved progress.
  const shown: OnboardingStep = isWizardStep(requested) && hasReached(state.step, requested) ? requested : state.step;
  const mayEdit = can(actor, ONBOARDING_PERMISSION);

  return (
    <>
      <PageHeader title="Set up your account" description="Your progress is saved after each step: you can leave and come back at any time." />
      <div className="grid gap-6 lg:grid-cols-[14rem_minmax(0,1fr)]">
        <nav aria-label="Onboarding steps">
          <ol className="space-y-2">
            {WIZARD_STEPS.map((step, index) => {
              const done = hasReached(state.step, step) && step !== state.step;
              const reachable = hasReached(state.step, step);
              const current = step === shown;
              const label = `${index + 1}. ${ONBOARDING_STEP_LABELS[step]}`;
              return (
                <li key={step} className="text-sm">
                  {reachable ? (
                    <Link
                      href={`/seller/onboarding?step=${step}`}
                      aria-current={current ? "step" : undefined}
                      className={current ? "font-semibold text-ember-800" : "text-slate-700 hover:text-slate-900"}
                    >
                      {label}
                      {done && <span className="ml-1 text-emerald-700">(done)</span>}
                    </Link>
                  ) : (
                    <span className="text-slate-500">{label}</span>
                  )}
                </li>
              );
            })}
          </ol>
        </nav>
        <Card id="onboarding-step" title={shown === "COMPLETE" ? "All set" : ONBOARDING_STEP_LABELS[shown]} description={shown === "COMPLETE" ? STEP_INTROS.COMPLETE : `${stepPosition(shown)}. ${STEP_INTROS[shown]}`}>
          {!mayEdit && shown !== "COMPLETE" ? (
            <Alert tone="info">Only your organization&apos;s owner can complete onboarding. Ask them to finish these steps.</Alert>
          ) : shown === "ORGANIZATION" ? (
            <OrganizationStepForm legalName={state.legalName} countryCode={state.countryCode} />
          ) : shown === "MARKETPLACES" ? (
            <MarketplacesStepForm selected={state.marketplaceIds} />
          ) : shown === "CONTACT" ? (
            <ContactStepForm contactName={state.contactName} contactEmail={state.contactEmail} contactPhone={state.contactPhone} />
          ) : shown === "TERMS" ? (
            <TermsStepForm termsVersion={CURRENT_TERMS_VERSION} acceptedVersion={state.acceptedTermsVersion} />
          ) : shown === "CONNECT" ? (
            <ConnectAmazonForm regions={state.regions} />
          ) : (
            <div className="flex flex-wrap gap-3">
              <ButtonLink href="/seller/amazon">See your Amazon connection</ButtonLink>
              <ButtonLink href="/seller/orders" variant="secondary">
                Go to orders
              </ButtonLink>
            </div>
          )}
        </Card>
      </div>
    </>
  );
}

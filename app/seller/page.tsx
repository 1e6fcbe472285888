import type { Metadata } from "next";
import { Badge } from "@/components/badge";
import { ButtonLink } from "@/components/button";
import { Card } from "@/components/card";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { requireRouteAccess } from "@/lib/auth/authorize";
import { Alert } from "@/components/alert";
import { getPrisma } from "@/lib/db/client";
import { countUnacknowledgedSellerNotices } from "@/lib/incidents/seller-notices";
import { getOnboardingState } from "@/lib/onboarding/onboarding";
import { ONBOARDING_STEP_LABELS, WIZARD_STEPS, WIZARD_STEP_SUMMARIES, stepPosition, stepsDone, wizardStepCountInWords } from "@/lib/onboarding/steps";

export const metadata: Metadata = { title: "Overview" };

export default async function SellerOverviewPage() {
  const actor = await requireRouteAccess("/seller");
  const onboarding = await getOnboardingState(getPrisma(), actor);
  const complete = onboarding?.step === "COMPLETE";
  // The wizard's own steps (lib/onboarding/steps.ts): progress = how many of them are done.
  const totalSteps = WIZARD_STEPS.length;
  const doneSteps = onboarding ? stepsDone(onboarding.step) : 0;
  const unacknowledgedNotices = actor.organizationId ? await countUnacknowledgedSellerNotices(getPrisma(), actor.organizationId) : 0;

  return (
    <>
      <PageHeader title="Overview" description="Your FireFeed account at a glance." />
      {unacknowledgedNotices > 0 && (
        <Alert
          tone="warning"
          live="none"
          title={`${unacknowledgedNotices} security notice${unacknowledgedNotices === 1 ? "" : "s"} to read`}
          action={<ButtonLink href="/seller/notices" size="sm">Read notices</ButtonLink>}
          className="mb-6"
        >
          FireFeed's security team posted a notice about an incident affecting your organization. Read and acknowledge it.
        </Alert>
      )}
      <div className="grid gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        {onboarding && !complete ? (
          <Card
            id="onboarding-progress"
            title="Finish setting up your account"
            description={`${stepPosition(onboarding.step)}: ${ONBOARDING_STEP_LABELS[onboarding.step]}. Your progress is saved; pick up where you left off.`}
          >
            <div className="space-y-4">
              <div
                role="progressbar"
                aria-label="Onboarding progress"
                aria-valuemin={0}
                aria-valuemax={totalSteps}
                aria-valuenow={doneSteps}
                className="h-2 w-full overflow-hidden rounded-full bg-slate-100"
              >
                <div className={`h-full bg-ember-600 ${progressWidthClass(doneSteps / totalSteps)}`} />
              </div>
              <ButtonLink href="/seller/onboarding">{doneSteps === 0 ? "Start onboarding" : "Continue onboarding"}</ButtonLink>
            </div>
          </Card>
        ) : (
          <EmptyState
            icon="home"
            title="Your account is set up"
            description="See your Amazon connection's health and the last sync on the connection page, and your orders (buyer details masked) on the orders page."
            action={
              <>
                <ButtonLink href="/seller/orders">Go to orders</ButtonLink>
                <ButtonLink href="/seller/amazon" variant="secondary">
                  Amazon connection
                </ButtonLink>
              </>
            }
          />
        )}
        <Card title="Getting started" description={`${wizardStepCountInWords()} to your first synced order.`}>
          <ol className="space-y-4">
            {WIZARD_STEPS.map((step, index) => (
              <li key={step} className="flex gap-3">
                <span
                  className="flex size-6 shrink-0 items-center justify-center rounded-full bg-ember-50 text-xs font-semibold text-ember-800 ring-1 ring-inset ring-ember-200"
                  aria-hidden="true"
                >
                  {index + 1}
                </span>
                <div>
                  <p className="text-sm font-medium text-slate-900">{ONBOARDING_STEP_LABELS[step]}</p>
                  <p className="mt-0.5 text-sm text-slate-600">{WIZARD_STEP_SUMMARIES[step]}</p>
                </div>
              </li>
            ))}
          </ol>
          {complete && (
            <p className="mt-4">
              <Badge tone="success">Onboarding complete</Badge>
            </p>
          )}
        </Card>
      </div>
    </>
  );
}

/**
 * The bar's width as a class: the CSP allows no inline style attributes outside
 * the dev server, so an inline width style would be ignored (and the bar drawn full).
 */
function progressWidthClass(fraction: number): string {
  const widths = ["w-0", "w-1/5", "w-2/5", "w-3/5", "w-4/5", "w-full"] as const;
  return widths[Math.max(0, Math.min(5, Math.round(fraction * 5)))] ?? "w-0";
}

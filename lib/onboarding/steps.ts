// The onboarding wizard's steps as plain data (no I/O, safe anywhere). The
// wizard, the seller's overview and the operator's seller page all number and
// count the steps from this one list, so no screen can say "three steps" while
// another says "Step 1 of 5".
import type { OnboardingStep } from "@/lib/db/generated/enums";

export const ONBOARDING_STEPS = ["ORGANIZATION", "MARKETPLACES", "CONTACT", "TERMS", "CONNECT", "COMPLETE"] as const satisfies readonly OnboardingStep[];

/** A step the seller works through; COMPLETE is where they arrive, not a step. */
export type WizardStep = Exclude<OnboardingStep, "COMPLETE">;

export const WIZARD_STEPS: readonly WizardStep[] = ONBOARDING_STEPS.filter((step): step is WizardStep => step !== "COMPLETE");

export const ONBOARDING_STEP_LABELS: Readonly<Record<OnboardingStep, string>> = Object.freeze({
  ORGANIZATION: "Organization",
  MARKETPLACES: "Marketplaces",
  CONTACT: "Contact",
  TERMS: "Data-use terms",
  CONNECT: "Connect Amazon",
  COMPLETE: "Complete",
});

/** One line per step, for lists of the steps ahead (the seller's overview). */
export const WIZARD_STEP_SUMMARIES: Readonly<Record<WizardStep, string>> = Object.freeze({
  ORGANIZATION: "Your organization's legal name and the country where it is registered.",
  MARKETPLACES: "The Amazon marketplaces you sell in.",
  CONTACT: "Who FireFeed should contact about this account.",
  TERMS: "Read and accept how FireFeed uses your Amazon data.",
  CONNECT: "Authorize FireFeed on Amazon's consent screen so your orders can sync.",
});

export function stepIndex(step: OnboardingStep): number {
  return ONBOARDING_STEPS.indexOf(step);
}

/** Whether `reached` (the organization's progress) is at or past `step`. */
export function hasReached(reached: OnboardingStep, step: OnboardingStep): boolean {
  return stepIndex(reached) >= stepIndex(step);
}

export function isWizardStep(value: string | undefined): value is WizardStep {
  return WIZARD_STEPS.some((step) => step === value);
}

/** How many of the wizard's steps are done when progress is at `reached` (0 to WIZARD_STEPS.length). */
export function stepsDone(reached: OnboardingStep): number {
  return Math.min(stepIndex(reached), WIZARD_STEPS.length);
}

/** "Step 2 of 5"; COMPLETE counts as the last step. */
export function stepPosition(step: OnboardingStep): string {
  return `Step ${Math.min(stepIndex(step), WIZARD_STEPS.length - 1) + 1} of ${WIZARD_STEPS.length}`;
}

const NUMBER_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"] as const;

/** "Five steps": the wizard's length as a sentence starts it. */
export function wizardStepCountInWords(): string {
  const count = WIZARD_STEPS.length;
  const number = NUMBER_WORDS[count] ?? String(count);
  return `${number.charAt(0).toUpperCase()}${number.slice(1)} ${count === 1 ? "step" : "steps"}`;
}

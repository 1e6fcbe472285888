import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ONBOARDING_STEPS, WIZARD_STEPS, WIZARD_STEP_SUMMARIES, isWizardStep, stepPosition, stepsDone, wizardStepCountInWords } from "./steps";

describe("onboarding steps", () => {
  it("the wizard's steps are the onboarding steps before COMPLETE, each with a summary", () => {
    expect(WIZARD_STEPS).toEqual(ONBOARDING_STEPS.slice(0, -1));
    expect(Object.keys(WIZARD_STEP_SUMMARIES)).toEqual([...WIZARD_STEPS]);
    expect(isWizardStep("TERMS")).toBe(true);
    expect(isWizardStep("COMPLETE")).toBe(false);
    expect(isWizardStep(undefined)).toBe(false);
  });

  it("counts in words and in digits give the same number", () => {
    expect(WIZARD_STEPS).toHaveLength(5);
    expect(wizardStepCountInWords()).toBe("Five steps");
    expect(stepPosition("ORGANIZATION")).toBe("Step 1 of 5");
    expect(stepPosition("MARKETPLACES")).toBe("Step 2 of 5");
    expect(stepPosition("CONNECT")).toBe("Step 5 of 5");
    expect(stepPosition("COMPLETE")).toBe("Step 5 of 5");
    expect([stepsDone("ORGANIZATION"), stepsDone("CONNECT"), stepsDone("COMPLETE")]).toEqual([0, 4, 5]);
  });

  it("no screen writes a step count of its own", () => {
    // "Three steps to your first synced order" beside the wizard's "Step 1 of 5":
    // screens take the count from ./steps (wizardStepCountInWords, stepPosition).
    const root = path.resolve(__dirname, "../..");
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) return files(full);
        return /\.tsx?$/.test(entry.name) && !entry.name.includes(".test.") ? [full] : [];
      });
    const countWords = "one|two|three|four|five|six|seven|eight|nine|ten|\\d+";
    const ownCount = new RegExp(`\\b(${countWords}) (onboarding |setup |simple |easy )?steps\\b|\\bstep (${countWords}) of (${countWords})\\b`, "i");
    const offenders = [...files(path.join(root, "app")), ...files(path.join(root, "components"))]
      .filter((file) => readFileSync(file, "utf8").split("\n").some((line) => ownCount.test(line)))
      .map((file) => path.relative(root, file));
    expect(offenders).toEqual([]);
  });
});

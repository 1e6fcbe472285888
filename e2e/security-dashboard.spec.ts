/**
 * Journey: the security dashboard (issue 5, part 8) and the security settings.
 * The analyst lives in the dashboard: stat cards, the activity charts (drawn
 * in the browser without breaking the Content-Security-Policy: every test fails
 * on any violation, e2e/support/test.ts), links into
 * each screen; tunes an alert threshold and gets a refused value explained
 * next to its field. The admin sees the dashboard without the alert and
 * review sections (separation of duties) and cannot open the settings.
 */
import { test, expect, type Locator } from "./support/test";
import { readFixtures } from "./support/fixtures";
import { signIn } from "./support/sign-in";
import { signInRefusal, submitPasswordStep, toast } from "./support/journeys";

/** A stat card (a link) of the "At a glance" row, by its label. */
function card(glance: Locator, label: string): Locator {
  return glance.getByRole("link").filter({ hasText: label });
}

const ANALYST_CARDS = ["Open incidents", "Nearest Amazon deadline", "Unacknowledged alerts", "Access review", "Log reviews", "Runbook review"];

test("the security analyst reads the dashboard, follows a link into alerts and tunes an alert threshold", async ({ page }) => {
  test.setTimeout(90_000);
  const { securityAnalyst } = readFixtures().users;

  // One failed sign-in (an unknown account), so the activity charts have something to draw.
  await submitPasswordStep(page, "nobody-dashboard@fire-feed.example", "FAKE-wrong-password-1");
  await expect(signInRefusal(page)).toBeVisible();

  await signIn(page, securityAnalyst, "/admin/security");
  await expect(page.getByRole("heading", { level: 1, name: "Security dashboard" })).toBeVisible();

  const glance = page.getByRole("list", { name: "At a glance" });
  for (const label of ANALYST_CARDS) await expect(card(glance, label)).toBeVisible();
  await expect(page.getByRole("region", { name: "Open incidents" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Recent alerts" })).toBeVisible();

  // The charts are drawn after load, in the browser; the numbers are also in a table for screen readers.
  const activity = page.getByRole("region", { name: "Activity, last 30 days" });
  await expect(activity.locator("svg.recharts-surface").first()).toBeVisible();
  await expect(activity.locator("svg.recharts-surface")).toHaveCount(4);
  await expect(activity.getByRole("table", { name: /Security events per day/ })).toBeAttached();
  await expect(activity.getByRole("table").getByRole("row")).toHaveCount(31);
  // Pointing at a day shows its tooltip (drawn from script: still no CSP violation, see the guard in support/test.ts).
  await activity.locator("svg.recharts-surface").first().hover({ position: { x: 200, y: 60 } });
  await expect(activity.locator(".recharts-tooltip-wrapper").first()).toBeVisible();

  // Links into each screen.
  await card(glance, "Unacknowledged alerts").click();
  await expect(page).toHaveURL(/\/admin\/security\/alerts$/);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();

  // Security settings: change a threshold, see it saved.
  await page.goto("/admin/security/settings");
  const rules = page.getByRole("region", { name: "Alert rules" });
  const lockouts = rules.getByRole("group", { name: "Account lockouts" });
  const events = lockouts.getByLabel("Events", { exact: true });
  await events.fill("3");
  await rules.getByRole("button", { name: "Save alert rules" }).click();
  await expect(toast(page, "Alert rules saved.")).toBeVisible();
  await expect(rules.getByText(`by ${securityAnalyst.email}.`)).toBeVisible();
  await page.reload();
  await expect(lockouts.getByLabel("Events", { exact: true })).toHaveValue("3");

  // An invalid value: the error is next to the field, the value stays on screen, nothing is saved.
  await lockouts.getByLabel("Events", { exact: true }).fill("0");
  await rules.getByRole("button", { name: "Save alert rules" }).click();
  await expect(lockouts.getByText("Must be at least 1.")).toBeVisible();
  await expect(lockouts.getByLabel("Events", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await expect(lockouts.getByLabel("Events", { exact: true })).toHaveValue("0");
  await expect(toast(page, "Check the highlighted fields and try again.")).toBeVisible();
  await page.reload();
  await expect(lockouts.getByLabel("Events", { exact: true })).toHaveValue("3");

});

test("the operator admin sees the dashboard without alerts or reviews, and cannot open the security settings", async ({ page }) => {
  const { operatorAdmin } = readFixtures().users;
  await signIn(page, operatorAdmin, "/admin/security");
  await expect(page.getByRole("heading", { level: 1, name: "Security dashboard" })).toBeVisible();

  const glance = page.getByRole("list", { name: "At a glance" });
  for (const label of ["Open incidents", "Nearest Amazon deadline", "Runbook review"]) {
    await expect(card(glance, label)).toBeVisible();
  }
  for (const label of ["Unacknowledged alerts", "Access review", "Log reviews"]) {
    await expect(card(glance, label)).toHaveCount(0);
  }
  await expect(page.getByRole("region", { name: "Recent alerts" })).toHaveCount(0);
  await expect(page.getByRole("region", { name: "Open incidents" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Activity, last 30 days" })).toBeVisible();

  await page.goto("/admin/security/settings");
  await expect(page.getByRole("heading", { name: "You do not have access to this page" })).toBeVisible();
});

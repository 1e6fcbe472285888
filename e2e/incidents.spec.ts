/**
 * Journey: an incident opened from scratch ("New incident"), flagged as
 * involving Amazon Information (I1-I3, D4): the clock waits for confirmation,
 * the commander is assigned, confirming starts Amazon's 24-hour countdown,
 * and the incident is listed as open. The rest of its life (Amazon
 * notification, affected sellers, post-mortem, corrective actions, closing)
 * runs after an alert is escalated in e2e/alerts.spec.ts
 * (e2e/support/incident-journey.ts), not twice.
 */
import { test, expect } from "./support/test";
import { readFixtures } from "./support/fixtures";
import { markDocument, toast } from "./support/journeys";
import { signIn } from "./support/sign-in";

test("the analyst opens an Amazon incident from scratch, assigns the commander and confirms it: the 24-hour countdown starts (I1-I3, D4)", async ({ page }) => {
  test.setTimeout(90_000);
  const { securityAnalyst } = readFixtures().users;
  const title = `Suspicious SP-API token use ${Date.now()}`;

  await signIn(page, securityAnalyst, "/admin/security/incidents");
  await expect(page.getByRole("heading", { name: "Incidents", level: 1 })).toBeVisible();

  await page.getByRole("link", { name: "New incident" }).click();
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Summary").fill("Refresh token used from an unknown network; orders API called in bulk.");
  await page.getByLabel("Severity").selectOption("SEV1");
  await page.getByLabel("Involves Amazon Information").check();
  await page.getByRole("button", { name: "Open incident" }).click();
  const heading = page.getByRole("heading", { level: 1, name: title });
  await expect(heading).toHaveText(/^INC-\d+: Suspicious SP-API token use \d+$/);
  await expect(page.getByText("The 24-hour countdown starts when the incident is confirmed.")).toBeVisible();
  await expect(page.getByRole("timer")).toHaveCount(0);

  const roles = page.getByRole("region", { name: "Roles" });
  const assignNoReload = await markDocument(page);
  await roles.getByLabel("Incident commander", { exact: true }).selectOption({ label: "Ada Analyst" });
  await roles.getByRole("button", { name: "Save Incident commander" }).click();
  await expect(toast(page, "Incident commander assigned.")).toBeVisible();
  // The screen shows what was saved, without a reload (issue 11: it used to fall back to "Unassigned").
  await expect(roles.getByLabel("Incident commander", { exact: true }).locator("option:checked")).toHaveText("Ada Analyst");
  await expect(roles.getByRole("button", { name: "Save Incident commander" })).toBeDisabled();
  await assignNoReload();

  await page.getByRole("button", { name: "Move to Triage / confirmed" }).click();
  await expect(toast(page, "Moved to Triage / confirmed.")).toBeVisible();
  const countdown = page.getByRole("timer", { name: "Time left to notify Amazon" });
  await expect(countdown.getByTestId("amazon-countdown")).toHaveText(/^2[34]:\d\d:\d\d$/);

  // The list shows it open, with the clock running.
  await page.goto("/admin/security/incidents");
  await expect(page.getByRole("row").filter({ hasText: title })).toBeVisible();

  // Every Amazon countdown ticks, the dashboard's included (issue 11: its card stood still).
  await page.goto("/admin/security");
  const nearest = page.getByRole("list", { name: "At a glance" }).getByRole("link").filter({ hasText: "Nearest Amazon deadline" });
  await expect(nearest).toContainText(/\d+ h \d\d min \d\d s left/);
  const pill = page.getByRole("region", { name: "Open incidents" }).getByRole("listitem").filter({ hasText: title }).getByText(/left to notify Amazon$/);
  const before = { card: await nearest.innerText(), pill: await pill.innerText() };
  await expect(nearest).not.toHaveText(before.card, { timeout: 5_000 });
  await expect(pill).not.toHaveText(before.pill, { timeout: 5_000 });
});

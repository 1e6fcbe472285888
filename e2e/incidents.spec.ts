/**
 * Journey: an incident involving Amazon Information opened from scratch
 * ("New incident") and run to closure (I1-I5, D4). The same incident steps run
 * after an alert is escalated in e2e/alerts.spec.ts; see
 * e2e/support/incident-journey.ts.
 */
import { test, expect } from "@playwright/test";
import { readFixtures } from "./support/fixtures";
import { runAmazonIncidentToClosure } from "./support/incident-journey";
import { signIn } from "./support/sign-in";

test("the analyst opens an Amazon incident from scratch and runs it to closure; the affected seller acknowledges the notice (I1-I5, D4)", async ({ page, browser }) => {
  test.setTimeout(180_000);
  const { securityAnalyst, sellerOwner } = readFixtures().users;
  const title = `Suspicious SP-API token use ${Date.now()}`;

  await signIn(page, securityAnalyst, "/admin/security/incidents");
  await expect(page.getByRole("heading", { name: "Incidents", level: 1 })).toBeVisible();

  // Open the incident from scratch, flagged as involving Amazon Information.
  await page.getByRole("link", { name: "New incident" }).click();
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Summary").fill("Refresh token used from an unknown network; orders API called in bulk.");
  await page.getByLabel("Severity").selectOption("SEV1");
  await page.getByLabel("Involves Amazon Information").check();
  await page.getByRole("button", { name: "Open incident" }).click();
  const heading = page.getByRole("heading", { level: 1, name: title });
  await expect(heading).toBeVisible();
  await expect(heading).toHaveText(/^INC-\d+: Suspicious SP-API token use \d+$/);

  await runAmazonIncidentToClosure(page, browser, sellerOwner);

  // The list shows it under "Closed".
  await page.goto("/admin/security/incidents?status=closed");
  await expect(page.getByRole("row").filter({ hasText: title })).toContainText("Amazon notified");
});

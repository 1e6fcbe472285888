/**
 * Journey: the weekly log review (L4). The task for last week exists as soon
 * as the analyst opens the list; they read the week's summary and sign it off
 * with notes, once.
 */
import { test, expect } from "./support/test";
import { readFixtures } from "./support/fixtures";
import { signIn } from "./support/sign-in";
import { markDocument, toast } from "./support/journeys";

test("the security analyst signs off last week's log review with notes (L4)", async ({ page }) => {
  test.setTimeout(90_000);
  const { securityAnalyst } = readFixtures().users;
  await signIn(page, securityAnalyst, "/admin/security/log-reviews");
  await expect(page.getByRole("heading", { name: "Log reviews", level: 1 })).toBeVisible();

  const openRow = page.getByRole("row").filter({ has: page.getByText(/^(Open|Overdue)$/) }).first();
  await expect(openRow).toBeVisible();
  const week = (await openRow.getByRole("link").textContent())?.trim() ?? "";
  expect(week).toMatch(/^\d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}$/);
  await openRow.getByRole("link").click();

  await expect(page.getByRole("heading", { name: `Log review: week ${week}` })).toBeVisible();
  const events = page.getByRole("table", { name: "Security-relevant events of the week" });
  for (const category of ["Sign-in failures", "Account lockouts", "Failed two-step checks", "Role and permission changes", "Buyer PII reveals", "Exports", "Access denied"]) {
    await expect(events.getByRole("rowheader", { name: category })).toBeVisible();
  }
  await expect(events.getByRole("link", { name: "auth.sign_in_failed" })).toHaveAttribute("href", /\/admin\/security\/audit\?action=auth\.sign_in_failed&from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}/);
  await expect(page.getByRole("heading", { name: "Alerts raised this week" })).toBeVisible();

  const notes = "Checked sign-in failures and access denials: all from the journey tests, nothing to follow up.";
  await page.getByLabel("Review notes").fill(notes);
  const signOffNoReload = await markDocument(page);
  await page.getByRole("button", { name: "Sign off this week" }).click();
  await expect(toast(page, `Log review for ${week} signed off.`)).toBeVisible();
  await expect(page.getByText(notes)).toBeVisible();
  await expect(page.getByRole("button", { name: "Sign off this week" })).toHaveCount(0);
  await signOffNoReload();

  await page.getByRole("link", { name: "Log reviews" }).first().click();
  const signedRow = page.getByRole("row").filter({ hasText: week });
  await expect(signedRow.getByText("Signed off", { exact: true })).toBeVisible();
  await expect(signedRow).toContainText(securityAnalyst.email);
});

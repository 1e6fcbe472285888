/**
 * Journey: the security analyst works with the audit log (A5, L2) and the
 * incident response runbook (D6): filters by action, reads one event in the
 * detail drawer, exports the filtered set as CSV (the file holds exactly the
 * filtered rows), verifies the hash chain, then signs off a runbook review and
 * sees the next due date.
 */
import { readFileSync } from "node:fs";
import { test, expect } from "./support/test";
import { readFixtures } from "./support/fixtures";
import { signIn } from "./support/sign-in";
import { toast } from "./support/journeys";

/** reviewedAt + 6 months (the default cadence), as the page shows it (YYYY-MM-DD, UTC). */
function sixMonthsFrom(date: Date): string {
  const result = new Date(date.getTime());
  const day = result.getUTCDate();
  result.setUTCDate(1);
  result.setUTCMonth(result.getUTCMonth() + 6);
  const lastDay = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate();
  result.setUTCDate(Math.min(day, lastDay));
  return result.toISOString().slice(0, 10);
}

test("the analyst filters the audit log, reads an event, exports CSV, verifies the chain and signs off the runbook (A5, L2, D6)", async ({ page }) => {
  test.setTimeout(90_000);
  const { securityAnalyst } = readFixtures().users;
  await signIn(page, securityAnalyst, "/admin/security/audit");
  await expect(page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();

  // Filter by one action: the URL carries the filter (shareable), every row shows it.
  await page.getByLabel("Action", { exact: true }).fill("auth.sign_in");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/[?&]action=auth\.sign_in(&|$)/);
  const table = page.getByRole("table", { name: "Audit events, newest first" });
  const detailButtons = table.getByRole("button", { name: /^Details of event \d+$/ });
  await expect(detailButtons.first()).toBeVisible();
  const shownRows = await detailButtons.count();
  const actionCells = table.locator("tbody tr td:nth-child(2)");
  expect(await actionCells.allInnerTexts()).toEqual(Array<string>(shownRows).fill("auth.sign_in"));

  // The detail drawer: a dialog with every field and the hash chain; Escape closes it and focus returns.
  const firstButton = detailButtons.first();
  const firstId = (await firstButton.getAttribute("aria-label"))?.replace("Details of event ", "") ?? "";
  await firstButton.click();
  const drawer = page.getByRole("dialog", { name: "auth.sign_in" });
  await expect(drawer).toBeVisible();
  await expect(drawer.getByText(`Audit event ${firstId}`)).toBeVisible();
  await expect(drawer.getByText("Previous hash")).toBeVisible();
  await expect(drawer.getByRole("link", { name: "More from this actor" })).toBeVisible();
  await expect(drawer.getByRole("button", { name: "Close details" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(drawer).toBeHidden();
  await expect(firstButton).toBeFocused();

  // Export CSV: a download holding the filtered rows only, newest first.
  const downloadPromise = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toMatch(/^audit-log-.*\.csv$/);
  const csv = readFileSync(await download.path(), "utf8");
  const lines = csv.trimEnd().split("\r\n");
  expect(lines[0]).toMatch(/^id,occurredAt,action,result,/);
  const dataLines = lines.slice(1);
  expect(dataLines.length).toBeGreaterThanOrEqual(shownRows);
  for (const line of dataLines) expect(line.split(",")[2]).toBe("auth.sign_in");
  expect(dataLines[0]?.startsWith(`${firstId},`)).toBe(true);

  // The export itself is in the log.
  await page.goto("/admin/security/audit?action=audit.exported");
  await expect(page.getByRole("table", { name: "Audit events, newest first" }).getByText("audit.exported").first()).toBeVisible();

  // Verify chain: intact.
  await page.getByRole("button", { name: "Verify chain" }).click();
  await expect(page.getByText("Chain intact")).toBeVisible();
  await expect(page.getByText(/row\(s\) checked in/)).toBeVisible();

  // The runbook: the point of contact is filled in, and a review sign-off sets the next due date.
  await page.goto("/admin/security/runbook");
  await expect(page.getByRole("heading", { level: 1, name: "Incident response runbook" })).toBeVisible();
  await expect(page.getByRole("region", { name: /Current version/ }).getByText("security@amazon.com").first()).toBeVisible();
  await expect(page.getByRole("region", { name: /Current version/ }).getByText("{{INCIDENT_CONTACT}}")).toHaveCount(0);
  await page.getByLabel("Review notes").fill("Checked the contact, the roles and the Amazon escalation address.");
  const reviewedAt = new Date();
  await page.getByRole("button", { name: "Sign off review" }).click();
  await expect(toast(page, /Next review due/)).toBeVisible();
  const expected = sixMonthsFrom(reviewedAt);
  await expect(page.getByTestId("runbook-next-due")).toHaveText(expected);
  await expect(page.getByText(`Next review due ${expected}`, { exact: true })).toBeVisible();
  await expect(page.getByRole("region", { name: "Recent reviews" }).getByText("Checked the contact, the roles")).toBeVisible();
});

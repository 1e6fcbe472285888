/**
 * The incident half of the security team's journey (I1-I5, D4), shared by the
 * specs that open an incident (from scratch, or by escalating an alert). It
 * starts on the incident's page, with the incident flagged as involving
 * Amazon Information and not yet confirmed: the analyst assigns the roles,
 * confirms it (Amazon's 24-hour countdown starts), records the notification
 * to Amazon (the clock stops), links and notifies an affected seller, whose
 * owner reads and acknowledges the notice in the seller portal; then the
 * post-mortem, a corrective action (closing is refused while it is open), the
 * remaining phases, and the close.
 */
import { expect, type Browser, type Page } from "@playwright/test";
import type { FixtureUser } from "./fixtures";
import { toast } from "./journeys";
import { signIn } from "./sign-in";

async function moveTo(page: Page, label: string) {
  await page.getByRole("button", { name: `Move to ${label}` }).click();
  await expect(toast(page, `Moved to ${label}.`)).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Incident phases" }).locator('[aria-current="step"]')).toContainText(label);
}

export async function runAmazonIncidentToClosure(page: Page, browser: Browser, sellerOwner: FixtureUser): Promise<void> {
  const incidentUrl = page.url();
  const noticeTitle = `Security incident affecting your account ${Date.now()}`;
  await expect(page.getByText("The 24-hour countdown starts when the incident is confirmed.")).toBeVisible();

  // Roles (I2).
  const roles = page.getByRole("region", { name: "Roles" });
  for (const [label, person] of [
    ["Incident commander", "Ada Analyst"],
    ["Communications lead", "Ola Admin"],
    ["Scribe", "Sam Support"],
  ] as const) {
    await roles.getByLabel(label, { exact: true }).selectOption({ label: person });
    await roles.getByRole("button", { name: `Save ${label}` }).click();
    await expect(toast(page, `${label} assigned.`)).toBeVisible();
  }
  const timeline = page.getByRole("list", { name: "Timeline entries" });
  await expect(timeline.getByText("Communications lead: Ola Admin")).toBeVisible();

  // Confirm: the countdown appears with ~24 h left (I3).
  await moveTo(page, "Triage / confirmed");
  const countdown = page.getByRole("timer", { name: "Time left to notify Amazon" });
  await expect(countdown).toBeVisible();
  await expect(countdown.getByTestId("amazon-countdown")).toHaveText(/^2[34]:\d\d:\d\d$/);

  // Record the notification to Amazon: the clock stops.
  await page.getByRole("button", { name: "Record Amazon notification" }).click();
  const dialog = page.getByRole("dialog", { name: "Record the notification to Amazon" });
  await dialog.getByLabel("Channel").selectOption({ label: "E-mail to security@amazon.com" });
  await dialog.getByLabel("Reference").fill("Amazon case FAKE-CASE-0042");
  await dialog.getByRole("button", { name: "Record notification" }).click();
  // The dialog's form leaves the page with the running clock, so the page itself is the confirmation.
  const clockCard = page.getByRole("region", { name: "Amazon notification (24 hours)" });
  await expect(clockCard.getByText("Amazon notified", { exact: true })).toBeVisible();
  await expect(page.getByRole("timer")).toHaveCount(0);
  await expect(page.getByText("Amazon case FAKE-CASE-0042", { exact: true })).toBeVisible();

  // Link the affected seller and notify it (I4).
  const sellers = page.getByRole("region", { name: "Affected sellers" });
  await sellers.getByLabel("Search sellers by legal name").fill("Acme Outdoor");
  await sellers.getByRole("button", { name: "Search" }).click();
  await sellers.getByRole("button", { name: "Link Acme Outdoor LLC" }).click();
  const acmeRow = sellers.getByRole("row").filter({ hasText: "Acme Outdoor LLC" });
  await expect(acmeRow).toContainText("Not yet");
  await sellers.getByLabel("Notice title").fill(noticeTitle);
  await sellers
    .getByLabel("Notice text")
    .fill("We detected unusual use of your Amazon authorization and revoked it. Reconnect Amazon from the portal; no action is needed on Amazon's side.");
  await sellers.getByRole("button", { name: /Notify affected sellers/ }).click();
  await expect(toast(page, /Notified 1 seller: 1 e-mail sent/)).toBeVisible();
  await expect(acmeRow).toContainText("1 sent");

  // The seller owner sees the notice in the seller portal and acknowledges it.
  const sellerContext = await browser.newContext();
  const sellerPage = await sellerContext.newPage();
  await signIn(sellerPage, sellerOwner, "/seller");
  await expect(sellerPage.getByText(/security notices? to read/)).toBeVisible();
  await sellerPage.getByRole("link", { name: "Read notices" }).click();
  const notice = sellerPage.getByRole("region", { name: noticeTitle });
  await expect(notice).toContainText("We detected unusual use of your Amazon authorization");
  await notice.getByRole("button", { name: `Acknowledge “${noticeTitle}”` }).click();
  await expect(notice.getByText(/^Acknowledged /)).toBeVisible();
  await sellerContext.close();

  await page.goto(incidentUrl);
  await expect(page.getByRole("region", { name: "Affected sellers" }).getByRole("row").filter({ hasText: "Acme Outdoor LLC" })).toContainText(/\d{4}-\d\d-\d\d \d\d:\d\d UTC/);

  // Post-mortem (rendered safely) and a corrective action (I5).
  const postMortem = page.getByRole("region", { name: "Post-mortem" });
  await postMortem
    .getByLabel("Post-mortem (markdown)")
    .fill("## Root cause\n\nA refresh token leaked through a CI log.\n\n- Rotated the token\n- Scrubbed the logs\n\n<script>alert(1)</script>");
  await postMortem.getByRole("tab", { name: "Preview" }).click();
  await expect(postMortem.getByRole("heading", { name: "Root cause" })).toBeVisible();
  await expect(postMortem.getByRole("listitem").filter({ hasText: "Rotated the token" })).toBeVisible();
  await postMortem.getByRole("button", { name: "Save post-mortem" }).click();
  await expect(toast(page, "Post-mortem saved.")).toBeVisible();

  const actions = page.getByRole("region", { name: "Corrective actions" });
  await actions.getByLabel("Corrective action", { exact: true }).fill("Mask tokens in CI logs");
  await actions.getByLabel("Owner").selectOption({ label: "Ada Analyst" });
  await actions.getByLabel("Due date").fill("2027-01-15");
  await actions.getByRole("button", { name: "Add action" }).click();
  await expect(toast(page, "Corrective action added.")).toBeVisible();
  await expect(actions.getByRole("row").filter({ hasText: "Mask tokens in CI logs" })).toContainText("Open");

  // Through the phases; closing is refused while the action is open.
  await moveTo(page, "Containment");
  await moveTo(page, "Analysis");
  await moveTo(page, "Recovery");
  await moveTo(page, "Post-mortem");
  await expect(page.getByRole("list", { name: "Before closing" })).toContainText("1 corrective action is still open or in progress");
  await page.getByRole("button", { name: "Close incident" }).click();
  await expect(toast(page, /The incident cannot close yet\. 1 corrective action is still open or in progress/)).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Incident phases" }).locator('[aria-current="step"]')).toContainText("Post-mortem");

  await actions.getByLabel("Status of Mask tokens in CI logs", { exact: true }).selectOption("DONE");
  await actions.getByRole("button", { name: "Update status of Mask tokens in CI logs" }).click();
  await expect(toast(page, "Corrective action updated.")).toBeVisible();
  await expect(actions.getByRole("row").filter({ hasText: "Mask tokens in CI logs" })).toContainText("Done");

  await page.getByRole("button", { name: "Close incident" }).click();
  await expect(page.getByRole("navigation", { name: "Incident phases" }).locator('[aria-current="step"]')).toContainText("Closed");
  await expect(page.getByRole("button", { name: "Add note" })).toHaveCount(0);
  // The post-mortem stays readable, rendered without raw HTML.
  await expect(page.getByRole("region", { name: "Post-mortem" }).getByRole("heading", { name: "Root cause" })).toBeVisible();
  await expect(page.locator("#post-mortem script")).toHaveCount(0);

}

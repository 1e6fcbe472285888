/**
 * Journey: step-up returns to the action (issue 11). A seller owner and a
 * security analyst sign in, then wait out the step-up window, so their next
 * sensitive action is sent to "Confirm it's you" for real. After the code:
 *  - the owner's invitation is sent without typing it again (the refused form
 *    is refilled and submitted again), and the step-up page was drawn inside
 *    the seller area, not the public site;
 *  - the analyst's filtered audit export comes back to the filtered log with
 *    the export one click away, and the download holds the filtered rows only
 *    (it used to come back unfiltered and export every event).
 */
import { readFileSync } from "node:fs";
import type { Page } from "@playwright/test";
import { test, expect } from "./support/test";
import { freshTotpCode, readFixtures, type FixtureUser } from "./support/fixtures";
import { markDocument, toast, uniqueEmail } from "./support/journeys";
import { signIn } from "./support/sign-in";
import { E2E_STEP_UP_WINDOW_SECONDS } from "./support/step-up-window";

async function confirmItsYou(page: Page, user: Pick<FixtureUser, "totpSecret">): Promise<void> {
  await expect(page.getByRole("heading", { name: "Confirm it's you" })).toBeVisible();
  await page.getByLabel("Authentication code").fill(await freshTotpCode(user.totpSecret));
  await page.getByRole("button", { name: "Confirm" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/step-up"));
}

test("after 'Confirm it's you' the invitation is sent and the audit export keeps its filter", async ({ browser }) => {
  test.setTimeout(E2E_STEP_UP_WINDOW_SECONDS * 1000 + 90_000);
  const { sellerOwner, journeyAnalyst: securityAnalyst } = readFixtures().users;
  const sellerContext = await browser.newContext();
  const analystContext = await browser.newContext({ acceptDownloads: true });
  try {
    const seller = await sellerContext.newPage();
    const analyst = await analystContext.newPage();
    await signIn(seller, sellerOwner, "/seller/team");
    await signIn(analyst, securityAnalyst, "/admin/security/audit");
    const lastMfaCheckAt = Date.now();

    // The analyst filters the log (in the URL) while the window runs out.
    await analyst.getByLabel("Action", { exact: true }).fill("auth.sign_in");
    await analyst.getByRole("button", { name: "Apply filters" }).click();
    await expect(analyst).toHaveURL(/\/admin\/security\/audit\?.*\baction=auth\.sign_in(&|$)/);
    const waitLeft = lastMfaCheckAt + E2E_STEP_UP_WINDOW_SECONDS * 1000 + 2_000 - Date.now();
    if (waitLeft > 0) await seller.waitForTimeout(waitLeft);

    // The owner invites a colleague: the action asks for step-up first.
    const email = uniqueEmail("resumed-invite");
    const inviteNoReload = await markDocument(seller);
    const invite = seller.getByRole("region", { name: "Invite member" });
    await invite.getByLabel("Email", { exact: true }).fill(email);
    await invite.getByRole("button", { name: "Send invitation" }).click();
    await expect(seller.getByRole("heading", { name: "Confirm it's you" })).toBeVisible();
    // The step-up page is inside the seller's own area: its menu and account button, no public sign-in links.
    await expect(seller.getByRole("navigation", { name: "Seller portal navigation" })).toBeVisible();
    await expect(seller.getByRole("button", { name: "Sign out" })).toBeVisible();
    await expect(seller.getByRole("link", { name: "Sign in" })).toHaveCount(0);
    await expect(seller.getByRole("contentinfo")).toHaveCount(0);
    // Cancel goes back and stays there: the refused form is not sent again (that would only ask for the code again).
    await seller.getByRole("link", { name: "Cancel and go back" }).click();
    await expect(seller).toHaveURL(/\/seller\/team$/);
    await expect(seller.getByRole("heading", { level: 1, name: "Team" })).toBeVisible();
    await seller.waitForTimeout(2_000);
    await expect(seller).toHaveURL(/\/seller\/team$/);
    await expect(seller.getByRole("row").filter({ hasText: email })).toHaveCount(0);
    // Asked again, confirmed this time.
    await invite.getByLabel("Email", { exact: true }).fill(email);
    await invite.getByRole("button", { name: "Send invitation" }).click();
    await confirmItsYou(seller, sellerOwner);
    // Back on the team page, the invitation goes out without being typed again.
    await expect(seller).toHaveURL(/\/seller\/team$/);
    await expect(toast(seller, `Invitation sent to ${email}.`)).toBeVisible();
    await expect(seller.getByRole("row").filter({ hasText: email })).toBeVisible();
    await inviteNoReload();

    // The analyst exports the filtered log: step-up, then back to the same filtered view.
    await analyst.getByRole("link", { name: "Export CSV" }).click();
    await confirmItsYou(analyst, securityAnalyst);
    await expect(analyst).toHaveURL(/\/admin\/security\/audit\?action=auth\.sign_in&ready=csv$/);
    await expect(analyst.getByLabel("Action", { exact: true })).toHaveValue("auth.sign_in");
    const ready = analyst.getByRole("status").filter({ hasText: "Confirmed: your export is ready" });
    await expect(ready).toContainText("It holds the events that match the filters below.");
    const downloadPromise = analyst.waitForEvent("download");
    await ready.getByRole("link", { name: "Download CSV" }).click();
    const download = await downloadPromise;
    const lines = readFileSync(await download.path(), "utf8").trimEnd().split("\r\n");
    expect(lines[0]).toMatch(/^id,occurredAt,action,result,/);
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines.slice(1)) expect(line.split(",")[2]).toBe("auth.sign_in");
  } finally {
    await sellerContext.close();
    await analystContext.close();
  }
});

/**
 * Journey: an access review campaign (A4, D3) with one revocation. The
 * security analyst starts a campaign, keeps one account, revokes another with
 * a justification, keeps the rest, and cannot decide their own access: a
 * second analyst does that (separation of duties). The campaign completes, its
 * evidence downloads as CSV, and the revoked operator, signed in all along in
 * another browser, lands on the sign-in page at their next click.
 */
import { readFileSync } from "node:fs";
import { test, expect, type Browser, type Page } from "./support/test";
import { readFixtures, type FixtureUser } from "./support/fixtures";
import { signIn } from "./support/sign-in";
import {
  OUTBOX_SUBJECTS,
  enrollAuthenticator,
  inviteOperator,
  linkFromOutbox,
  strongPassword,
  submitPasswordStep,
  toast,
  uniqueEmail,
  withStepUp,
} from "./support/journeys";

async function newDevice(browser: Browser) {
  const context = await browser.newContext();
  return { context, page: await context.newPage() };
}

function subjectLabel(user: Pick<FixtureUser, "displayName" | "email">): string {
  return `${user.displayName} <${user.email}>`;
}

/**
 * As acceptInvitation (support/journeys.ts), with more time for the answer:
 * setting the password hashes it at production cost, slow on a busy CI machine.
 */
async function acceptInvitationPatiently(page: Page, link: string, displayName: string, password: string): Promise<void> {
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "Accept your invitation" })).toBeVisible();
  await page.getByLabel("Your name").fill(displayName);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByLabel("Confirm password").fill(password);
  await page.getByRole("button", { name: "Accept invitation" }).click();
  await expect(page.getByText("Your account is ready")).toBeVisible({ timeout: 45_000 });
}

/** Opens the operator items of the campaign and records one decision in the dialog. */
async function decide(
  page: Page,
  reviewer: Pick<FixtureUser, "totpSecret">,
  campaignUrl: string,
  subject: string,
  decision: "Keep" | "Revoke",
  justification: string,
  done: string,
): Promise<void> {
  await withStepUp(
    page,
    reviewer,
    async () => {
      await page.goto(`${campaignUrl}?type=OPERATOR`);
      await page.getByRole("button", { name: `Review ${subject}`, exact: true }).click();
      const dialog = page.getByRole("dialog", { name: "Review access" });
      await dialog.getByRole("radio", { name: decision }).check();
      await dialog.getByLabel("Justification").fill(justification);
      await dialog.getByRole("button", { name: "Record decision" }).click();
    },
    toast(page, done),
  );
}

test("an access review campaign is completed with one revocation; the revoked operator is signed out at their next request (A4, D3)", async ({
  page,
  browser,
}) => {
  // Four people sign in, one of them new (invitation, MFA enrollment).
  test.setTimeout(240_000);
  const { securityAnalyst, reviewSubject, operatorSupport, operatorAdmin } = readFixtures().users;

  const subjectDevice = await newDevice(browser);
  const adminDevice = await newDevice(browser);
  const colleagueDevice = await newDevice(browser);
  try {
    // The operator under review is at work in their own browser.
    await signIn(subjectDevice.page, reviewSubject, "/admin");
    await expect(subjectDevice.page).toHaveURL(/\/admin$/);

    // A second security analyst joins (the first cannot review their own access).
    await signIn(adminDevice.page, operatorAdmin, "/admin/operators");
    const colleagueEmail = uniqueEmail("bea.backup", "fire-feed.example");
    await inviteOperator(adminDevice.page, operatorAdmin, colleagueEmail, "Security analyst");
    const link = await linkFromOutbox(adminDevice.page, colleagueEmail, OUTBOX_SUBJECTS.operatorInvitation);
    const colleaguePassword = strongPassword();
    await acceptInvitationPatiently(colleagueDevice.page, link, "Bea Backup", colleaguePassword);
    await submitPasswordStep(colleagueDevice.page, colleagueEmail, colleaguePassword, "/admin");
    const colleague = await enrollAuthenticator(colleagueDevice.page);
    await colleagueDevice.page.getByRole("link", { name: "Continue" }).click();
    await expect(colleagueDevice.page).toHaveURL(/\/admin$/);

    // The analyst starts a campaign (or opens the one the cadence already started).
    await signIn(page, securityAnalyst, "/admin/security/access-reviews");
    await expect(page.getByRole("heading", { name: "Access reviews", level: 1 })).toBeVisible();
    const start = page.getByRole("button", { name: "Start campaign" });
    if (await start.isVisible()) {
      await start.click();
      await page.getByRole("dialog", { name: "Start an access review campaign?" }).getByRole("button", { name: "Start campaign" }).click();
    } else {
      await page.getByRole("row").filter({ has: page.getByText(/^(Open|Overdue)$/) }).getByRole("link").first().click();
    }
    await expect(page).toHaveURL(/\/admin\/security\/access-reviews\/[0-9a-f-]{36}$/);
    const campaignUrl = new URL(page.url()).pathname;
    await expect(page.getByRole("progressbar", { name: "Items decided" })).toBeVisible();

    // The filter narrows the items to operators.
    await page.getByLabel("Type").selectOption({ label: "Operator" });
    await page.getByRole("button", { name: "Filter" }).click();
    await expect(page).toHaveURL(/type=OPERATOR/);
    const ownRow = page.getByRole("row").filter({ hasText: subjectLabel(securityAnalyst) });
    await expect(ownRow.getByText("You cannot review your own access")).toBeVisible();
    await expect(ownRow.getByRole("button")).toHaveCount(0);

    // Keep one, revoke one.
    await decide(page, securityAnalyst, campaignUrl, subjectLabel(operatorSupport), "Keep", "Support rota 2026, confirmed by the support lead", "Access kept.");
    await decide(
      page,
      securityAnalyst,
      campaignUrl,
      subjectLabel(reviewSubject),
      "Revoke",
      "Moved to another team on 1 December; access no longer needed (HR ticket JRN-7)",
      "Access revoked. It ended at once.",
    );
    const revokedRow = page.getByRole("row").filter({ hasText: subjectLabel(reviewSubject) });
    await expect(revokedRow.getByText("Revoke", { exact: true })).toBeVisible();
    await expect(revokedRow.getByText("Final")).toBeVisible();

    // The rest: kept in one go (each recorded on its own), except the analyst's own item.
    await withStepUp(
      page,
      securityAnalyst,
      async () => {
        await page.goto(campaignUrl);
        await page.getByRole("button", { name: "Keep all undecided" }).click();
        const dialog = page.getByRole("dialog", { name: "Keep every undecided item?" });
        await dialog.getByLabel("Justification").fill("Confirmed with each team lead and seller owner this week");
        await dialog.getByRole("button", { name: "Keep all undecided" }).click();
      },
      toast(page, /items? kept\./),
    );
    await page.getByRole("button", { name: "Complete campaign" }).click();
    await page.getByRole("dialog", { name: "Complete this campaign?" }).getByRole("button", { name: "Complete campaign" }).click();
    await expect(toast(page, "1 item is still undecided.")).toBeVisible();

    // The second analyst decides the first one's access.
    await decide(
      colleagueDevice.page,
      colleague,
      campaignUrl,
      subjectLabel(securityAnalyst),
      "Keep",
      "Security analyst on the incident rota, confirmed by the CISO",
      "Access kept.",
    );

    // Complete, then take the evidence.
    await page.goto(campaignUrl);
    await page.getByRole("button", { name: "Complete campaign" }).click();
    await page.getByRole("dialog", { name: "Complete this campaign?" }).getByRole("button", { name: "Complete campaign" }).click();
    await expect(toast(page, "Campaign completed. Its report is ready to export.")).toBeVisible();
    await expect(page.getByText("Completed", { exact: true }).first()).toBeVisible();
    await expect(page.getByRole("button", { name: "Complete campaign" })).toHaveCount(0);

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export CSV" }).click()]);
    expect(download.suggestedFilename()).toMatch(/^access-review-\d{4}-\d{2}-\d{2}-[0-9a-f]{8}\.csv$/);
    const csv = readFileSync(await download.path(), "utf8");
    const lines = csv.trimEnd().split("\r\n");
    expect(lines[0]).toContain('"subject","access","role at start","decision","new role","justification","reviewer e-mail","reviewed at"');
    const revokedLine = lines.find((line) => line.includes(reviewSubject.email));
    expect(revokedLine).toContain('"Revoke"');
    expect(revokedLine).toContain("HR ticket JRN-7");
    expect(revokedLine).toContain(`"${securityAnalyst.email}"`);
    expect(lines.find((line) => line.includes(`<${securityAnalyst.email}>`))).toContain(`"${colleagueEmail}"`);
    expect(lines.some((line) => line.includes('"Undecided"'))).toBe(false);

    await page.getByRole("link", { name: "Printable report" }).click();
    await expect(page.getByText("FireFeed access review report (controls A4, D3)")).toBeVisible();
    await expect(page.getByRole("row").filter({ hasText: reviewSubject.email })).toContainText("HR ticket JRN-7");

    // The revoked operator's next click: the sign-in page; the account no longer signs in.
    await subjectDevice.page.getByRole("link", { name: "My account" }).click();
    await expect(subjectDevice.page).toHaveURL(/\/sign-in/);
    await subjectDevice.page.goto("/admin");
    await expect(subjectDevice.page).toHaveURL(/\/sign-in\?next=%2Fadmin/);
  } finally {
    await subjectDevice.context.close();
    await adminDevice.context.close();
    await colleagueDevice.context.close();
  }
});

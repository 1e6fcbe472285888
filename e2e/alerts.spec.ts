/**
 * Journey: a burst of wrong passwords raises alerts (L3), and a security
 * analyst triages them in the inbox: sees the "failed sign-ins" alert for the
 * account with its evidence (the audit events behind it), acknowledges it, and
 * dismisses the lockout alert with a reason; then escalates the failed sign-ins
 * alert to an incident involving Amazon Information and runs it to closure
 * (the whole security-team journey; incident steps in
 * e2e/support/incident-journey.ts).
 *
 * The burst is 6 wrong passwords for the fixture user alertTarget (no other
 * spec signs in as them): the 5th locks the account (LOCKOUT_THRESHOLD), the
 * 6th is refused while locked. Kept small on purpose: every attempt also
 * counts against the per-address sign-in limit (20 per 15 min for loopback,
 * see e2e/zz-rate-limit.spec.ts) that the later specs sign in through.
 * No scheduler tick is awaited: opening the inbox evaluates new audit events first.
 */
import { test, expect } from "./support/test";
import { readFixtures } from "./support/fixtures";
import { runAmazonIncidentToClosure } from "./support/incident-journey";
import { markDocument, signInRefusal, submitPasswordStep, toast } from "./support/journeys";
import { signIn } from "./support/sign-in";

const GENERIC = "The e-mail or password is incorrect.";

test("a failed sign-in burst raises alerts; the analyst acknowledges, dismisses, escalates to an Amazon incident and runs it to closure (L3, I1-I5)", async ({ page, browser }) => {
  test.setTimeout(240_000);
  const { alertTarget, securityAnalyst, sellerOwner } = readFixtures().users;

  for (let attempt = 1; attempt <= 6; attempt += 1) {
    await submitPasswordStep(page, alertTarget.email, `wrong-guess-${attempt}-Zq8!kd`);
    await expect(signInRefusal(page)).toContainText(GENERIC);
  }

  await signIn(page, securityAnalyst, "/admin/security/alerts");
  await expect(page.getByRole("heading", { level: 1, name: "Alerts" })).toBeVisible();
  await expect(page.getByText(/unacknowledged alert/)).toBeVisible();

  const alertsTable = page.getByRole("table", { name: "Alerts" });
  const failedSignIns = alertsTable.getByRole("row").filter({ hasText: alertTarget.displayName }).filter({ hasText: "Failed sign-ins per account" });
  await expect(failedSignIns).toHaveCount(1);
  await failedSignIns.getByRole("link", { name: "Failed sign-ins on an account" }).click();

  // The alert and its evidence: the failed attempts, each from the client's address.
  await expect(page.getByRole("heading", { level: 1, name: "Failed sign-ins on an account" })).toBeVisible();
  const summary = page.getByRole("region", { name: "Summary" });
  await expect(summary).toContainText(alertTarget.displayName);
  await expect(summary).toContainText("Open");
  const evidence = page.getByRole("table", { name: "Evidence events" }).getByRole("row").filter({ hasText: "auth.sign_in_failed" });
  expect(await evidence.count()).toBeGreaterThanOrEqual(5);
  await expect(evidence.first().getByRole("link", { name: /^Event #\d+$/ })).toHaveAttribute("href", /\/admin\/security\/audit\?event=\d+$/);

  const acknowledgeNoReload = await markDocument(page);
  await page.getByRole("button", { name: "Acknowledge", exact: true }).click();
  await expect(toast(page, "Alert acknowledged.")).toBeVisible();
  await expect(summary).toContainText("Acknowledged");
  await expect(summary).toContainText(`by ${securityAnalyst.displayName}`);
  await expect(page.getByRole("button", { name: "Acknowledge", exact: true })).toHaveCount(0);
  await acknowledgeNoReload();

  // The lockout raised its own alert: dismiss it with a reason.
  await page.goto("/admin/security/alerts?rule=lockouts");
  const lockout = alertsTable.getByRole("row").filter({ hasText: alertTarget.displayName });
  await expect(lockout).toHaveCount(1);
  await lockout.getByRole("link", { name: "Account locked" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Account locked" })).toBeVisible();
  const dismissNoReload = await markDocument(page);
  await page.getByRole("button", { name: "Dismiss", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Dismiss this alert?" });
  await dialog.getByLabel("Reason").fill("The account owner mistyped a new password; confirmed by phone (e2e).");
  await dialog.getByRole("button", { name: "Dismiss alert" }).click();
  await expect(toast(page, "Alert dismissed.")).toBeVisible();
  await expect(summary).toContainText("Dismissed");
  await expect(summary).toContainText("confirmed by phone (e2e)");
  await dismissNoReload();

  // Closed alerts leave the default (open) inbox; the acknowledged one is under its own status.
  await page.goto("/admin/security/alerts");
  await expect(alertsTable.getByRole("row").filter({ hasText: alertTarget.displayName })).toHaveCount(0);
  await page.getByLabel("Status").selectOption("acknowledged");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/status=acknowledged/);
  const acknowledged = alertsTable.getByRole("row").filter({ hasText: alertTarget.displayName }).filter({ hasText: "Failed sign-ins per account" });
  await expect(acknowledged).toHaveCount(1);

  // The burst turns out to be credential stuffing against a seller with access to orders:
  // escalate the alert to an incident that involves Amazon Information, and run it to closure.
  await acknowledged.getByRole("link", { name: "Failed sign-ins on an account" }).click();
  const escalate = page.getByRole("form", { name: "Escalate to incident" });
  const incidentTitle = `Credential stuffing against ${alertTarget.displayName} ${Date.now()}`;
  await escalate.getByLabel("Incident title").fill(incidentTitle);
  await escalate.getByLabel("Incident severity").selectOption("SEV2");
  await escalate.getByLabel("Involves Amazon Information").check();
  await escalate.getByRole("button", { name: "Escalate to incident" }).click();
  await expect(page.getByRole("heading", { level: 1, name: incidentTitle })).toHaveText(/^INC-\d+: /);
  // The timeline names the alert by its title, linked to it, never by its id.
  const timeline = page.getByRole("list", { name: "Timeline entries" });
  await expect(timeline).toContainText("Alert linked: Failed sign-ins on an account");
  await expect(timeline.getByRole("link", { name: "Failed sign-ins on an account" })).toHaveAttribute("href", /^\/admin\/security\/alerts\/[0-9a-f-]{36}$/);
  await expect(timeline).not.toContainText(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);

  await runAmazonIncidentToClosure(page, browser, sellerOwner);
});

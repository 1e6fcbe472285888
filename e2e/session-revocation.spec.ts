/**
 * Journey: revocation is immediate (A4 / server-side sessions). A session ended
 * from elsewhere, by the user themself or by an admin deactivating the account,
 * stops working at the very next click of the browser that held it, and the
 * sign-in page it lands on says why (issue 11).
 */
import { test, expect, type Browser } from "./support/test";
import { readFixtures } from "./support/fixtures";
import { signIn } from "./support/sign-in";
import {
  OUTBOX_SUBJECTS,
  acceptInvitation,
  enrollAuthenticator,
  inviteOperator,
  linkFromOutbox,
  strongPassword,
  submitPasswordStep,
  toast,
  uniqueEmail,
  withStepUp,
} from "./support/journeys";

// A second device: another browser (its own cookies) reporting itself as Firefox on Windows,
// so the sessions list tells the two apart the way a person would.
const SECOND_DEVICE_UA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";

async function newDevice(browser: Browser) {
  const context = await browser.newContext({ userAgent: SECOND_DEVICE_UA });
  return { context, page: await context.newPage() };
}

test("a seller signs out another device from settings; that device's next click lands on sign-in (A4)", async ({ page, browser }) => {
  // One fixture secret used for two sign-ins needs two 30-s TOTP steps.
  test.setTimeout(120_000);
  const { sellerOwner } = readFixtures().users;
  const deviceB = await newDevice(browser);
  try {
    await signIn(page, sellerOwner, "/seller");
    await signIn(deviceB.page, sellerOwner, "/seller");
    await expect(deviceB.page).toHaveURL(/\/seller$/);

    await page.goto("/seller/settings");
    const sessions = page.getByRole("region", { name: "Active sessions" });
    await expect(sessions.getByText("This device", { exact: true })).toBeVisible();
    const otherDevice = sessions.getByRole("button", { name: /^Sign out Firefox on Windows from / });
    await expect(otherDevice).toHaveCount(1);

    await otherDevice.click();
    const dialog = page.getByRole("dialog", { name: "Sign out this session?" });
    await dialog.getByRole("button", { name: "Sign out" }).click();
    await expect(otherDevice).toHaveCount(0);

    // Device B still shows the page it had; its next navigation is refused, and sign-in says why (issue 11).
    const signedOutElsewhere = deviceB.page.getByRole("status").filter({ hasText: "You were signed out from another device." });
    await deviceB.page.getByRole("link", { name: "Settings" }).first().click();
    await expect(deviceB.page).toHaveURL(/\/sign-in\?.*reason=signed-out-elsewhere/);
    await expect(signedOutElsewhere).toBeVisible();
    await deviceB.page.goto("/seller");
    await expect(deviceB.page).toHaveURL(/\/sign-in\?next=%2Fseller&reason=signed-out-elsewhere$/);
    await expect(signedOutElsewhere).toBeVisible();

    // Device A is untouched.
    await page.reload();
    await expect(page).toHaveURL(/\/seller\/settings$/);
    await expect(page.getByRole("region", { name: "Active sessions" }).getByText("This device", { exact: true })).toBeVisible();
  } finally {
    await deviceB.context.close();
  }
});

test("an admin deactivates an operator who is signed in elsewhere; their next click lands on sign-in and they cannot sign in again (A4, A5)", async ({
  page,
  browser,
}) => {
  test.setTimeout(150_000);
  const { operatorAdmin } = readFixtures().users;

  // A throw-away operator (fixture users stay usable for the other specs).
  await signIn(page, operatorAdmin, "/admin/operators");
  const email = uniqueEmail("deactivated.operator", "fire-feed.example");
  const name = "Dana Deactivated";
  await inviteOperator(page, operatorAdmin, email, "Support");
  const link = await linkFromOutbox(page, email, OUTBOX_SUBJECTS.operatorInvitation);

  const device = await newDevice(browser);
  try {
    const password = strongPassword();
    await acceptInvitation(device.page, link, name, password);
    await submitPasswordStep(device.page, email, password, "/admin");
    await enrollAuthenticator(device.page);
    await device.page.getByRole("link", { name: "Continue" }).click();
    await expect(device.page).toHaveURL(/\/admin$/);
    await expect(device.page.getByRole("heading", { name: "Overview" })).toBeVisible();

    // The admin finds them and deactivates the account (a recent MFA check may be asked for).
    await page.goto("/admin/operators");
    await page.getByRole("row").filter({ hasText: email }).getByRole("link", { name }).click();
    const detailsUrl = page.url();
    await withStepUp(
      page,
      operatorAdmin,
      async () => {
        if (page.url() !== detailsUrl) await page.goto(detailsUrl);
        await page.getByRole("button", { name: "Deactivate" }).click();
        const dialog = page.getByRole("dialog", { name: `Deactivate ${name}?` });
        await dialog.getByLabel("Reason").fill("Journey test: access no longer needed, ticket JRN-1");
        await dialog.getByRole("button", { name: "Deactivate" }).click();
      },
      toast(page, "Account deactivated. They were signed out everywhere."),
    );
    await expect(page.getByRole("button", { name: "Reactivate" })).toBeVisible();

    // The operator's next click: back to sign-in, which says why (issue 11).
    const deactivatedNotice = device.page
      .getByRole("status")
      .filter({ hasText: "Your account was deactivated by an administrator. Contact your administrator if you think this is a mistake." });
    await device.page.getByRole("link", { name: "My account" }).click();
    await expect(device.page).toHaveURL(/\/sign-in\?.*reason=deactivated/);
    await expect(deactivatedNotice).toBeVisible();
    await device.page.goto("/admin");
    await expect(device.page).toHaveURL(/\/sign-in\?next=%2Fadmin&reason=deactivated$/);
    await expect(deactivatedNotice).toBeVisible();
    // Only the portal's own reasons are explained: an unknown one shows nothing.
    await device.page.goto("/sign-in?reason=hacked-by-someone");
    await expect(device.page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
    await expect(device.page.getByRole("status").filter({ hasText: /deactivated|signed out|expired/ })).toHaveCount(0);

    // And the right password no longer gets them in.
    await submitPasswordStep(device.page, email, password);
    await expect(device.page.getByRole("alert").filter({ hasText: "This account has been deactivated." })).toBeVisible();
    await expect(device.page.getByLabel("Authentication code")).toHaveCount(0);
  } finally {
    await device.context.close();
  }
});

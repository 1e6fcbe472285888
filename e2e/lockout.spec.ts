/**
 * Journey: account lockout (D7). After LOCKOUT_THRESHOLD (5) wrong passwords the
 * account is locked: even the RIGHT password is refused, with the same generic
 * words as a wrong one (no "locked" hint that would confirm the account exists).
 *
 * The account is created here through sign-up (never a fixture user: other
 * specs share this portal and must still be able to sign in).
 */
import { test, expect } from "./support/test";
import { signInRefusal, signUpAndVerifySeller, strongPassword, submitPasswordStep, uniqueEmail } from "./support/journeys";

const GENERIC = "The e-mail or password is incorrect.";

test("five wrong passwords lock the account: the sixth attempt with the right password is refused generically (D7)", async ({ page }) => {
  test.setTimeout(60_000);
  const account = { organizationName: "Lockwood Provisions", displayName: "Lee Lockwood", email: uniqueEmail("lee.lockwood"), password: strongPassword() };
  // A verified account, so the right password would otherwise lead straight to MFA enrollment.
  await signUpAndVerifySeller(page, account);

  for (let attempt = 1; attempt <= 5; attempt += 1) {
    await submitPasswordStep(page, account.email, `wrong-guess-${attempt}-Zq8!kd`);
    await expect(signInRefusal(page)).toContainText(GENERIC);
    await expect(page).toHaveURL(/\/sign-in$/);
  }

  // The right password now: same generic refusal, and no MFA step is offered.
  await submitPasswordStep(page, account.email, account.password);
  await expect(signInRefusal(page)).toContainText(GENERIC);
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByLabel("Authentication code")).toHaveCount(0);
  await page.goto("/sign-in/enroll");
  await expect(page.getByText("Your sign-in has expired")).toBeVisible();
});

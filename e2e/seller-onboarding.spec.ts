/**
 * Journey: a seller creates an account and lives with two-step verification
 * (A1 sign-up and e-mail verification, S5 password policy, A3 TOTP and
 * single-use recovery codes). Everything goes through the pages a person uses;
 * the verification link is read from the dev outbox.
 */
import { test, expect } from "./support/test";
import { freshTotpCode } from "./support/fixtures";
import { signOut } from "./support/sign-in";
import { enrollAuthenticator, signUpAndVerifySeller, strongPassword, submitPasswordStep, uniqueEmail } from "./support/journeys";

test("the password policy refuses Password123! on sign-up and says why (S5)", async ({ page }) => {
  await page.goto("/sign-up");
  await page.getByLabel("Organization name").fill("Policy Check Traders");
  await page.getByLabel("Your name").fill("Pat Policy");
  await page.getByLabel("Work email").fill(uniqueEmail("pat.policy"));
  await page.getByLabel("Password", { exact: true }).fill("Password123!");
  await page.getByLabel("I accept the data-use terms").check();
  await page.getByRole("button", { name: "Create account" }).click();

  const password = page.getByLabel("Password", { exact: true });
  await expect(password).toHaveAttribute("aria-invalid", "true");
  // The message explains the reason (breached / easy to guess) instead of a bare "invalid".
  await expect(page.getByText(/data breach|too easy to guess/i).first()).toBeVisible();
  await expect(page.getByText("Check your inbox", { exact: true })).toHaveCount(0);
  // The form keeps what was typed so the person only changes the password.
  await expect(page.getByLabel("Organization name")).toHaveValue("Policy Check Traders");
});

test("a seller signs up, verifies the e-mail, enrolls TOTP, and signs in with TOTP and with a single-use recovery code (A1, A3)", async ({ page }) => {
  // Two TOTP sign-ins of one new secret need two distinct 30-s steps (replay protection).
  test.setTimeout(120_000);
  const account = {
    organizationName: "Juniper Trail Supply",
    displayName: "Jo Journey",
    email: uniqueEmail("jo.journey"),
    password: strongPassword(),
  };

  await signUpAndVerifySeller(page, account);

  // First sign-in: the password is right, and MFA enrollment is forced before any seller page.
  await submitPasswordStep(page, account.email, account.password);
  const { totpSecret, recoveryCodes } = await enrollAuthenticator(page, { tryWrongCodeFirst: true });
  await page.getByRole("link", { name: "Continue" }).click();
  await expect(page).toHaveURL(/\/seller$/);
  await expect(page.getByText(account.displayName).first()).toBeVisible();
  await signOut(page);
  await page.goto("/seller");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fseller/);

  // Second sign-in: password, then the code from the authenticator app.
  await submitPasswordStep(page, account.email, account.password);
  await expect(page).toHaveURL(/\/sign-in\/verify/);
  await page.getByLabel("Authentication code").fill(await freshTotpCode(totpSecret));
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page).toHaveURL(/\/seller$/);
  await signOut(page);

  // Lost phone: a recovery code signs in once.
  const recoveryCode = recoveryCodes[3]!;
  await submitPasswordStep(page, account.email, account.password);
  await page.getByRole("button", { name: "Use a recovery code instead" }).click();
  await page.getByLabel("Recovery code").fill(recoveryCode);
  await page.getByRole("button", { name: "Verify" }).click();
  // It says how many codes are left (issue 11), then goes on to where the seller was going.
  await expect(page).toHaveURL(/\/recovery-code-used\?next=%2Fseller$/);
  await expect(page.getByRole("heading", { level: 1, name: "You signed in with a recovery code" })).toBeVisible();
  await expect(page.getByText("You have 9 recovery codes left.")).toBeVisible();
  await expect(page.getByRole("link", { name: "Generate new recovery codes" })).toHaveCount(0);
  await page.getByRole("link", { name: "Continue", exact: true }).click();
  await expect(page).toHaveURL(/\/seller$/);
  await signOut(page);

  // The same recovery code again: refused, and the person stays outside.
  await submitPasswordStep(page, account.email, account.password);
  await page.getByRole("button", { name: "Use a recovery code instead" }).click();
  await page.getByLabel("Recovery code").fill(recoveryCode);
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "That recovery code is not valid or was already used." })).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in\/verify/);
  await page.goto("/seller");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fseller/);
});

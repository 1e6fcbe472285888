/**
 * Journey: signing in with recovery codes (issue 11: nothing said how many
 * were left). A new seller (the fixtures have no recovery codes) uses seven of
 * the ten codes; after each sign-in the portal says how many are left, and
 * from three left down it urges new ones and links to the two-step
 * verification card of the settings page, where the seller makes ten new ones.
 */
import { test, expect } from "./support/test";
import { signOut } from "./support/sign-in";
import { enrollAuthenticator, signUpAndVerifySeller, strongPassword, submitPasswordStep, uniqueEmail, withStepUp } from "./support/journeys";

test("each recovery-code sign-in says how many codes are left; with three left it urges new ones, which the settings page makes (issue 11)", async ({ page }) => {
  test.setTimeout(180_000);
  const account = {
    organizationName: "Larch Hollow Provisions",
    displayName: "Rae Recovery",
    email: uniqueEmail("rae.recovery"),
    password: strongPassword(),
  };
  await signUpAndVerifySeller(page, account);
  await submitPasswordStep(page, account.email, account.password);
  const { totpSecret, recoveryCodes } = await enrollAuthenticator(page);
  await page.getByRole("link", { name: "Continue", exact: true }).click();
  await expect(page).toHaveURL(/\/seller$/);

  const urge = page.getByRole("link", { name: "Generate new recovery codes" });
  for (let used = 1; used <= 7; used += 1) {
    await signOut(page);
    await submitPasswordStep(page, account.email, account.password, "/seller/orders");
    await page.getByRole("button", { name: "Use a recovery code instead" }).click();
    await page.getByLabel("Recovery code").fill(recoveryCodes[used - 1]!);
    await page.getByRole("button", { name: "Verify" }).click();
    await expect(page).toHaveURL(/\/recovery-code-used\?next=%2Fseller%2Forders$/);
    const left = 10 - used;
    await expect(page.getByText(`You have ${left} recovery codes left.`, { exact: true })).toBeVisible();
    if (left > 3) await expect(urge).toHaveCount(0);
  }

  // Three left: the page urges new codes and says where they are made; Continue still goes where the seller was going.
  await expect(page.getByText(/^Only 3 are left\. Generate new ones now/)).toBeVisible();
  await expect(page.getByRole("link", { name: "Continue", exact: true })).toHaveAttribute("href", "/seller/orders");
  await urge.click();
  await expect(page).toHaveURL(/\/seller\/settings#two-step-verification$/);

  // A sign-in is a fresh check of two-step verification; should it have lapsed, the portal asks for the app's code first.
  const newCodes = page.getByRole("list", { name: "New recovery codes" });
  await withStepUp(
    page,
    { totpSecret },
    async () => {
      if (!page.url().includes("/seller/settings")) await page.goto("/seller/settings");
      await page.getByRole("button", { name: "Regenerate recovery codes" }).click();
      await page.getByRole("dialog", { name: "Regenerate recovery codes?" }).getByRole("button", { name: "Regenerate" }).click();
    },
    newCodes,
  );
  await expect(newCodes.getByRole("listitem")).toHaveCount(10);
});

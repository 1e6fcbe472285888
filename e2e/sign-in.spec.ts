import { test, expect } from "./support/test";
import { readFixtures } from "./support/fixtures";
import { signIn, signOut } from "./support/sign-in";

test("an operator admin signs in with password and TOTP and reaches the console (A3)", async ({ page }) => {
  const { operatorAdmin } = readFixtures().users;
  await signIn(page, operatorAdmin, "/admin");
  await expect(page).toHaveURL(/\/admin$/);
  await expect(page.getByText(operatorAdmin.displayName).first()).toBeVisible();
  await signOut(page);
  await page.goto("/admin");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fadmin/);
});

test("the security analyst lands on the security dashboard; a link into the console still wins (issue 11)", async ({ page }) => {
  // Two sign-ins of one fixture user need two 30-s TOTP steps.
  test.setTimeout(90_000);
  const { journeyAnalyst: securityAnalyst } = readFixtures().users;
  await signIn(page, securityAnalyst);
  await expect(page).toHaveURL(/\/admin\/security$/);
  await expect(page.getByRole("heading", { level: 1, name: "Security dashboard" })).toBeVisible();
  // Already signed in: /sign-in sends them to the same place.
  await page.goto("/sign-in");
  await expect(page).toHaveURL(/\/admin\/security$/);
  await signOut(page);

  await signIn(page, securityAnalyst, "/admin/sellers");
  await expect(page).toHaveURL(/\/admin\/sellers$/);
  await expect(page.getByRole("heading", { level: 1, name: "Sellers" })).toBeVisible();
});

test("unknown e-mail and wrong password get the same answer", async ({ page }) => {
  const { sellerOwner } = readFixtures().users;
  const messages: string[] = [];
  for (const [email, password] of [
    ["nobody-at-all@acme-outdoor.example", "a-wrong-password-123"],
    [sellerOwner.email, "a-wrong-password-123"],
  ] as const) {
    await page.goto("/sign-in");
    await page.getByLabel("Email", { exact: true }).fill(email);
    await page.getByLabel("Password", { exact: true }).fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    const alert = page.getByRole("alert").filter({ hasText: /incorrect/i });
    await expect(alert).toBeVisible();
    messages.push((await alert.textContent()) ?? "");
  }
  expect(messages[0]).toBe(messages[1]);
});

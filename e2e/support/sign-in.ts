import { expect, type Page } from "@playwright/test";
import { freshTotpCode, type FixtureUser } from "./fixtures";

/**
 * Signs a user in the way a person does: e-mail and password, then the code
 * from their authenticator app (generated here from the fixture's TOTP secret).
 */
export async function signIn(page: Page, user: Pick<FixtureUser, "email" | "password" | "totpSecret">, next?: string): Promise<void> {
  await page.goto(next ? `/sign-in?next=${encodeURIComponent(next)}` : "/sign-in");
  await page.getByLabel("Email", { exact: true }).fill(user.email);
  await page.getByLabel("Password", { exact: true }).fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByLabel("Authentication code")).toBeVisible();
  await page.getByLabel("Authentication code").fill(await freshTotpCode(user.totpSecret));
  await page.getByRole("button", { name: "Verify" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
}

/** Signs out through the button in the area's top bar. */
export async function signOut(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL((url) => url.pathname === "/" || url.pathname.startsWith("/sign-in"));
}

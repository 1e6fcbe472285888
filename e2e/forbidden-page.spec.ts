/**
 * The 403 page (issue 11): a signed-in person refused a page sees it inside
 * their own area (one header, their menu, their account button) with the way
 * back to their overview, never the public header twice or an offer to sign
 * in or create an account.
 */
import { expect, test, type Page } from "./support/test";
import { readFixtures } from "./support/fixtures";
import { signIn } from "./support/sign-in";

async function expectRefusalInArea(page: Page, path: string, area: { name: string; home: string; back: string }) {
  const response = await page.goto(path);
  expect(response?.status(), path).toBe(403);
  await expect(page.getByRole("heading", { name: "You do not have access to this page" })).toBeVisible();
  await expect(page.getByRole("banner")).toHaveCount(1);
  await expect(page.getByRole("contentinfo")).toHaveCount(0);
  await expect(page.getByRole("navigation", { name: area.name })).toBeVisible();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Sign in" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: /Create a seller account/ })).toHaveCount(0);
  // A short page: the side column still runs to the bottom of the window (its background stopped mid-screen).
  const column = await page.getByRole("complementary").boundingBox();
  const viewport = page.viewportSize();
  expect(column && viewport ? Math.round(column.y + column.height) : 0).toBeGreaterThanOrEqual(viewport?.height ?? Infinity);
  await page.getByRole("link", { name: area.back }).click();
  await expect(page).toHaveURL(area.home);
}

test("a seller member refused the Amazon connection and the console stays in the seller portal", async ({ page, baseURL }) => {
  const { users } = readFixtures();
  await signIn(page, users.sellerMember);
  const seller = { name: "Seller portal", home: `${baseURL}/seller`, back: "Back to your overview" };
  await expectRefusalInArea(page, "/seller/amazon", seller);
  await expectRefusalInArea(page, "/admin/operators", seller);
});

test("a support operator refused the audit log stays in the operator console", async ({ page, baseURL }) => {
  const { users } = readFixtures();
  await signIn(page, users.operatorSupport);
  await expectRefusalInArea(page, "/admin/security/audit", { name: "Operator console", home: `${baseURL}/admin`, back: "Back to the console overview" });
});

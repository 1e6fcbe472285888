/**
 * Journey (issue 11): "Sellers in the operator view cannot be opened". The
 * operator admin opens Sellers, clicks a seller's name and reads its page:
 * organization, onboarding state, team size, order counts, Amazon connection
 * health per region, sync history and data deletions, with no buyer data
 * anywhere in the page. The support operator reaches the same page from the
 * list with the keyboard and sees the connection sections exactly when the
 * role matrix grants connections:view-health. An unknown or malformed id is
 * the not-found page. The seller is seeded by e2e/support/seller-page-fixtures.ts.
 */
import { randomUUID } from "node:crypto";
import { expect, test, type Locator, type Page } from "./support/test";
import { readFixtures } from "./support/fixtures";
import { SELLER_PAGE_SAMPLE as SAMPLE } from "./support/seller-page-fixtures";
import { signIn } from "./support/sign-in";
import { hasPermission } from "../lib/rbac/roles";

/** Sellers in the console menu, then the seller's name in the list (paging on if other journeys added sellers before it). */
async function openSellerFromList(page: Page, open: (link: Locator) => Promise<void>): Promise<void> {
  await page.getByRole("navigation", { name: "Operator console" }).getByRole("link", { name: "Sellers", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Sellers" })).toBeVisible();
  const link = page.getByRole("table", { name: "Seller organizations" }).getByRole("link", { name: SAMPLE.legalName, exact: true });
  const pagination = page.getByRole("navigation", { name: "Seller organizations pagination" });
  for (let listPage = 1; !(await link.isVisible()); listPage += 1) {
    expect(listPage, `${SAMPLE.legalName} on one of the first pages of the sellers list`).toBeLessThan(10);
    await pagination.getByRole("link", { name: "Next" }).click();
    await expect(pagination).toContainText(`Page ${listPage + 1} of`);
  }
  await open(link);
  await expect(page).toHaveURL(/\/admin\/sellers\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1, name: SAMPLE.legalName })).toBeVisible();
}

/** The value (dd) right after a term (dt) of a section. */
function valueOf(section: Locator, term: string): Locator {
  return section.getByRole("term").and(section.getByText(term, { exact: true })).locator("xpath=following-sibling::dd[1]");
}

/** No buyer data in what the page shows nor in the HTML it was sent as; no e-mail address shown at all. */
async function expectNoBuyerData(page: Page): Promise<void> {
  const shown = await page.getByRole("main").innerText();
  const html = await page.content();
  for (const value of SAMPLE.buyerPii) {
    expect(shown, `"${value}" on screen`).not.toContain(value);
    expect(html, `"${value}" in the page's HTML`).not.toContain(value);
  }
  expect(shown).not.toContain("@");
  // The seller's own people are counted, never listed.
  expect(html).not.toContain("cedar-ridge.example");
}

// A sign-in may wait for the next 30-second TOTP step (support/fixtures.ts): room for that.
test.describe.configure({ timeout: 90_000 });

test("the operator admin opens a seller from the list and reads its onboarding, health, syncs and counts without buyer data", async ({ page }) => {
  const { operatorAdmin } = readFixtures().users;
  await signIn(page, operatorAdmin, "/admin");
  await openSellerFromList(page, (link) => link.click());
  const main = page.getByRole("main");

  const organization = main.getByRole("region", { name: "Organization", exact: true });
  await expect(valueOf(organization, "Country")).toHaveText(SAMPLE.country);
  await expect(valueOf(organization, "Marketplaces")).toHaveText(SAMPLE.marketplaces);

  const onboarding = main.getByRole("region", { name: "Onboarding", exact: true });
  await expect(valueOf(onboarding, "Progress")).toHaveText("Complete");
  // A time element (its text may be UTC or the viewer's zone; the machine-readable value is exact).
  await expect(valueOf(onboarding, "Completed").locator("time")).toHaveAttribute("datetime", /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
  await expect(valueOf(onboarding, "Data-use terms")).toContainText("Current version");

  const team = main.getByRole("region", { name: "Team", exact: true });
  await expect(team.getByRole("row").filter({ hasText: "Owner" }).getByRole("cell")).toHaveText(["Owner", "1", "0", "0"]);
  await expect(team.getByRole("row").filter({ hasText: "Member" }).getByRole("cell")).toHaveText(["Member", "1", "0", "0"]);

  const orders = main.getByRole("region", { name: "Orders", exact: true });
  await expect(valueOf(orders, "Total")).toHaveText(String(SAMPLE.orders.total));
  await expect(valueOf(orders, "Last 30 days")).toHaveText(String(SAMPLE.orders.lastThirtyDays));
  await expect(valueOf(orders, "Buyer details purged")).toHaveText(String(SAMPLE.orders.piiPurged));

  const health = main.getByRole("region", { name: "Amazon connection health", exact: true });
  const europe = health.getByRole("row").filter({ hasText: "Europe, Middle East and India" });
  await expect(europe.getByText("Connected", { exact: true })).toBeVisible();
  await expect(europe).toContainText(/in \d+ hours/); // the next scheduled sync
  const northAmerica = health.getByRole("row").filter({ hasText: "North America" });
  await expect(northAmerica.getByText("Disconnected", { exact: true })).toBeVisible();

  const history = main.getByRole("region", { name: "Sync history", exact: true });
  // A header row and one row per run, newest first.
  await expect(history.getByRole("table").getByRole("row")).toHaveCount(SAMPLE.syncRuns.length + 1);
  const failedRun = history.getByRole("row").filter({ hasText: SAMPLE.syncError });
  await expect(failedRun.getByText("Failed", { exact: true })).toBeVisible();
  await expect(history.getByRole("table").getByRole("row").nth(1)).toContainText("1 minute 35 seconds");
  // The chart is drawn in the browser (still no CSP violation, see support/test.ts); its numbers are the table's.
  await expect(history.locator("svg.recharts-surface")).toBeVisible();

  const deletions = main.getByRole("region", { name: "Data deletions", exact: true });
  const deletion = deletions.getByRole("row").filter({ hasText: "The seller disconnected Amazon" });
  await expect(deletion).toContainText("North America");
  await expect(deletion).toContainText(String(SAMPLE.deletedOrders));

  await expectNoBuyerData(page);

  // The way back is the page's own link to the list.
  await main.getByRole("link", { name: "Sellers", exact: true }).click();
  await expect(page).toHaveURL(/\/admin\/sellers$/);
  await expect(page.getByRole("heading", { level: 1, name: "Sellers" })).toBeVisible();
});

test("the support operator opens the seller with the keyboard; connection sections follow the role's permission", async ({ page }) => {
  const { operatorSupport } = readFixtures().users;
  await signIn(page, operatorSupport, "/admin");
  await openSellerFromList(page, async (link) => {
    await link.focus();
    await page.keyboard.press("Enter");
  });
  const main = page.getByRole("main");
  await expect(main.getByRole("region", { name: "Onboarding", exact: true })).toBeVisible();
  await expect(valueOf(main.getByRole("region", { name: "Orders", exact: true }), "Total")).toHaveText(String(SAMPLE.orders.total));

  const health = main.getByRole("region", { name: "Amazon connection health", exact: true });
  const history = main.getByRole("region", { name: "Sync history", exact: true });
  if (hasPermission("OPERATOR_SUPPORT", "connections:view-health")) {
    await expect(health).toBeVisible();
    await expect(history.getByRole("row").filter({ hasText: SAMPLE.syncError })).toBeVisible();
  } else {
    await expect(health).toHaveCount(0);
    await expect(history).toHaveCount(0);
  }
  await expectNoBuyerData(page);
});

test("an unknown or malformed seller id is the not-found page", async ({ page }) => {
  const { securityAnalyst } = readFixtures().users;
  await signIn(page, securityAnalyst, "/admin/sellers");
  for (const id of [randomUUID(), "not-a-uuid"]) {
    const response = await page.goto(`/admin/sellers/${id}`);
    expect(response?.status(), id).toBe(404);
    await expect(page.getByRole("heading", { level: 1, name: "We could not find that page" })).toBeVisible();
  }
});

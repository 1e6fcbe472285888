/**
 * Journey: the console overview counts what needs attention (issue 11: it said
 * "Nothing needs your attention" beside an open incident and five
 * unacknowledged alerts). The fixtures seed an open incident and an open alert
 * (e2e/support/seed-fixtures.ts); other journeys add more, so the overview's
 * counts are checked against the security dashboard's at the same moment.
 * Each role sees only what it may open (the dead-link check of
 * e2e/rbac-matrix.spec.ts follows every link of the overview too).
 */
import { test, expect, type Page } from "./support/test";
import { readFixtures } from "./support/fixtures";
import { signIn } from "./support/sign-in";

const plural = (count: number, one: string) => `${count} ${count === 1 ? one : `${one}s`}`;

/** The number on one of the security dashboard's "At a glance" cards. */
async function glanceNumber(page: Page, label: string): Promise<number> {
  const card = page.getByRole("list", { name: "At a glance" }).getByRole("link").filter({ hasText: label });
  const text = (await card.textContent()) ?? "";
  // The card reads "<label><value><status> · <detail>": the value follows the label.
  const match = /^\s*(\d+)/.exec(text.slice(text.indexOf(label) + label.length));
  expect(match, `a number on the "${label}" card`).not.toBeNull();
  return Number(match![1]);
}

function needsAttention(page: Page) {
  return page.getByRole("region", { name: "Needs your attention" });
}

test("the overview lists the open incident and the unacknowledged alerts, each linked to its screen, for those who may open them", async ({ page, browser }) => {
  // Three fixture users sign in; each may wait for a TOTP step its last sign-in did not use.
  test.setTimeout(150_000);
  const { journeyAnalyst: securityAnalyst, operatorAdmin, operatorSupport } = readFixtures().users;

  await signIn(page, securityAnalyst, "/admin");
  let incidents = 0;
  // Alerts are raised in the background (every minute): read both screens until they agree.
  await expect(async () => {
    await page.goto("/admin/security");
    incidents = await glanceNumber(page, "Open incidents");
    const alerts = await glanceNumber(page, "Unacknowledged alerts");
    await page.goto("/admin");
    await expect(needsAttention(page).getByRole("link", { name: plural(incidents, "open incident"), exact: true })).toBeVisible({ timeout: 1_000 });
    const alertLink = needsAttention(page).getByRole("link", { name: plural(alerts, "unacknowledged alert"), exact: true });
    await expect(alertLink).toHaveCount(alerts > 0 ? 1 : 0, { timeout: 1_000 });
  }, "the overview's counts match the security dashboard's").toPass({ timeout: 30_000, intervals: [500, 1_000, 2_000] });
  expect(incidents, "the fixture incident is open").toBeGreaterThanOrEqual(1);
  await expect(page.getByRole("heading", { name: "Nothing needs your attention" })).toHaveCount(0);

  // Each item opens the screen where it is worked on.
  await needsAttention(page).getByRole("link", { name: /^\d+ open incidents?$/ }).click();
  await expect(page).toHaveURL(/\/admin\/security\/incidents$/);
  await expect(page.getByRole("link", { name: /Fixture incident/ })).toBeVisible();

  // The admin may open incidents but not alerts (separation of duties): the incidents, not the alerts.
  const adminContext = await browser.newContext();
  try {
    const admin = await adminContext.newPage();
    await signIn(admin, operatorAdmin, "/admin");
    await expect(needsAttention(admin).getByRole("link", { name: /^\d+ open incidents?$/ })).toBeVisible();
    await expect(admin.getByRole("link", { name: /unacknowledged alert/ })).toHaveCount(0);
  } finally {
    await adminContext.close();
  }

  // Support opens neither: no incident or alert counts, whatever else the overview says.
  const supportContext = await browser.newContext();
  try {
    const support = await supportContext.newPage();
    await signIn(support, operatorSupport, "/admin");
    await expect(support.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
    await expect(support.getByRole("heading", { name: "Nothing needs your attention" }).or(needsAttention(support))).toBeVisible();
    await expect(support.getByRole("link", { name: /open incident|unacknowledged alert/ })).toHaveCount(0);
  } finally {
    await supportContext.close();
  }
});

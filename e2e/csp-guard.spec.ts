/**
 * The CSP guard of e2e/support/test.ts must itself be able to fail (issue 9,
 * finding 7): these tests provoke a real violation (an inline style attribute
 * set from script, which the portal's `style-src-attr` forbids) in the default
 * context and in a context the test opens itself, and are marked as expected
 * to fail. If the guard stopped seeing violations, they would "pass" and
 * Playwright would report them as unexpected passes.
 */
import { test, expect } from "./support/test";

test("a violation in the default context fails the test", async ({ page }) => {
  test.fail();
  await page.goto("/security");
  await page.evaluate(() => document.body.setAttribute("style", "outline: 1px solid red"));
  // Give the browser a moment to report it; the guard checks after the test body.
  await expect.poll(() => page.evaluate(() => document.body.getAttribute("style"))).toBe("outline: 1px solid red");
  await page.waitForTimeout(200);
});

test("a violation in a context the test opens itself fails the test", async ({ browser }) => {
  test.fail();
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto("/security");
    await page.evaluate(() => document.body.setAttribute("style", "outline: 1px solid red"));
    await page.waitForTimeout(200);
  } finally {
    await context.close();
  }
});

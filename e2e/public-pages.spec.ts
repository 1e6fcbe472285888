import { test, expect } from "./support/test";
import { e2eServers } from "./support/e2e-paths";
import { CURRENT_TERMS_VERSION, TERMS_TEXT, TERMS_TITLE } from "@/lib/onboarding/terms";

test.describe("public pages", () => {
  test("security.txt follows RFC 9116", async ({ request }) => {
    const response = await request.get("/.well-known/security.txt");
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toContain("text/plain");
    const text = await response.text();
    expect(text).toMatch(/^Contact: mailto:security@fire-feed\.com$/m);
    expect(text).toMatch(/^Preferred-Languages: en/m);
    expect(text).toContain(`\nCanonical: http://localhost:${e2eServers.portal.port}/.well-known/security.txt\n`);
    const expires = /^Expires: (.+)$/m.exec(text)?.[1];
    expect(expires).toBeTruthy();
    const expiresAt = new Date(String(expires)).getTime();
    expect(expiresAt).toBeGreaterThan(Date.now());
    expect(expiresAt).toBeLessThan(Date.now() + 366 * 24 * 3600 * 1000);
  });

  test("health says ok and leaks no internals", async ({ request }) => {
    const response = await request.get("/api/health");
    expect(response.status()).toBe(200);
    expect(response.headers()["cache-control"]).toContain("no-store");
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toEqual({ status: "ok", checks: { database: "ok", migrations: "ok" } });
  });

  test("the security page explains the controls to sellers", async ({ page }) => {
    await page.goto("/security");
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    for (const area of [/encryption/i, /access control/i, /incident/i, /backup/i]) {
      await expect(page.getByRole("heading", { name: area }).first()).toBeVisible();
    }
    await expect(page.getByRole("link", { name: /security@fire-feed\.com/i }).first()).toBeVisible();
  });

  test("the landing page leads to sign-in and the security page", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByRole("link", { name: /sign in/i }).first()).toBeVisible();
    await page.getByRole("link", { name: /security/i }).first().click();
    await expect(page).toHaveURL(/\/security$/);
  });

  test("sign-up shows the data-use terms it asks to accept, and /terms is open signed out", async ({ page }) => {
    await page.goto("/sign-up");
    await expect(page.getByText(`Version ${CURRENT_TERMS_VERSION}, in effect since`)).toBeVisible();
    await page.locator("summary", { hasText: "Read the data-use terms" }).click();
    const terms = page.getByRole("region", { name: TERMS_TITLE });
    await expect(terms).toContainText(TERMS_TEXT[0] ?? "");
    await expect(terms.getByRole("link", { name: "Open the terms on their own page" })).toHaveAttribute("href", "/terms");

    const response = await page.goto("/terms");
    expect(response?.status()).toBe(200);
    await expect(page).toHaveTitle(/Data-use terms/);
    await expect(page.getByRole("heading", { level: 1, name: TERMS_TITLE })).toBeVisible();
    await expect(page.getByText(`Version ${CURRENT_TERMS_VERSION}, in effect since`)).toBeVisible();
    for (const paragraph of TERMS_TEXT) await expect(page.getByText(paragraph)).toBeVisible();
  });

  test("seller and admin areas deny anonymous visitors", async ({ page }) => {
    for (const path of ["/seller", "/seller/orders", "/admin", "/admin/security"]) {
      await page.goto(path);
      await expect(page).toHaveURL(/\/sign-in\?next=/);
    }
  });

  test("an unknown page shows a friendly not-found page", async ({ page }) => {
    const response = await page.goto("/no-such-page");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  });

  test("keyboard users can skip to the main content", async ({ page }) => {
    await page.goto("/security");
    await page.keyboard.press("Tab");
    const focused = page.locator(":focus");
    await expect(focused).toHaveText(/skip to (main )?content/i);
  });
});

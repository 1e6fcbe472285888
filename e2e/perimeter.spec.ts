import { test, expect } from "./support/test";
import { rawGet } from "./support/raw-http";
import { e2eServers, productionHostname } from "./support/e2e-paths";

const portal = e2eServers.portal.port;
const productionLike = e2eServers["production-like"].port;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function directive(csp: string, name: string): string | undefined {
  return csp
    .split(";")
    .map((part) => part.trim())
    .find((part) => part.startsWith(`${name} `) || part === name);
}

test.describe("perimeter headers on real responses", () => {
  for (const path of ["/", "/security", "/sign-in", "/api/health", "/.well-known/security.txt"]) {
    test(`${path} carries the security headers`, async () => {
      const response = await rawGet(portal, path);
      expect(response.status).toBe(200);
      const h = response.headers;
      expect(h["x-content-type-options"]).toBe("nosniff");
      expect(h["referrer-policy"]).toBeTruthy();
      expect(h["permissions-policy"]).toContain("camera=()");
      expect(h["cross-origin-opener-policy"]).toBe("same-origin");
      expect(String(h["x-request-id"])).toMatch(uuid);
      const csp = String(h["content-security-policy"]);
      expect(directive(csp, "frame-ancestors")).toBe("frame-ancestors 'none'");
      const scriptSrc = directive(csp, "script-src") ?? "";
      expect(scriptSrc).toMatch(/'nonce-[A-Za-z0-9+/=_-]{16,}'/);
      expect(scriptSrc).not.toContain("'unsafe-inline'");
      expect(h["x-powered-by"]).toBeUndefined();
    });
  }

  test("every response gets a fresh CSP nonce and request id (T2/T3 headers, N6)", async () => {
    const first = await rawGet(portal, "/");
    const second = await rawGet(portal, "/");
    expect(first.headers["content-security-policy"]).not.toEqual(second.headers["content-security-policy"]);
    expect(first.headers["x-request-id"]).not.toEqual(second.headers["x-request-id"]);
  });

  test("a client cannot choose its own request id", async () => {
    const response = await rawGet(portal, "/", { "x-request-id": "attacker-chosen-id" });
    expect(String(response.headers["x-request-id"])).toMatch(uuid);
  });

  test("Next.js scripts run under the nonce CSP without violations", async ({ page }) => {
    const violations: string[] = [];
    page.on("console", (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
    });
    const response = await page.goto("/security");
    expect(response?.status()).toBe(200);
    const csp = (await response?.allHeaders())?.["content-security-policy"] ?? "";
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    // Every script element Next rendered carries the response's nonce.
    const scriptNonces = await page.locator("script").evaluateAll((scripts) =>
      scripts.map((s) => (s as HTMLScriptElement).nonce),
    );
    expect(scriptNonces.length).toBeGreaterThan(0);
    for (const value of scriptNonces) expect(value).toBe(nonce);
    await page.waitForLoadState("networkidle");
    expect(violations).toEqual([]);
  });

  test("development does not redirect or send HSTS (T2, T3 only in staging/production)", async () => {
    const response = await rawGet(portal, "/security", { "x-forwarded-proto": "http" });
    expect(response.status).toBe(200);
    expect(response.headers["strict-transport-security"]).toBeUndefined();
  });
});

test.describe("production behind the TLS proxy", () => {
  test("T2: HTTP reported by the trusted proxy is redirected to HTTPS with 308", async () => {
    const response = await rawGet(productionLike, "/security?tab=1", {
      host: productionHostname,
      "x-forwarded-proto": "http",
      "x-forwarded-host": productionHostname,
    });
    expect(response.status).toBe(308);
    expect(response.headers.location).toBe(`https://${productionHostname}/security?tab=1`);
  });

  test("T2: the redirect never sends a visitor to an attacker's host", async () => {
    const response = await rawGet(productionLike, "/security", {
      host: productionHostname,
      "x-forwarded-proto": "http",
      "x-forwarded-host": "evil.example",
    });
    expect(response.status).toBe(308);
    expect(new URL(String(response.headers.location)).hostname).toBe(productionHostname);
  });

  test("T3: HSTS for a year or more with includeSubDomains on the production hostname", async () => {
    const response = await rawGet(productionLike, "/security", { host: productionHostname, "x-forwarded-proto": "https" });
    expect(response.status).toBe(200);
    const hsts = String(response.headers["strict-transport-security"]);
    const maxAge = Number(/max-age=(\d+)/.exec(hsts)?.[1]);
    expect(maxAge).toBeGreaterThanOrEqual(31_536_000);
    expect(hsts).toContain("includeSubDomains");
  });

  test("T3: no HSTS on hostnames that are not production hostnames", async () => {
    const response = await rawGet(productionLike, "/security", { host: "preview.other.test", "x-forwarded-proto": "https" });
    expect(response.headers["strict-transport-security"]).toBeUndefined();
  });

  test("production CSP has no unsafe-eval and upgrades insecure requests", async () => {
    const response = await rawGet(productionLike, "/", { host: productionHostname, "x-forwarded-proto": "https" });
    const csp = String(response.headers["content-security-policy"]);
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).toContain("upgrade-insecure-requests");
  });
});

test.describe("refusals are real pages", () => {
  test("e-mail link pages send no Referer (their query string carries a token)", async () => {
    for (const path of ["/verify-email?token=abc", "/reset-password?token=abc", "/invitations/accept?token=abc"]) {
      const response = await rawGet(portal, path);
      expect(response.headers["referrer-policy"], path).toBe("no-referrer");
    }
  });

  test("a path the route table does not know is a friendly 404 with the security headers", async () => {
    const response = await rawGet(portal, "/not-in-the-route-table");
    expect(response.status).toBe(404);
    expect(response.body).toContain("We could not find that page");
    expect(String(response.headers["content-security-policy"])).toContain("'nonce-");
  });
});

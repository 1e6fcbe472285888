import { test, expect } from "./support/test";
import { readFileSync } from "node:fs";
import { rawGet } from "./support/raw-http";
import { e2eServers } from "./support/e2e-paths";

/**
 * S4 / D8: a run that handles secrets and PII must leave none of them in the logs.
 * Values are sent where they typically leak: query strings (OAuth codes), headers
 * (Authorization, cookies), paths, and form bodies. The server's captured log file
 * (LOG_FILE, the same JSON lines that go to stdout) is then searched for each value.
 */
const secrets = {
  oauthCode: "FAKEe2eOauthCodeNotReal",
  refreshToken: "Atzr|FAKE-e2e-refresh-token-not-a-real-credential",
  accessToken: "Atza|FAKE-e2e-access-token-not-a-real-credential",
  clientSecret: "amzn1.oa2-cs.v1.FAKEe2eClientSecretNotARealCredential0001",
  buyerEmail: "jane.buyer.e2e@example.com",
  buyerPhone: "+1 206-555-0142",
  password: "correct-Horse-battery-staple-91",
};

function logLines(file: string): string {
  return readFileSync(file, "utf8");
}

test("S4: secrets and PII sent to the portal never reach its logs", async ({ request }) => {
  const port = e2eServers.portal.port;
  const responses = await Promise.all([
    rawGet(port, `/api/health?spapi_oauth_code=${secrets.oauthCode}&state=abc&email=${encodeURIComponent(secrets.buyerEmail)}`),
    rawGet(port, "/security", { authorization: `Bearer ${secrets.accessToken}`, cookie: `firefeed.session=${secrets.refreshToken}` }),
    rawGet(port, `/no-such-page/${encodeURIComponent(secrets.buyerEmail)}`),
    rawGet(port, "/sign-in", { "x-client-secret": secrets.clientSecret, "x-phone": secrets.buyerPhone }),
  ]);
  expect(responses.map((r) => r.status)).toEqual([200, 200, 404, 200]);
  const posted = await request.post("/sign-in", {
    form: { email: secrets.buyerEmail, password: secrets.password, phone: secrets.buyerPhone },
  });
  expect(posted.status()).toBeLessThan(600);

  // Give the logger a moment to flush its asynchronous destination.
  await expect
    .poll(() => logLines(e2eServers.portal.logFile).split("\n").filter((line) => line.includes('"status"')).length)
    .toBeGreaterThanOrEqual(4);

  const text = logLines(e2eServers.portal.logFile);
  for (const [name, value] of Object.entries(secrets)) {
    expect(text.includes(value), `${name} leaked into the log`).toBe(false);
    expect(text.includes(encodeURIComponent(value)), `${name} (URL-encoded) leaked into the log`).toBe(false);
  }

  // The access log is still useful: one JSON line per request with id, route, status, duration.
  const accessLines = text
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((entry) => typeof entry.status === "number" && typeof entry.route === "string");
  const missing = responses.filter((r) => !accessLines.some((entry) => entry.requestId === r.headers["x-request-id"]));
  expect(missing).toEqual([]);
  for (const entry of accessLines) {
    expect(typeof entry.durationMs).toBe("number");
    expect(String(entry.route)).not.toContain("?");
  }
});

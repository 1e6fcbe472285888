/**
 * Issue 9, finding 4: with HOSTNAME=127.0.0.1 a request for any unknown path
 * (the deny-by-default 404) made Next proxy the middleware's refusal rewrite
 * back to itself about 350 times, until a 30 s timeout and a 500: one
 * unauthenticated request tied the server up. The "postgres-dev" e2e server binds
 * 127.0.0.1, "portal" 0.0.0.0 (e2e/support/start-e2e-server.ts). On
 * both, a refusal must be the portal's own page, answered once: the access
 * log holds exactly one line for the request, and its status is the refusal's.
 */
import { readFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { test, expect } from "./support/test";
import { e2eServers, type E2eServerName } from "./support/e2e-paths";
import { readFixtures } from "./support/fixtures";
import { rawGet } from "./support/raw-http";
import { signIn } from "./support/sign-in";

interface AccessLogLine {
  msg?: string;
  route?: string;
  status?: number;
}

function accessLogLines(server: E2eServerName, route: string): AccessLogLine[] {
  return readFileSync(e2eServers[server].logFile, "utf8")
    .split("\n")
    .filter((line) => line.includes(route))
    .map((line) => JSON.parse(line) as AccessLogLine)
    .filter((line) => line.msg === "request completed" && line.route === route);
}

/** The access-log lines (server/main.ts, one per request) for one path, after the `skip` already there. */
async function accessLogFor(server: E2eServerName, route: string, skip = 0): Promise<AccessLogLine[]> {
  // The logger writes asynchronously: wait until the request's line is there.
  await expect.poll(() => accessLogLines(server, route).length).toBeGreaterThan(skip);
  return accessLogLines(server, route).slice(skip);
}

for (const [server, bind] of [
  ["postgres-dev", "127.0.0.1"],
  ["portal", "0.0.0.0"],
] as const) {
  test(`HOSTNAME=${bind}: an unknown path is one 404 with the portal's page, not a proxy loop`, async () => {
    const route = `/no-such-page-${randomUUID()}`;
    const response = await rawGet(e2eServers[server].port, route);
    expect(response.status).toBe(404);
    expect(response.body).toContain("We could not find that page");
    // A forged Host does not make the refusal go anywhere else either.
    const forged = await rawGet(e2eServers[server].port, `${route}-forged`, { host: "evil.example:9" });
    expect(forged.status).toBe(404);
    expect(await accessLogFor(server, route)).toEqual([expect.objectContaining({ status: 404 })]);
    expect(await accessLogFor(server, `${route}-forged`)).toEqual([expect.objectContaining({ status: 404 })]);
  });
}

test("a signed-in seller refused the operator console gets one 403 with the portal's page", async ({ page }) => {
  const { sellerMember } = readFixtures().users;
  await signIn(page, sellerMember, "/seller");
  const before = accessLogLines("portal", "/admin/operators").length;
  const response = await page.goto("/admin/operators");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  expect(await accessLogFor("portal", "/admin/operators", before)).toEqual([expect.objectContaining({ status: 403 })]);
});

/**
 * Issue 9, findings 1 and 2, attacked the way the outside tester did, on every
 * documented way to start the portal:
 *  - the README's first command (`npm start`, embedded database: the "portal" server),
 *  - the README's "Running against PostgreSQL" (`DATABASE_URL=... npm start`: "postgres-dev"),
 *  - production (secrets from the deployment: "production-like").
 *
 * The attacker holds everything visible: every value in this repository and
 * every id the security console shows (a seller owner's session id is an
 * audit target). With those they mint session cookies (next-auth's own
 * `encode`, exactly the portal's cookie format) and try to act as the seller.
 * Every attempt must land on sign-in, while the genuine cookie of the same
 * session keeps working (so the test would notice a takeover).
 *
 * Going further than the attacker could: the session signing secret the
 * server really uses (read from its key file) is tried too. It must not be
 * any value in the repository, and even with it a cookie minted around a
 * session's public id opens nothing: the cookie must carry the session's
 * random token, which exists nowhere but in the genuine cookie.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test, expect, type Page } from "./support/test";
import { encode } from "next-auth/jwt";
import pg from "pg";
import { localKeysDir, postgresKeysDir } from "../lib/secrets/local-key-file";
import { e2ePostgresDatabaseUrl, e2eServers, productionHostname } from "./support/e2e-paths";
import { readFixtures } from "./support/fixtures";
import { enrollAuthenticator } from "./support/journeys";
import { rawGet, type RawResponse } from "./support/raw-http";
import { signIn } from "./support/sign-in";

/** The session signing secret of releases before issue 9 (published; still in git history). */
const FORMER_DEMO_SESSION_SECRET = "development-only-demo-nextauth-secret-NOT-SECRET";

const DEV_COOKIE = "firefeed.session";
const SECURE_COOKIE = "__Host-firefeed.session";

/** Every tracked file's text: what anyone with a clone has. */
function repositoryText(): string[] {
  const files = execFileSync("git", ["ls-files", "-z"], { encoding: "utf8" }).split("\0").filter(Boolean);
   
  return files.map((file) => readFileSync(file).toString("utf8"));
}

function appearsInRepository(value: string): boolean {
  return repositoryText().some((text) => text.includes(value));
}

/** Secret-looking values written in the repository's documentation and examples (KEY=value lines). */
function documentedSecretCandidates(): string[] {
  const candidates = new Set<string>([FORMER_DEMO_SESSION_SECRET]);
  for (const file of [".env.example", "README.md"]) {
    for (const match of readFileSync(file, "utf8").matchAll(/\b(?:NEXTAUTH_SECRET|[A-Z_]*SECRET)=(\S+)/g)) {
      if (match[1]) candidates.add(match[1]);
    }
  }
  return [...candidates];
}

async function mintCookie(secret: string, claims: { userId: string; sid: string; role: string; kind: "SELLER" | "OPERATOR" }): Promise<string> {
  return encode({
    secret,
    maxAge: 3600,
    token: { sub: claims.userId, sid: claims.sid, name: "Minted", role: claims.role, kind: claims.kind },
  });
}

function expectSentToSignIn(response: RawResponse, what: string): void {
  expect([303, 307, 308], `${what}: status ${response.status}`).toContain(response.status);
  expect(new URL(String(response.headers.location), "http://portal.invalid").pathname, what).toBe("/sign-in");
}

/** The demo seller owner's e-mail and password from the box npm start writes (prisma/seed.ts). */
function demoOwnerCredentials(file: string): { email: string; password: string } {
  const lines = readFileSync(file, "utf8").split("\n");
  const at = lines.findIndex((line) => /e-mail:\s+owner@/.test(line));
  const email = /e-mail:\s+(\S+)/.exec(lines[at] ?? "")?.[1];
  const password = /password:\s+(\S+)/.exec(lines[at + 1] ?? "")?.[1];
  expect(email && password, "the demo owner's credentials were written").toBeTruthy();
  return { email: email!, password: password! };
}

async function genuineCookie(page: Page, name: string): Promise<string> {
  const cookie = (await page.context().cookies()).find((c) => c.name === name);
  expect(cookie, `the browser holds the ${name} cookie`).toBeTruthy();
  return cookie!.value;
}

test.describe("minted session cookies are refused in every documented mode (issue 9)", () => {
  test("npm start (embedded database): an analyst's view of the audit log and the repository's secrets do not open a seller's session", async ({
    page,
    browser,
  }) => {
    test.setTimeout(120_000);
    const port = e2eServers.portal.port;
    const { sellerOwner, securityAnalyst } = readFixtures().users;

    // The victim: a seller owner, signed in.
    await signIn(page, sellerOwner, "/seller");
    const victimCookie = await genuineCookie(page, DEV_COOKIE);
    const control = await rawGet(port, "/seller/team", { cookie: `${DEV_COOKIE}=${victimCookie}` });
    expect(control.status, "the genuine cookie opens the team page").toBe(200);

    // The attacker: a security analyst reading the audit log, where sessions are audit targets.
    const analystContext = await browser.newContext();
    try {
      const analyst = await analystContext.newPage();
      await signIn(analyst, securityAnalyst, "/admin/security");
      await analyst.goto(`/admin/security/audit?action=auth.sign_in&actor=${encodeURIComponent(sellerOwner.email)}`);
      const sessionTargets = analyst.getByRole("table").getByText(/^session: [0-9a-f-]{36}$/);
      // The page streams (skeleton first): wait for the rows, then read them.
      await expect(sessionTargets.first(), "the analyst sees the seller's sessions as audit targets").toBeVisible();
      const targets = await sessionTargets.allTextContents();
      const sessionIds = targets.map((text) => text.replace("session: ", ""));

      const serverSecret = readFileSync(path.join(localKeysDir(path.join(e2eServers.portal.dir, "pglite")), "nextauth-secret"), "utf8").trim();
      const serverDataKey = readFileSync(path.join(localKeysDir(path.join(e2eServers.portal.dir, "pglite")), "data-encryption.key"), "utf8").trim();
      expect(appearsInRepository(serverSecret), "the session secret is not a value from the repository").toBe(false);
      expect(appearsInRepository(serverDataKey), "the data key is not a value from the repository").toBe(false);

      for (const secret of [...documentedSecretCandidates(), serverSecret]) {
        for (const sid of [...sessionIds, sellerOwner.id]) {
          const cookie = await mintCookie(secret, { userId: sellerOwner.id, sid, role: "SELLER_OWNER", kind: "SELLER" });
          for (const target of ["/seller/team", "/seller/orders"]) {
            const response = await rawGet(port, target, { cookie: `${DEV_COOKIE}=${cookie}` });
            expectSentToSignIn(response, `${target} with a cookie minted around ${sid === sellerOwner.id ? "the user id" : "a session id"}`);
            expect(response.body).not.toContain(sellerOwner.email);
          }
        }
      }
    } finally {
      await analystContext.close();
    }
    // The victim's own session was never touched.
    expect((await rawGet(port, "/seller/team", { cookie: `${DEV_COOKIE}=${victimCookie}` })).status).toBe(200);
  });

  test("DATABASE_URL=... npm start (PostgreSQL): random key files, a least-privileged web server role, and no minted session", async ({ page }) => {
    test.setTimeout(120_000);
    const server = e2eServers["postgres-dev"];
    const databaseUrl = e2ePostgresDatabaseUrl();

    // The web server connects as a role of its own, not as the superuser in DATABASE_URL.
    const roleLine = readFileSync(server.logFile, "utf8")
      .split("\n")
      .filter((line) => line.includes('"database role checked"'))
      .map((line) => JSON.parse(line) as { databaseRole: string; effectiveRole: string; embedded: boolean })
      .at(-1);
    expect(roleLine?.databaseRole).toMatch(/^firefeed_portal_dev_/);
    expect(roleLine).toMatchObject({ effectiveRole: "firefeed_app", embedded: false });

    // Key files generated for this database, none of them a value from the repository.
    const keysDir = postgresKeysDir(databaseUrl);
    const serverSecret = readFileSync(path.join(keysDir, "nextauth-secret"), "utf8").trim();
    expect(appearsInRepository(serverSecret)).toBe(false);
    expect(appearsInRepository(readFileSync(path.join(keysDir, "data-encryption.key"), "utf8").trim())).toBe(false);

    // The demo seller owner signs in for the first time (enrolling MFA), as the README says.
    const owner = demoOwnerCredentials(path.join(server.dir, "demo-credentials.txt"));
    await page.goto(`http://localhost:${server.port}/sign-in`);
    await page.getByLabel("Email", { exact: true }).fill(owner.email);
    await page.getByLabel("Password", { exact: true }).fill(owner.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await enrollAuthenticator(page);
    await page.getByRole("link", { name: "Continue" }).click();
    await expect(page).toHaveURL(/\/seller/);
    const victimCookie = await genuineCookie(page, DEV_COOKIE);
    expect((await rawGet(server.port, "/seller/team", { cookie: `${DEV_COOKIE}=${victimCookie}` })).status).toBe(200);

    // Everything the database holds about the session (what any operator or a dump shows).
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    let rows: { id: string; user_id: string; token_hash: string }[];
    try {
      rows = (await admin.query<{ id: string; user_id: string; token_hash: string }>(
        `SELECT s.id::text, s.user_id::text, s.token_hash FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.email = $1 AND s.revoked_at IS NULL`,
        [owner.email],
      )).rows;
    } finally {
      await admin.end();
    }
    expect(rows.length).toBeGreaterThan(0);
    for (const secret of [...documentedSecretCandidates(), serverSecret]) {
      for (const row of rows) {
        for (const sid of [row.id, row.user_id, row.token_hash]) {
          const cookie = await mintCookie(secret, { userId: row.user_id, sid, role: "SELLER_OWNER", kind: "SELLER" });
          expectSentToSignIn(await rawGet(server.port, "/seller/team", { cookie: `${DEV_COOKIE}=${cookie}` }), `minted around ${sid}`);
        }
      }
    }
  });

  test("production: cookies minted with the repository's secrets or around a guessed session id are refused", async () => {
    const server = e2eServers["production-like"];
    const serverSecret = readFileSync(path.join(server.dir, "nextauth-secret"), "utf8").trim();
    expect(appearsInRepository(serverSecret)).toBe(false);
    const proxied = { host: productionHostname, "x-forwarded-proto": "https", "x-forwarded-host": productionHostname };
    for (const secret of [...documentedSecretCandidates(), serverSecret]) {
      const cookie = await mintCookie(secret, { userId: crypto.randomUUID(), sid: crypto.randomUUID(), role: "OPERATOR_ADMIN", kind: "OPERATOR" });
      const response = await rawGet(server.port, "/admin", { ...proxied, cookie: `${SECURE_COOKIE}=${cookie}` });
      expectSentToSignIn(response, "the operator console with a minted cookie");
    }
  });
});

/**
 * Journey: a sign-in flood is throttled, and the people it is not aimed at are
 * not (N5, D7). The limits (lib/rate-limit/index.ts) are:
 *   - "sign-in:account": 10 attempts per 15 min per e-mail address, from ANY
 *     address (slows down guessing one account from many addresses);
 *   - "sign-in:ip": 20 attempts per 15 min per client address, for ANY account
 *     (slows down spraying many accounts from one address).
 * Both are counted on every attempt. So what the design promises, and what is
 * asserted here:
 *   1. flooding one account blocks THAT account; other accounts, even from the
 *      same address, are unaffected (until that address reaches its own limit);
 *   2. flooding from one address blocks every sign-in FROM THAT ADDRESS (also a
 *      real user with the right password: the price of per-IP limits behind a
 *      shared NAT), while the same user from another address is unaffected.
 * The refusal is a server-action answer (HTTP 200 carrying the error, shown in
 * the form), not a bare 429: the user-visible contract is the message
 * "Too many attempts. Try again in N minutes." with the remaining wait.
 *
 * Why this file is named zz-: limits live in the memory of the ONE e2e portal
 * process for the whole run, and part 2 exhausts the loopback address every
 * other spec signs in from; it must run last. Part 1 and the "other address"
 * use the machine's non-loopback address (a second, distinct client IP that
 * no other spec uses), so counts there are exact whatever ran before. Only
 * made-up e-mail addresses are flooded: no fixture user is locked or limited.
 */
import { networkInterfaces } from "node:os";
import { test, expect, type Browser, type Page } from "./support/test";
import { e2eServers } from "./support/e2e-paths";
import { readFixtures } from "./support/fixtures";
import { signIn } from "./support/sign-in";
import { signInRefusal, submitPasswordStep, uniqueEmail } from "./support/journeys";

const GENERIC = "The e-mail or password is incorrect.";
const TOO_MANY = /^Too many attempts\. Try again in \d+ minutes?\.$/;
const ACCOUNT_LIMIT = 10;
const IP_LIMIT = 20;

/** The first non-loopback IPv4 address of this machine: a second client address for the same server. */
function secondClientAddress(): string | null {
  for (const entries of Object.values(networkInterfaces())) {
    for (const entry of entries ?? []) if (entry.family === "IPv4" && !entry.internal) return entry.address;
  }
  return null;
}

const otherAddress = secondClientAddress();

async function browserFromOtherAddress(browser: Browser) {
  const context = await browser.newContext({ baseURL: `http://${otherAddress}:${e2eServers.portal.port}` });
  return { context, page: await context.newPage() };
}

async function wrongPassword(page: Page, email: string): Promise<string> {
  await submitPasswordStep(page, email, "not-the-password-Zq8!kd");
  const refusal = signInRefusal(page);
  await expect(refusal).toBeVisible();
  return ((await refusal.textContent()) ?? "").trim();
}

test.describe.serial("sign-in rate limits (N5)", () => {
  test.skip(!otherAddress, "needs a non-loopback IPv4 address to act as a second client");

  test("flooding one account blocks that account only; another account from the same address is unaffected", async ({ browser }) => {
    test.setTimeout(120_000);
    const { otherSellerOwner } = readFixtures().users;
    const client = await browserFromOtherAddress(browser);
    try {
      const flooded = uniqueEmail("flooded.account");
      for (let attempt = 1; attempt <= ACCOUNT_LIMIT; attempt += 1) {
        expect(await wrongPassword(client.page, flooded), `attempt ${attempt}`).toBe(GENERIC);
      }
      // Attempt 11 on the same account: throttled, with the wait stated.
      expect(await wrongPassword(client.page, flooded)).toMatch(TOO_MANY);
      await expect(client.page).toHaveURL(/\/sign-in$/);

      // Same address, other accounts: ordinary answers (12th and 13th attempt from this address, under its 20).
      expect(await wrongPassword(client.page, uniqueEmail("bystander.account"))).toBe(GENERIC);
      await signIn(client.page, otherSellerOwner, "/seller");
      await expect(client.page).toHaveURL(/\/seller$/);
      await expect(client.page.getByText(otherSellerOwner.displayName).first()).toBeVisible();
    } finally {
      await client.context.close();
    }
  });

  test("flooding from one address blocks every sign-in from it, even with the right password; the same user elsewhere is unaffected", async ({
    page,
    browser,
  }) => {
    test.setTimeout(120_000);
    const { otherSellerOwner } = readFixtures().users;

    // The loopback address has been used by earlier specs: spray made-up accounts
    // (each one new, so no account limit is involved) until the address is refused.
    let answer = "";
    let attempts = 0;
    while (attempts <= IP_LIMIT) {
      attempts += 1;
      answer = await wrongPassword(page, uniqueEmail("spray.target"));
      if (answer !== GENERIC) break;
    }
    expect(answer, `refused within ${IP_LIMIT + 1} attempts`).toMatch(TOO_MANY);

    // A real user with the right password, from the flooded address: refused too, before any password check.
    await submitPasswordStep(page, otherSellerOwner.email, otherSellerOwner.password);
    await expect(signInRefusal(page)).toHaveText(TOO_MANY);
    await expect(page.getByLabel("Authentication code")).toHaveCount(0);

    // The same user from another address signs in normally.
    const client = await browserFromOtherAddress(browser);
    try {
      await signIn(client.page, otherSellerOwner, "/seller");
      await expect(client.page).toHaveURL(/\/seller$/);
    } finally {
      await client.context.close();
    }
  });
});

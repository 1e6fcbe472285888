/**
 * Steps shared by the identity journeys (seller onboarding, operator
 * invitation, lockout, session revocation, rate limits). Each step does what a
 * person does: reads the e-mail in the dev outbox, types what the page shows,
 * clicks by accessible name. Elements are located by role and label only.
 */
import { randomBytes } from "node:crypto";
import { expect, type Locator, type Page } from "@playwright/test";
import { freshTotpCode, randomPassword, type FixtureUser } from "./fixtures";

export const OUTBOX_SUBJECTS = {
  verifyEmail: "Confirm your e-mail address for FireFeed Portal",
  operatorInvitation: "You are invited to FireFeed Portal",
} as const;

/** A unique e-mail address for an account made during a test run. */
export function uniqueEmail(prefix: string, domain = "journeys.example"): string {
  return `${prefix}.${Date.now().toString(36)}${randomBytes(3).toString("hex")}@${domain}`;
}

/** A strong random password with no personal parts (accepted by the policy). */
export function strongPassword(): string {
  return randomPassword();
}

/**
 * The link in the newest e-mail to `to` with `subject`, read from the dev
 * outbox page (newest first) the way a person would copy it. Mail is queued
 * by the action and delivered a moment later (lib/email/outbox-delivery.ts),
 * so, like a person waiting for it, this reloads the page until it arrives.
 */
export async function linkFromOutbox(page: Page, to: string, subject: string): Promise<string> {
  const email = page
    .getByRole("listitem")
    .filter({ has: page.getByRole("heading", { name: subject }) })
    .filter({ hasText: to })
    .first();
  await expect(async () => {
    await page.goto("/dev/outbox");
    await expect(email).toBeVisible({ timeout: 1_000 });
  }, `the e-mail "${subject}" to ${to} in /dev/outbox`).toPass({ timeout: 15_000, intervals: [250, 500, 1_000] });
  const href = await email.getByRole("link").first().getAttribute("href");
  expect(href, `a link in the e-mail "${subject}" to ${to}`).toBeTruthy();
  return href!;
}

/** Fills the e-mail/password step of /sign-in and submits it. */
export async function submitPasswordStep(page: Page, email: string, password: string, next?: string): Promise<void> {
  await page.goto(next ? `/sign-in?next=${encodeURIComponent(next)}` : "/sign-in");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** The refusal alert on /sign-in after a password step (generic wording, lockout or rate limit). */
export function signInRefusal(page: Page): Locator {
  return page.getByRole("alert").filter({ hasText: /incorrect|Too many attempts|deactivated/i });
}

/** Creates a seller account through /sign-up and confirms its e-mail through the dev outbox link. */
export async function signUpAndVerifySeller(
  page: Page,
  account: { organizationName: string; displayName: string; email: string; password: string },
): Promise<void> {
  await page.goto("/sign-up");
  await page.getByLabel("Organization name").fill(account.organizationName);
  await page.getByLabel("Your name").fill(account.displayName);
  await page.getByLabel("Work email").fill(account.email);
  await page.getByLabel("Password", { exact: true }).fill(account.password);
  await page.getByLabel("I accept the data-use terms").check();
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Check your inbox", { exact: true })).toBeVisible();

  await page.goto(await linkFromOutbox(page, account.email, OUTBOX_SUBJECTS.verifyEmail));
  await expect(page.getByRole("heading", { name: "Confirm your e-mail" })).toBeVisible();
  await page.getByRole("button", { name: "Confirm my e-mail" }).click();
  await expect(page.getByText("Your e-mail is verified").first()).toBeVisible();
}

/**
 * On /sign-in/enroll: reads the manual-entry key shown under the QR code,
 * optionally proves a wrong code is refused, confirms with a real code and
 * returns the secret and the recovery codes the page shows once.
 */
export async function enrollAuthenticator(page: Page, options: { tryWrongCodeFirst?: boolean } = {}): Promise<{ totpSecret: string; recoveryCodes: string[] }> {
  await expect(page).toHaveURL(/\/sign-in\/enroll/);
  await expect(page.getByRole("img", { name: "QR code for your authenticator app" })).toBeVisible();
  const grouped = (await page.getByLabel("Setup key").textContent()) ?? "";
  const totpSecret = grouped.replace(/\s+/g, "");
  expect(totpSecret).toMatch(/^[A-Z2-7]{16,}$/);

  const code = await freshTotpCode(totpSecret);
  if (options.tryWrongCodeFirst) {
    // The right code with its last digit changed: a typo, as a person would make it.
    const wrong = code.slice(0, 5) + String((Number(code[5]) + 1) % 10);
    await page.getByLabel("Authentication code").fill(wrong);
    await page.getByRole("button", { name: "Confirm" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "That code is not valid" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Save your recovery codes" })).toHaveCount(0);
  }
  await page.getByLabel("Authentication code").fill(code);
  await page.getByRole("button", { name: "Confirm" }).click();
  await expect(page.getByRole("heading", { name: "Save your recovery codes" })).toBeVisible();
  const recoveryCodes = (await page.getByRole("list", { name: "Recovery codes" }).getByRole("listitem").allTextContents()).map((text) =>
    text.trim(),
  );
  expect(recoveryCodes).toHaveLength(10);
  expect(new Set(recoveryCodes).size).toBe(10);
  return { totpSecret, recoveryCodes };
}

/**
 * Runs an action that may need a recent MFA check (step-up, A3). Right after
 * sign-in none is needed; later the portal sends the person to /step-up, they
 * enter a code and come back; a refused form is submitted again for them, and
 * a dialog action is repeated by hand, exactly as the UI tells them.
 */
export async function withStepUp(page: Page, user: Pick<FixtureUser, "totpSecret">, act: () => Promise<void>, done: Locator): Promise<void> {
  await act();
  const stepUpPage = page.getByRole("heading", { name: "Confirm it's you" });
  await expect(done.or(stepUpPage).first()).toBeVisible();
  if (page.url().includes("/step-up")) {
    await page.getByLabel("Authentication code").fill(await freshTotpCode(user.totpSecret));
    await page.getByRole("button", { name: "Confirm" }).click();
    await page.waitForURL((url) => !url.pathname.startsWith("/step-up"));
    // A refused form is submitted again on return (components/step-up-draft.tsx); an action
    // started from a dialog is not, and the person repeats the click.
    const resumed = await done.waitFor({ state: "visible", timeout: 5_000 }).then(
      () => true,
      () => false,
    );
    if (!resumed) {
      await act();
      await expect(done).toBeVisible();
    }
  }
}

/** The toast the portal shows after an action (role status for success, alert for errors). */
export function toast(page: Page, text: string | RegExp): Locator {
  return page.getByRole("region", { name: "Notifications" }).getByText(text);
}

/** Invites an operator from /admin/operators (the admin is signed in); returns once the portal confirms. */
export async function inviteOperator(page: Page, admin: Pick<FixtureUser, "totpSecret">, email: string, roleLabel: string): Promise<void> {
  await page.goto("/admin/operators");
  const inviteCard = page.getByRole("region", { name: "Invite operator" });
  await withStepUp(
    page,
    admin,
    async () => {
      if (!page.url().endsWith("/admin/operators")) await page.goto("/admin/operators");
      await inviteCard.getByLabel("Email", { exact: true }).fill(email);
      await inviteCard.getByLabel("Role").selectOption({ label: roleLabel });
      await inviteCard.getByRole("button", { name: "Send invitation" }).click();
    },
    toast(page, `Invitation sent to ${email}.`),
  );
}

/** Accepts an operator/member invitation from its e-mail link (in the page's own browser context). */
export async function acceptInvitation(page: Page, link: string, displayName: string, password: string): Promise<void> {
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "Accept your invitation" })).toBeVisible();
  await page.getByLabel("Your name").fill(displayName);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByLabel("Confirm password").fill(password);
  await page.getByRole("button", { name: "Accept invitation" }).click();
  await expect(page.getByText("Your account is ready")).toBeVisible();
}

/**
 * One rule for mutations (issue 11): after an action, the screen shows the new
 * state without a reload. Call before the action; the returned check fails if
 * the page was reloaded (or left for another document) since, so an
 * expectation met only thanks to a reload cannot pass. Client-side navigations
 * (a step-up round trip, router.push) keep the document and pass.
 */
export async function markDocument(page: Page): Promise<() => Promise<void>> {
  const mark = `doc-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  await page.evaluate((value) => {
    (window as unknown as { __firefeedDocumentMark?: string }).__firefeedDocumentMark = value;
  }, mark);
  return async () => {
    const now = await page.evaluate(() => (window as unknown as { __firefeedDocumentMark?: string }).__firefeedDocumentMark);
    expect(now, "the page was reloaded to show the new state").toBe(mark);
  };
}

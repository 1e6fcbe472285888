/**
 * Journey: an operator admin invites a new support operator, who accepts in a
 * browser of their own, is forced through MFA enrollment before seeing any
 * console page, and then gets only what the Support role allows (A1, A2, A3, N6).
 */
import { test, expect } from "./support/test";
import { readFixtures } from "./support/fixtures";
import { signIn } from "./support/sign-in";
import {
  OUTBOX_SUBJECTS,
  acceptInvitation,
  enrollAuthenticator,
  inviteOperator,
  linkFromOutbox,
  strongPassword,
  submitPasswordStep,
  uniqueEmail,
  withStepUp,
} from "./support/journeys";

test("an admin invites a Support operator who enrolls MFA before reaching the console and is refused admin-only pages (A1-A3)", async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  const { operatorAdmin } = readFixtures().users;
  await signIn(page, operatorAdmin, "/admin/operators");
  await expect(page).toHaveURL(/\/admin\/operators$/);

  // A shared mailbox is refused with a message that says what to do instead.
  const inviteCard = page.getByRole("region", { name: "Invite operator" });
  await withStepUp(
    page,
    operatorAdmin,
    async () => {
      if (!page.url().endsWith("/admin/operators")) await page.goto("/admin/operators");
      await inviteCard.getByLabel("Email", { exact: true }).fill("support@fire-feed.example");
      await inviteCard.getByLabel("Role").selectOption({ label: "Support" });
      await inviteCard.getByRole("button", { name: "Send invitation" }).click();
    },
    inviteCard.getByText(/must belong to a person: use an individual work address, not a shared mailbox/),
  );
  await expect(inviteCard.getByLabel("Email", { exact: true })).toHaveAttribute("aria-invalid", "true");

  const email = uniqueEmail("new.operator", "fire-feed.example");
  await inviteOperator(page, operatorAdmin, email, "Support");
  await expect(page.getByRole("region", { name: "Pending invitations" }).getByRole("cell", { name: email, exact: true })).toBeVisible();

  // The invitee opens the link from their e-mail in a browser of their own.
  const link = await linkFromOutbox(page, email, OUTBOX_SUBJECTS.operatorInvitation);
  const inviteeContext = await browser.newContext();
  try {
    const invitee = await inviteeContext.newPage();
    const password = strongPassword();
    await acceptInvitation(invitee, link, "Nova Newcomer", password);

    // The invitation link is single use.
    await invitee.goto(link);
    await expect(invitee.getByText("This invitation cannot be used")).toBeVisible();

    // Password accepted, MFA not yet set up: no console page is reachable.
    await submitPasswordStep(invitee, email, password, "/admin");
    await expect(invitee).toHaveURL(/\/sign-in\/enroll/);
    await invitee.goto("/admin");
    await expect(invitee).toHaveURL(/\/sign-in\?next=%2Fadmin/);
    await expect(invitee.getByRole("heading", { name: "Overview" })).toHaveCount(0);

    // Signing in again leads to enrollment, and only after it to the console.
    await submitPasswordStep(invitee, email, password, "/admin");
    await enrollAuthenticator(invitee);
    await invitee.getByRole("link", { name: "Continue" }).click();
    await expect(invitee).toHaveURL(/\/admin$/);
    await expect(invitee.getByRole("heading", { name: "Overview" })).toBeVisible();
    await expect(invitee.getByText("Nova Newcomer").first()).toBeVisible();

    // Support lacks operators:view and audit:view: those pages answer 403.
    for (const path of ["/admin/operators", "/admin/security/audit"]) {
      const response = await invitee.goto(path);
      expect(response?.status(), path).toBe(403);
      await expect(invitee.getByRole("heading", { name: "You do not have access to this page" })).toBeVisible();
      await expect(invitee.getByRole("button", { name: "Send invitation" })).toHaveCount(0);
    }
    // What Support does hold stays open.
    const sellers = await invitee.goto("/admin/sellers");
    expect(sellers?.status()).toBe(200);
  } finally {
    await inviteeContext.close();
  }

  // The admin now sees the new operator as enrolled.
  await page.goto("/admin/operators");
  const row = page.getByRole("row").filter({ hasText: email });
  await expect(row.getByRole("link", { name: "Nova Newcomer" })).toBeVisible();
  await expect(row.getByText("Set up", { exact: true })).toBeVisible();
});

/**
 * Seeds the e2e fixture accounts into a freshly migrated database. Runs in the
 * e2e launcher before the portal starts (the embedded database accepts one
 * client at a time, so it cannot happen while the server runs).
 */
import { hashPassword } from "@/lib/auth/password";
import { generateTotpSecret } from "@/lib/auth/mfa/totp";
import { encryptField } from "@/lib/crypto/field-encryption";
import type { UserRole } from "@/lib/db/generated/enums";
import { createIncident } from "@/lib/incidents/incidents";
import { startAccessReviewCampaign } from "@/lib/access-reviews/access-reviews";
import { ensureLogReviews } from "@/lib/log-reviews/log-reviews";
import { randomPassword, writeFixtures, type FixtureRole, type FixtureUser, type Fixtures } from "./fixtures";
import { seedSellerPageSample } from "./seller-page-fixtures";
import type { Db } from "@/lib/db/db";

const specs: Array<{ key: FixtureRole; email: string; displayName: string; role: UserRole; org: "acme" | "borealis" | null }> = [
  { key: "sellerOwner", email: "olivia.owner@acme-outdoor.example", displayName: "Olivia Owner", role: "SELLER_OWNER", org: "acme" },
  { key: "sellerMember", email: "milo.member@acme-outdoor.example", displayName: "Milo Member", role: "SELLER_MEMBER", org: "acme" },
  { key: "otherSellerOwner", email: "bjorn.owner@borealis-goods.example", displayName: "Bjorn Owner", role: "SELLER_OWNER", org: "borealis" },
  { key: "operatorSupport", email: "sam.support@fire-feed.example", displayName: "Sam Support", role: "OPERATOR_SUPPORT", org: null },
  { key: "securityAnalyst", email: "ada.analyst@fire-feed.example", displayName: "Ada Analyst", role: "OPERATOR_SECURITY_ANALYST", org: null },
  { key: "operatorAdmin", email: "ola.admin@fire-feed.example", displayName: "Ola Admin", role: "OPERATOR_ADMIN", org: null },
  { key: "alertTarget", email: "tina.target@acme-outdoor.example", displayName: "Tina Target", role: "SELLER_MEMBER", org: "acme" },
  { key: "reviewSubject", email: "rex.reviewed@fire-feed.example", displayName: "Rex Reviewed", role: "OPERATOR_SUPPORT", org: null },
  { key: "journeyAnalyst", email: "jo.journey@fire-feed.example", displayName: "Jo Journey", role: "OPERATOR_SECURITY_ANALYST", org: null },
];

export async function seedE2eFixtures(prisma: Db): Promise<Fixtures> {
  const acme = await prisma.organization.create({ data: { legalName: "Acme Outdoor LLC", countryCode: "US" } });
  const borealis = await prisma.organization.create({ data: { legalName: "Borealis Goods GmbH", countryCode: "DE" } });
  const orgIds = { acme: acme.id, borealis: borealis.id };
  const users = {} as Record<FixtureRole, FixtureUser>;
  const now = new Date();
  for (const spec of specs) {
    const password = randomPassword();
    const totpSecret = generateTotpSecret();
    const passwordHash = await hashPassword(password);
    const user = await prisma.user.create({
      data: {
        email: spec.email,
        displayName: spec.displayName,
        kind: spec.org ? "SELLER" : "OPERATOR",
        role: spec.role,
        status: "ACTIVE",
        organizationId: spec.org ? orgIds[spec.org] : null,
        passwordHash,
        passwordChangedAt: now,
        emailVerifiedAt: now,
        mfaEnrolledAt: now,
      },
    });
    const totpSecretCiphertext = await encryptField(totpSecret, { table: "users", column: "totp_secret_ciphertext", recordId: user.id });
    await prisma.user.update({ where: { id: user.id }, data: { totpSecretCiphertext } });
    await prisma.passwordHistoryEntry.create({ data: { userId: user.id, passwordHash } });
    users[spec.key] = {
      id: user.id,
      email: spec.email,
      displayName: spec.displayName,
      password,
      totpSecret,
      role: spec.role,
      kind: spec.org ? "SELLER" : "OPERATOR",
      organizationId: spec.org ? orgIds[spec.org] : null,
    };
  }
  const samples = {
    ...(await seedSecurityConsoleSamples(prisma, users.securityAnalyst, now)),
    sellerOrganizationId: await seedSellerPageSample(prisma, now),
    acmeOrder: await seedAcmeOrder(prisma, acme.id, now),
  };
  const fixtures: Fixtures = { users, organizations: orgIds, samples };
  writeFixtures(fixtures);
  return fixtures;
}

/** One order of Acme's without buyer data (no connection: nothing syncs or purges it during the run). */
async function seedAcmeOrder(prisma: Db, organizationId: string, now: Date): Promise<{ id: string; amazonOrderId: string }> {
  const order = await prisma.amazonOrder.create({
    data: {
      organizationId,
      amazonOrderId: "111-0000001-0000001",
      marketplaceId: "ATVPDKIKX0DER",
      status: "SHIPPED",
      purchaseDate: new Date(now.getTime() - 3 * 86_400_000),
      lastUpdateDate: new Date(now.getTime() - 2 * 86_400_000),
      orderTotalAmount: "19.95",
      currencyCode: "USD",
      itemCount: 1,
      items: [{ asin: "B0FIXTURE1", sellerSku: "FF-FIXTURE", title: "Fixture Hearth Gloves (fake product)", quantity: 1, unitPrice: { amount: "19.95", currencyCode: "USD" } }],
    },
    select: { id: true, amazonOrderId: true },
  });
  return order;
}

/** One record behind each security-console detail page, so the RBAC matrix can open them. */
async function seedSecurityConsoleSamples(prisma: Db, analyst: FixtureUser, now: Date): Promise<Omit<Fixtures["samples"], "sellerOrganizationId" | "acmeOrder">> {
  const alert = await prisma.alert.create({
    data: {
      ruleId: "privileged-change",
      groupKey: "fixture",
      severity: "MEDIUM",
      title: "Fixture alert: a setting changed",
      summary: "Seeded for the route matrix.",
      firstSeenAt: now,
      lastSeenAt: now,
    },
  });
  const incident = await createIncident(
    prisma,
    { title: "Fixture incident", summary: "Seeded for the route matrix.", severity: "SEV4", involvesAmazonInformation: false },
    { userId: analyst.id, label: analyst.email },
    now,
  );
  const campaign = await startAccessReviewCampaign(prisma, null, now);
  if (!campaign.ok || campaign.data === undefined) throw new Error("could not start the fixture access review campaign");
  await ensureLogReviews(prisma, now);
  const logReview = await prisma.logReview.findFirstOrThrow({ orderBy: { periodStart: "desc" } });
  return { alertId: alert.id, incidentId: incident.id, campaignId: campaign.data.campaignId, logReviewId: logReview.id };
}

import { describe, expect, it } from "vitest";
import { attentionItems } from "./needs-attention-items";
import type { NeedsAttention } from "./needs-attention-items";

const HOUR = 3_600_000;
const NOW = new Date("2041-07-20T10:00:00.000Z");
const noAlerts = { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0, total: 0 };
const noIncidents = { SEV1: 0, SEV2: 0, SEV3: 0, SEV4: 0 };

/** Every section present, nothing in any of them. */
const allClear: NeedsAttention = {
  incidents: { openCount: 0, bySeverity: noIncidents, nearestDeadline: null },
  alerts: { unacknowledged: noAlerts },
  accessReview: { overdueCampaign: null, campaignDue: false, lastStartedAt: new Date("2041-06-01T00:00:00Z"), cadenceDays: 90 },
  logReviews: { overdueCount: 0, oldestOverdueDueAt: null },
  runbook: { overdue: false, lastReviewedAt: new Date("2041-05-01T00:00:00Z"), nextDueAt: new Date("2042-05-01T00:00:00Z") },
  failingSyncs: { sellerCount: 0, sellers: [] },
  operatorInvitations: { pendingCount: 0, nextExpiresAt: null },
};

describe("attentionItems", () => {
  it("is empty when every count is zero, and when the role may see no section at all", () => {
    expect(attentionItems(allClear, NOW)).toEqual([]);
    expect(attentionItems({}, NOW)).toEqual([]);
  });

  it("counts in words, singular for one, and links each item to its screen", () => {
    const items = attentionItems(
      {
        ...allClear,
        incidents: { openCount: 1, bySeverity: { ...noIncidents, SEV4: 1 }, nearestDeadline: null },
        alerts: { unacknowledged: { ...noAlerts, MEDIUM: 3, HIGH: 2, total: 5 } },
      },
      NOW,
    );
    expect(items.map(({ key, title, detail, href, tone }) => ({ key, title, detail, href, tone }))).toEqual([
      { key: "incidents", title: "1 open incident", detail: "1 SEV4", href: "/admin/security/incidents", tone: "warning" },
      { key: "alerts", title: "5 unacknowledged alerts", detail: "2 high, 3 medium", href: "/admin/security/alerts", tone: "danger" },
    ]);
  });

  it("puts a running Amazon clock first, linked to its incident, with the clock to tick", () => {
    const confirmedAt = new Date(NOW.getTime() - 20 * HOUR);
    const items = attentionItems(
      {
        incidents: {
          openCount: 3,
          bySeverity: { ...noIncidents, SEV1: 1, SEV4: 2 },
          nearestDeadline: {
            id: "9b0a7c1e-1111-4222-8333-444455556666",
            number: 7,
            title: "Leaked report",
            involvesAmazonInformation: true,
            confirmedAt,
            amazonNotifiedAt: null,
            amazonClock: { status: "running", deadlineAt: new Date(confirmedAt.getTime() + 24 * HOUR), msLeft: 4 * HOUR, warning: 4 },
          },
        },
      },
      NOW,
    );
    expect(items.map((item) => item.title)).toEqual(["Notify Amazon about INC-7: Leaked report", "3 open incidents"]);
    expect(items[0]).toMatchObject({
      href: "/admin/security/incidents/9b0a7c1e-1111-4222-8333-444455556666",
      tone: "danger",
      clock: { involvesAmazonInformation: true, confirmedAt: confirmedAt.toISOString(), amazonNotifiedAt: null },
    });
    expect(items[1]).toMatchObject({ detail: "1 SEV1, 2 SEV4", tone: "danger" });
  });

  it("words overdue reviews, a due access review, the runbook, failing syncs and invitations", () => {
    const items = attentionItems(
      {
        logReviews: { overdueCount: 2, oldestOverdueDueAt: new Date("2041-07-01T00:00:00Z") },
        accessReview: { overdueCampaign: null, campaignDue: true, lastStartedAt: null, cadenceDays: 90 },
        runbook: { overdue: true, lastReviewedAt: null, nextDueAt: null },
        failingSyncs: {
          sellerCount: 5,
          sellers: [
            { organizationId: "a", legalName: "Acme Outdoor LLC" },
            { organizationId: "b", legalName: "Borealis Goods GmbH" },
            { organizationId: "c", legalName: "Cedar Ridge Supply Ltd" },
          ],
        },
        operatorInvitations: { pendingCount: 1, nextExpiresAt: new Date(NOW.getTime() + 3 * 24 * HOUR) },
      },
      NOW,
    );
    expect(items.map(({ title, detail, href }) => ({ title, detail, href }))).toEqual([
      { title: "2 overdue log reviews", detail: "The oldest was due 1 Jul 2041.", href: "/admin/security/log-reviews" },
      { title: "An access review is due", detail: "None has been run yet; access is reviewed every 90 days.", href: "/admin/security/access-reviews" },
      { title: "The incident runbook has never been reviewed", detail: "Read it through and sign off its review.", href: "/admin/security/runbook" },
      {
        title: "5 sellers whose Amazon sync is failing",
        detail: "Acme Outdoor LLC, Borealis Goods GmbH, Cedar Ridge Supply Ltd and 2 more",
        href: "/admin/sellers",
      },
      { title: "1 operator invitation not yet accepted", detail: "The first expires 23 Jul 2041 (in 3 days).", href: "/admin/operators" },
    ]);
  });

  it("links an overdue campaign and a single failing seller to their own pages", () => {
    const items = attentionItems(
      {
        accessReview: {
          overdueCampaign: { id: "c1", title: "Q3 access review", dueAt: new Date("2041-07-10T00:00:00Z"), decided: 3, total: 10 },
          campaignDue: false,
          lastStartedAt: new Date("2041-06-10T00:00:00Z"),
          cadenceDays: 90,
        },
        failingSyncs: { sellerCount: 1, sellers: [{ organizationId: "org-1", legalName: "Cedar Ridge Supply Ltd" }] },
      },
      NOW,
    );
    expect(items.map(({ title, detail, href }) => ({ title, detail, href }))).toEqual([
      { title: "Overdue access review: Q3 access review", detail: "3 of 10 decisions made; it was due 10 Jul 2041.", href: "/admin/security/access-reviews/c1" },
      { title: "1 seller whose Amazon sync is failing", detail: "Cedar Ridge Supply Ltd", href: "/admin/sellers/org-1" },
    ]);
  });

  it("says a breached deadline has passed", () => {
    const confirmedAt = new Date(NOW.getTime() - 30 * HOUR);
    const [item] = attentionItems(
      {
        incidents: {
          openCount: 1,
          bySeverity: { ...noIncidents, SEV2: 1 },
          nearestDeadline: {
            id: "i1",
            number: 12,
            title: "Exposed export",
            involvesAmazonInformation: true,
            confirmedAt,
            amazonNotifiedAt: null,
            amazonClock: { status: "breached", deadlineAt: new Date(confirmedAt.getTime() + 24 * HOUR), msOverdue: 6 * HOUR },
          },
        },
      },
      NOW,
    );
    expect(item).toMatchObject({ key: "amazon-deadline", tone: "danger" });
    expect(item?.detail).toMatch(/^Amazon's 24-hour deadline has passed/);
  });
});

import { describe, expect, it } from "vitest";
import { DAY_MS } from "@/lib/time/clock";
import { REVIEWED_SELLER_ROLES, isCampaignOverdue, isCampaignStartDue, nextCampaignStartAt } from "./access-review-rules";

const t0 = new Date("2026-03-01T00:00:00Z");

describe("access review cadence", () => {
  it("is due at once without any campaign, then cadenceDays after the last start", () => {
    expect(nextCampaignStartAt(null, 90, t0)).toEqual(t0);
    expect(nextCampaignStartAt(t0, 90, t0)).toEqual(new Date(t0.getTime() + 90 * DAY_MS));
    expect(isCampaignStartDue({ hasOpenCampaign: false, lastStartedAt: t0, cadenceDays: 90 }, new Date(t0.getTime() + 90 * DAY_MS - 1))).toBe(false);
    expect(isCampaignStartDue({ hasOpenCampaign: false, lastStartedAt: t0, cadenceDays: 90 }, new Date(t0.getTime() + 90 * DAY_MS))).toBe(true);
    expect(isCampaignStartDue({ hasOpenCampaign: true, lastStartedAt: null, cadenceDays: 90 }, t0)).toBe(false);
  });

  it("overdue only while open and past due", () => {
    expect(isCampaignOverdue({ status: "OPEN", dueAt: t0 }, new Date(t0.getTime() + 1))).toBe(true);
    expect(isCampaignOverdue({ status: "OPEN", dueAt: t0 }, t0)).toBe(false);
    expect(isCampaignOverdue({ status: "COMPLETED", dueAt: t0 }, new Date(t0.getTime() + DAY_MS))).toBe(false);
  });

  it("reviews every seller role that can see orders", () => {
    expect([...REVIEWED_SELLER_ROLES].sort()).toEqual(["SELLER_MEMBER", "SELLER_OWNER"]);
  });
});

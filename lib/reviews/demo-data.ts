// Server-side only (no "server-only" import: prisma/seed.ts runs it with tsx).
//
// Demo data for the review screens: an open access review campaign over the
// seeded accounts, and the log review task of last week. Idempotent: a second
// run starts nothing new while a campaign is open.

import { startAccessReviewCampaign } from "./access-reviews";
import { ensureLogReviews } from "./log-reviews";
import type { Db } from "@/lib/db/db";

export async function seedDemoReviews(prisma: Db, now: Date = new Date()): Promise<{ campaignId: string | null; logReviewsCreated: number }> {
  const started = await startAccessReviewCampaign(prisma, null, now);
  const logReviewsCreated = await ensureLogReviews(prisma, now);
  return { campaignId: started.ok ? (started.data?.campaignId ?? null) : null, logReviewsCreated };
}

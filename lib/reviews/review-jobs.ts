// Server-side only (no "server-only" import: instrumentation and vitest load it outside Next).
//
// The review cadences as scheduled jobs (lib/jobs/scheduler.ts):
// - "access-review-cadence" (daily): starts an access review campaign when
//   none is open and the last one started reviewCadence.accessReviewDays
//   (90 by default, D3) or more ago, or there never was one;
// - "log-review-schedule" (daily): creates the weekly log review task of the
//   week that just ended (L4). The log review pages also create it on load,
//   so a task never waits for the next run to appear.

import type { ScheduledJobDefinition } from "@/lib/jobs/scheduler";
import { getLogger } from "@/lib/log";
import { DAY_MS, MINUTE_MS } from "@/lib/time/clock";
import { startScheduledAccessReviewIfDue } from "./access-reviews";
import { ensureLogReviews } from "./log-reviews";
import type { Db } from "@/lib/db/db";

export function reviewJobs(db: Db): ScheduledJobDefinition[] {
  return [
    {
      name: "access-review-cadence",
      intervalMs: DAY_MS,
      lockMs: 10 * MINUTE_MS,
      run: async ({ now }) => {
        const campaignId = await startScheduledAccessReviewIfDue(db, now);
        if (campaignId) getLogger().info({ job: "access-review-cadence", campaignId }, "scheduled access review started");
      },
    },
    {
      name: "log-review-schedule",
      intervalMs: DAY_MS,
      lockMs: 10 * MINUTE_MS,
      run: async ({ now }) => {
        const created = await ensureLogReviews(db, now);
        if (created > 0) getLogger().info({ job: "log-review-schedule", created }, "log review tasks created");
      },
    },
  ];
}

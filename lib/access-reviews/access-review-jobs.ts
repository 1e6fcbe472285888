// Server-side only (no "server-only" import: instrumentation load it outside Next).
//
// "access-review-cadence" (daily, lib/jobs/scheduler.ts): starts an access
// review campaign when none is open and the last one started
// reviewCadence.accessReviewDays (90 by default, D3) or more ago, or there
// never was one.
import type { Db } from "@/lib/db/db";
import type { ScheduledJobDefinition } from "@/lib/jobs/scheduler";
import { getLogger } from "@/lib/log";
import { DAY_MS, MINUTE_MS } from "@/lib/time/clock";
import { startScheduledAccessReviewIfDue } from "./access-reviews";

export function accessReviewJobs(db: Db): ScheduledJobDefinition[] {
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
  ];
}

// Server-side only (no "server-only" import: instrumentation load it outside Next).
//
// "log-review-schedule" (daily, lib/jobs/scheduler.ts): creates the weekly log
// review task of the week that just ended (L4). The log review pages also
// create it on load, so a task never waits for the next run to appear.
import type { Db } from "@/lib/db/db";
import type { ScheduledJobDefinition } from "@/lib/jobs/scheduler";
import { getLogger } from "@/lib/log";
import { DAY_MS, MINUTE_MS } from "@/lib/time/clock";
import { ensureLogReviews } from "./log-reviews";

export function logReviewJobs(db: Db): ScheduledJobDefinition[] {
  return [
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

// The portal's recurring jobs, composed at the edge (issue 10): the scheduler
// (lib/jobs/scheduler.ts) is a mechanism that knows no domain, each domain
// exports its own job definitions, and only this module knows them all, so
// no lib/ folder reaches another through the job list
// (lib/folder-dependencies.test.ts keeps lib/ free of folder cycles).

import { accessReviewJobs } from "@/lib/access-reviews/access-review-jobs";
import { alertJobs } from "@/lib/alerts/jobs";
import { auditCheckpointJobs } from "@/lib/audit/audit-jobs";
import { securityRetentionJobs } from "@/lib/audit/security-retention";
import { emailOutboxJobs } from "@/lib/email/outbox-delivery";
import { incidentJobs } from "@/lib/incidents/deadline-job";
import type { ScheduledJobDefinition } from "@/lib/jobs/scheduler";
import { logReviewJobs } from "@/lib/log-reviews/log-review-jobs";
import { orderJobs } from "@/lib/orders/order-jobs";
import type { SyncDeps } from "@/lib/orders/sync";
import type { Db } from "@/lib/db/db";

export function portalJobs(db: Db, deps: SyncDeps): ScheduledJobDefinition[] {
  return [
    ...orderJobs(db, deps),
    ...alertJobs(db),
    ...incidentJobs(db),
    ...accessReviewJobs(db),
    ...logReviewJobs(db),
    ...securityRetentionJobs(db),
    ...auditCheckpointJobs(db),
    ...emailOutboxJobs(db),
  ];
}

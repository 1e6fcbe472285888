// Server-side only (no "server-only" import: instrumentation.ts loads it; it must not reach a client bundle).
// Composition at the edge, beside the job list (server/portal-jobs.ts).
//
// Starts the database-backed scheduler inside the web server process, once,
// when SCHEDULER_ENABLED (default true), and (always) the prompt delivery of
// queued e-mail. Never during `next build` (no
// database there) and never twice in one process (Next may call register()
// again on hot reload in development).
import { PHASE_PRODUCTION_BUILD } from "next/constants";
import { createPrismaClient } from "@/lib/db/prisma-factory";
import { enableOutboxDeliveryAfterRequests } from "@/lib/email/outbox-delivery-trigger";
import { emailDeliveryFromEnv } from "@/lib/email/send-email";
import { getEnv } from "@/lib/env";
import { getLogger } from "@/lib/log";
import { defaultSyncDeps } from "@/lib/orders/sync";
import { startScheduler, type SchedulerHandle } from "@/lib/jobs/scheduler";
import { portalJobs } from "./portal-jobs";
import type { Db } from "@/lib/db/db";

const globalForScheduler = globalThis as unknown as { firefeedScheduler?: SchedulerHandle; firefeedPrisma?: Db };

/**
 * The app's shared client (the same globalThis slot lib/db/client.ts getPrisma()
 * uses, so there is one pool per process: the embedded database has ONE
 * session). Not imported from lib/db/client because its "server-only" guard
 * throws in instrumentation.
 */
function sharedPrisma(databaseUrl: string, poolMax: number): Db {
  globalForScheduler.firefeedPrisma ??= createPrismaClient(databaseUrl, poolMax);
  return globalForScheduler.firefeedPrisma;
}

export function startPortalScheduler(): SchedulerHandle | null {
  if (process.env.NEXT_PHASE === PHASE_PRODUCTION_BUILD) return null;
  const env = getEnv();
  if (!env.DATABASE_URL) return null;
  const db = sharedPrisma(env.DATABASE_URL, env.DATABASE_POOL_MAX);
  // Mail a request queued goes out from this process right after it, whether
  // or not this instance runs the scheduler (the "email-outbox" job is the
  // fallback): lib/email/outbox-delivery-trigger.ts.
  enableOutboxDeliveryAfterRequests(db, emailDeliveryFromEnv(db));
  if (!env.SCHEDULER_ENABLED) return null;
  if (globalForScheduler.firefeedScheduler) return globalForScheduler.firefeedScheduler;
  const jobs = portalJobs(db, defaultSyncDeps());
  const handle = startScheduler({ db, jobs });
  globalForScheduler.firefeedScheduler = handle;
  getLogger().info({ jobs: jobs.map((job) => job.name) }, "scheduler started");
  return handle;
}

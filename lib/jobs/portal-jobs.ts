// Server-side only (no "server-only" import: instrumentation and vitest load it outside Next's bundler).
//
// The portal's recurring jobs: "order-sync" (every minute: each ACTIVE
// connection whose next_sync_at is due, one at a time; the per-connection
// lease in lib/orders/sync.ts still guards against a manual "Sync now"),
// "retention" (daily), and the security console's jobs (issue 5): alert
// evaluation and webhooks (lib/alerts), Amazon-deadline warnings
// (lib/incidents), access-review cadence and weekly log-review tasks
// (lib/reviews), security-record retention and signed audit checkpoints (lib/audit),
// and the e-mail queue's delivery and purge (lib/email/outbox-delivery.ts).
import type { PrismaClient } from "@/lib/db/generated/client";
import { getLogger } from "@/lib/log";
import { runRetention } from "@/lib/orders/retention";
import { runOrderSync, type SyncDeps } from "@/lib/orders/sync";
import { alertJobs } from "@/lib/alerts/jobs";
import { auditCheckpointJobs } from "@/lib/audit/audit-jobs";
import { emailOutboxJobs } from "@/lib/email/outbox-delivery";
import { securityRetentionJobs } from "@/lib/audit/security-retention";
import { incidentJobs } from "@/lib/incidents/deadline-job";
import { reviewJobs } from "@/lib/reviews/review-jobs";
import type { ScheduledJobDefinition } from "./scheduler";

const MINUTE_MS = 60_000;

/** Runs every due connection's sync, oldest due first; returns how many ran. */
export async function runDueOrderSyncs(db: PrismaClient, deps: SyncDeps, now: Date, maxConnections = 50): Promise<number> {
  const due = await db.amazonConnection.findMany({
    where: { status: "ACTIVE", nextSyncAt: { lte: now } },
    orderBy: { nextSyncAt: "asc" },
    take: maxConnections,
    select: { id: true },
  });
  let ran = 0;
  for (const connection of due) {
    const outcome = await runOrderSync(db, { connectionId: connection.id, trigger: "SCHEDULED" }, deps);
    if (outcome.status !== "ALREADY_RUNNING" && outcome.status !== "NOT_SYNCABLE") ran += 1;
  }
  return ran;
}

export function portalJobs(db: PrismaClient, deps: SyncDeps): ScheduledJobDefinition[] {
  return [
    ...amazonDataJobs(db, deps),
    ...alertJobs(db),
    ...incidentJobs(db),
    ...reviewJobs(db),
    ...securityRetentionJobs(db),
    ...auditCheckpointJobs(db),
    ...emailOutboxJobs(db),
  ];
}

function amazonDataJobs(db: PrismaClient, deps: SyncDeps): ScheduledJobDefinition[] {
  return [
    {
      name: "order-sync",
      intervalMs: MINUTE_MS,
      // Long enough for a batch of syncs; a crashed instance's claim frees up after this.
      lockMs: 30 * MINUTE_MS,
      run: async ({ now }) => {
        const ran = await runDueOrderSyncs(db, deps, now);
        if (ran > 0) getLogger().info({ job: "order-sync", connections: ran }, "scheduled order syncs ran");
      },
    },
    {
      name: "retention",
      intervalMs: 24 * 60 * MINUTE_MS,
      lockMs: 30 * MINUTE_MS,
      run: async ({ now }) => {
        const result = await runRetention(db, { now, trigger: "scheduled" });
        getLogger().info({ job: "retention", ...result }, "retention run finished");
      },
    },
  ];
}

// Server-side only (no "server-only" import: the scheduler load it outside Next's bundler).
//
// The scheduled work of lib/orders: "order-sync" (every minute: each ACTIVE
// connection whose next_sync_at is due, one at a time; the per-connection
// lease in lib/orders/sync.ts still guards against a manual "Sync now") and
// "retention" (daily, D1/D5). Wired in with the other domains' jobs by
// server/portal-jobs.ts.

import type { ScheduledJobDefinition } from "@/lib/jobs/scheduler";
import { getLogger } from "@/lib/log";
import { runRetention } from "./retention";
import { runOrderSync, type SyncDeps } from "./sync";
import type { Db } from "@/lib/db/db";

const MINUTE_MS = 60_000;

/** Runs every due connection's sync, oldest due first; returns how many ran. */
export async function runDueOrderSyncs(db: Db, deps: SyncDeps, now: Date, maxConnections = 50): Promise<number> {
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

export function orderJobs(db: Db, deps: SyncDeps): ScheduledJobDefinition[] {
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

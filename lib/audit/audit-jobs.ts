// Server-side only (no "server-only" import: the scheduler load it outside Next).
//
// The "audit-checkpoint" job (issue 9, finding 3): every
// AUDIT_CHECKPOINT_INTERVAL_MINUTES one instance signs the chain's head and
// writes it outside the database (lib/audit/checkpoints.ts). On a database
// whose newest row is still from before the keyed chain, it first appends an
// "audit.chain_keyed" event, so the unkeyed prefix is pinned by a keyed row
// (a chain with no keyed row at all is reported: lib/audit/chain-verify.ts).

import { getEnv } from "@/lib/env";
import { getLogger } from "@/lib/log";
import type { ScheduledJobDefinition } from "@/lib/jobs/scheduler";
import { configuredCheckpointSinks, writeAuditCheckpoint, type AuditCheckpoint, type CheckpointSink } from "./checkpoints";
import { recordAudit } from "./record-audit";
import type { Db } from "@/lib/db/db";

/** Appends audit.chain_keyed when the newest row is unkeyed; true when it did. */
export async function pinLegacyChain(db: Db): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const [head] = await tx.$queryRawUnsafe<{ keyed: boolean }[]>(
      `SELECT ("mac_key_id" IS NOT NULL) AS "keyed" FROM "audit_events" ORDER BY "id" DESC LIMIT 1`,
    );
    if (!head || head.keyed) return false;
    await recordAudit(tx, { action: "audit.chain_keyed", result: "SUCCESS", actorLabel: "audit-checkpoint" });
    return true;
  });
}

export async function runAuditCheckpoint(db: Db, sinks: readonly CheckpointSink[] = configuredCheckpointSinks()): Promise<AuditCheckpoint | null> {
  if (await pinLegacyChain(db)) getLogger().info("audit chain: the unkeyed prefix is now pinned by a keyed row");
  return writeAuditCheckpoint(db, sinks);
}

export function auditCheckpointJobs(db: Db): ScheduledJobDefinition[] {
  const intervalMs = getEnv().AUDIT_CHECKPOINT_INTERVAL_MINUTES * 60_000;
  return [
    {
      name: "audit-checkpoint",
      intervalMs,
      lockMs: intervalMs,
      run: async () => {
        await runAuditCheckpoint(db);
      },
    },
  ];
}

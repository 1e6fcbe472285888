// Server-side only.
//
// "Verify chain" from the console (A5, L2; issue 9): verifies the whole keyed
// chain against the signed checkpoints in AUDIT_CHECKPOINT_FILE, records the
// run as "audit.chain_verified" (SUCCESS when intact, FAILURE with the problem
// and first bad row when not) and, when intact, writes a fresh checkpoint of
// the verified head to every sink.

import "server-only";
import { getEnv } from "@/lib/env";
import { prismaAuditRowSource, verifyAuditChain, type AuditChainProblem } from "./chain-verify";
import { configuredCheckpointSinks, readCheckpointFile, writeAuditCheckpoint, type CheckpointSink } from "./checkpoints";
import { recordAudit } from "./record-audit";
import type { Db } from "@/lib/db/db";

export interface ChainVerificationReport {
  ok: boolean;
  rowsChecked: number;
  durationMs: number;
  problem: AuditChainProblem | null;
  firstBadId: string | null;
  verifiedAt: string;
  /** Signed checkpoints outside the database the chain was compared with. */
  checkpointsMatched: number;
  /** Checkpoint lines whose signature failed (forged, or another environment's). */
  checkpointsRefused: number;
  /** False when no checkpoint file is configured: then a truncated tail cannot be detected. */
  checkpointFileConfigured: boolean;
}

export interface ChainVerificationActor {
  userId: string;
  ipAddress?: string | null;
  userAgent?: string | null;
  requestId?: string | null;
}

export async function runChainVerification(
  db: Db,
  actor: ChainVerificationActor,
  options: { checkpointFile?: string | null; sinks?: readonly CheckpointSink[] } = {},
): Promise<ChainVerificationReport> {
  const checkpointFile = options.checkpointFile === undefined ? (getEnv().AUDIT_CHECKPOINT_FILE ?? null) : options.checkpointFile;
  const started = performance.now();
  const checkpoints = checkpointFile ? await readCheckpointFile(checkpointFile) : { valid: [], badSignatures: 0, unreadable: 0 };
  const result = await verifyAuditChain(prismaAuditRowSource(db), { checkpoints: checkpoints.valid });
  const durationMs = Math.round(performance.now() - started);
  const report: ChainVerificationReport = {
    ok: result.ok,
    rowsChecked: result.rows,
    durationMs,
    problem: result.ok ? null : result.problem,
    firstBadId: result.ok ? null : result.firstBadId,
    verifiedAt: new Date().toISOString(),
    checkpointsMatched: result.ok ? result.checkpointsMatched : 0,
    checkpointsRefused: checkpoints.badSignatures,
    checkpointFileConfigured: checkpointFile !== null,
  };
  await db.$transaction((tx) =>
    recordAudit(tx, {
      action: "audit.chain_verified",
      result: report.ok ? "SUCCESS" : "FAILURE",
      actorUserId: actor.userId,
      ipAddress: actor.ipAddress ?? null,
      userAgent: actor.userAgent ?? null,
      requestId: actor.requestId ?? null,
      targetType: report.firstBadId ? "audit_event" : "audit_log",
      targetId: report.firstBadId,
      details: {
        rowsChecked: report.rowsChecked,
        durationMs,
        problem: report.problem,
        intact: report.ok,
        checkpointsMatched: report.checkpointsMatched,
        checkpointsRefused: report.checkpointsRefused,
      },
    }),
  );
  // A checkpoint of a head we just proved (it includes the verification event itself).
  if (report.ok) await writeAuditCheckpoint(db, options.sinks ?? configuredCheckpointSinks());
  return report;
}

// Server-side only (no "server-only" import: vitest loads it outside Next).
//
// "Verify chain" from the console (A5, L2): runs verifyAuditChain over the
// whole log, measures it, and records the run as "audit.chain_verified"
// (SUCCESS when intact, FAILURE with the problem and first bad row when not).
import type { PrismaClient } from "@/lib/db/generated/client";
import { recordAudit, verifyAuditChain, type AuditChainProblem } from "./record-audit";

export interface ChainVerificationReport {
  ok: boolean;
  rowsChecked: number;
  durationMs: number;
  problem: AuditChainProblem | null;
  firstBadId: string | null;
  verifiedAt: string;
}

export interface ChainVerificationActor {
  userId: string;
  ipAddress?: string | null;
  userAgent?: string | null;
  requestId?: string | null;
}

export async function runChainVerification(db: PrismaClient, actor: ChainVerificationActor): Promise<ChainVerificationReport> {
  const started = performance.now();
  const result = await verifyAuditChain(db);
  const durationMs = Math.round(performance.now() - started);
  const report: ChainVerificationReport = {
    ok: result.ok,
    rowsChecked: result.rows,
    durationMs,
    problem: result.ok ? null : result.problem,
    firstBadId: result.ok ? null : result.firstBadId,
    verifiedAt: new Date().toISOString(),
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
      details: { rowsChecked: report.rowsChecked, durationMs, problem: report.problem, intact: report.ok },
    }),
  );
  return report;
}

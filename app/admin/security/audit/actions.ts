"use server";
// "Verify chain" (A5, L2): walks the audit log's hash chain from the console.
// audit:view (the analyst and the admin may both check integrity); the run and
// its result are audited as "audit.chain_verified" by runChainVerification.
import { z } from "zod";
import { defineAction, type ActionResult } from "@/lib/auth/define-action";
import { runChainVerification, type ChainVerificationReport } from "@/lib/audit/chain-verification";
import { getPrisma } from "@/lib/db/client";

export const verifyAuditChainNow = defineAction({
  name: "audit.verify-chain",
  access: { permission: "audit:view" },
  input: z.object({}),
  handler: async (_input, { actor, request }): Promise<ActionResult<ChainVerificationReport>> => {
    const report = await runChainVerification(getPrisma(), { userId: actor.userId, ...request });
    return {
      ok: true,
      data: report,
      message: report.ok
        ? `The audit chain is intact: ${report.rowsChecked} row(s) checked.`
        : `The audit chain is broken: row ${report.firstBadId} was ${report.problem}.`,
    };
  },
});

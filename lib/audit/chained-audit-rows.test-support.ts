// Tests and benches only: appends audit rows with a chosen occurredAt (e.g.
// older than the retention window), keyed and chained exactly as recordAudit
// writes them (appendAuditEvent), as if they had been written at that time.
// recordAudit itself always stamps "now".

import { appendAuditEvent, type AuditAction, type AuditDetails } from "./record-audit";
import type { Db } from "@/lib/db/db";

export interface ChainedRowInput {
  occurredAt: Date;
  action?: string;
  result?: "SUCCESS" | "FAILURE" | "DENIED";
  actorUserId?: string | null;
  actorLabel?: string | null;
  targetType?: string | null;
  targetId?: string | null;
  requestId?: string | null;
  details?: AuditDetails | null;
}

export async function appendChainedAuditRows(db: Db, rows: readonly ChainedRowInput[]): Promise<bigint[]> {
  return db.$transaction(async (tx) => {
    const ids: bigint[] = [];
    for (const input of rows) {
      ids.push(
        await appendAuditEvent(
          tx,
          {
            action: (input.action ?? "auth.sign_in") as AuditAction,
            result: input.result ?? "SUCCESS",
            actorUserId: input.actorUserId ?? null,
            actorLabel: input.actorLabel ?? "test-helper",
            targetType: input.targetType ?? null,
            targetId: input.targetId ?? null,
            ipAddress: "203.0.113.9",
            userAgent: "vitest",
            requestId: input.requestId ?? null,
            details: input.details ?? undefined,
          },
          input.occurredAt,
        ),
      );
    }
    return ids;
  });
}

// Tests and benches only: appends audit rows with a chosen occurredAt (e.g.
// older than the retention window), correctly chained (prevHash = the tail's
// hash, hash = computeAuditHash), as recordAudit would have written them at
// that time. recordAudit itself always stamps "now".
import { Prisma, type PrismaClient } from "@/lib/db/generated/client";
import { AUDIT_CHAIN_LOCK_KEY, GENESIS_HASH, computeAuditHash, type AuditContent } from "../record-audit";

export interface ChainedRowInput {
  occurredAt: Date;
  action?: string;
  result?: "SUCCESS" | "FAILURE" | "DENIED";
  actorUserId?: string | null;
  actorLabel?: string | null;
  targetType?: string | null;
  targetId?: string | null;
  requestId?: string | null;
  details?: Record<string, string | number | boolean | null> | null;
}

export async function appendChainedAuditRows(db: PrismaClient, rows: readonly ChainedRowInput[]): Promise<bigint[]> {
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK_KEY}::bigint)`;
    const last = await tx.auditEvent.findFirst({ orderBy: { id: "desc" }, select: { hash: true } });
    let prevHash = last?.hash ?? GENESIS_HASH;
    const ids: bigint[] = [];
    for (const input of rows) {
      const [{ id }] = await tx.$queryRaw<[{ id: bigint }]>`SELECT nextval(pg_get_serial_sequence('audit_events', 'id')) AS id`;
      const content: AuditContent = {
        id: BigInt(id),
        occurredAt: input.occurredAt,
        action: input.action ?? "auth.sign_in",
        result: input.result ?? "SUCCESS",
        actorUserId: input.actorUserId ?? null,
        actorLabel: input.actorLabel ?? "test-helper",
        targetType: input.targetType ?? null,
        targetId: input.targetId ?? null,
        organizationId: null,
        ipAddress: "203.0.113.9",
        userAgent: "vitest",
        requestId: input.requestId ?? null,
        details: input.details ?? null,
      };
      const hash = computeAuditHash(prevHash, content);
      await tx.auditEvent.create({
        data: {
          ...content,
          result: content.result as "SUCCESS" | "FAILURE" | "DENIED",
          details: content.details === null ? Prisma.DbNull : (content.details as Prisma.InputJsonValue),
          prevHash,
          hash,
        },
      });
      ids.push(content.id);
      prevHash = hash;
    }
    return ids;
  });
}

// Server-side only.
//
// Export of the filtered audit log as CSV or JSON (A5, L2). The export is
// itself audited ("audit.exported" with the filters and the row count), and
// the audit row is COMMITTED BEFORE THE FIRST BYTE is streamed: if it cannot
// be recorded, nothing leaves. To know the row count up front, the export is
// a snapshot: it takes the newest row of the filtered set first, counts (up
// to the cap) the rows at or before it, records that count, then streams
// exactly those rows in keyset batches. Rows appended meanwhile are not in
// this file (they belong to the next export), so the audited count is the
// number of rows in the file (retention could only remove rows older than
// 365 days during a stream, and then the file says fewer: never more).

import "server-only";
import { recordAudit } from "./record-audit";
import { auditEventsInBatches, auditExportSnapshot, type AuditEventRow, type AuditFilters } from "./audit-query";
import type { Db } from "@/lib/db/db";
import { csvLine } from "@/lib/csv/csv";

/** At most this many rows per export; the file says so when the filtered set is larger. */
export const AUDIT_EXPORT_ROW_CAP = 100_000;
export const AUDIT_EXPORT_BATCH_SIZE = 1000;

export type AuditExportFormat = "csv" | "json";

export const AUDIT_EXPORT_COLUMNS = [
  "id",
  "occurredAt",
  "action",
  "result",
  "actorUserId",
  "actorLabel",
  "targetType",
  "targetId",
  "organizationId",
  "ipAddress",
  "userAgent",
  "requestId",
  "details",
  "prevHash",
  "hash",
] as const;

function exportRecord(row: AuditEventRow): Record<(typeof AUDIT_EXPORT_COLUMNS)[number], string | null> {
  return {
    id: row.id.toString(),
    occurredAt: row.occurredAt.toISOString(),
    action: row.action,
    result: row.result,
    actorUserId: row.actorUserId,
    actorLabel: row.actorLabel,
    targetType: row.targetType,
    targetId: row.targetId,
    organizationId: row.organizationId,
    ipAddress: row.ipAddress,
    userAgent: row.userAgent,
    requestId: row.requestId,
    details: row.details === null || row.details === undefined ? null : JSON.stringify(row.details),
    prevHash: row.prevHash,
    hash: row.hash,
  };
}

export function csvRowOf(row: AuditEventRow): string {
  const record = exportRecord(row);
  return csvLine(AUDIT_EXPORT_COLUMNS.map((column) => record[column]));
}

export function jsonRowOf(row: AuditEventRow): Record<string, unknown> {
  const record = exportRecord(row);
  return { ...record, details: row.details ?? null };
}

export interface AuditExportActor {
  userId: string;
  organizationId?: string | null;
  ipAddress?: string | null;
  userAgent?: string | null;
  requestId?: string | null;
}

export interface AuditExport {
  rowCount: number;
  truncated: boolean;
  filename: string;
  contentType: string;
  body: ReadableStream<Uint8Array>;
}

function filenameFor(format: AuditExportFormat, now: Date): string {
  return `audit-log-${now.toISOString().replace(/[:.]/g, "-").slice(0, 19)}Z.${format}`;
}

/**
 * Records the export (audit.exported) and returns the stream of the file.
 * Authorization (audit:export) is the caller's job.
 */
export async function startAuditExport(
  db: Db,
  input: { filters: AuditFilters; format: AuditExportFormat; actor: AuditExportActor; now?: Date; rowCap?: number },
): Promise<AuditExport> {
  const now = input.now ?? new Date();
  const cap = input.rowCap ?? AUDIT_EXPORT_ROW_CAP;
  const snapshot = await auditExportSnapshot(db, input.filters, cap);
  const filterDetails = Object.fromEntries(
    Object.entries(input.filters).filter(([, value]) => value !== undefined && value !== ""),
  ) as Record<string, string>;
  await db.$transaction((tx) =>
    recordAudit(tx, {
      action: "audit.exported",
      result: "SUCCESS",
      actorUserId: input.actor.userId,
      organizationId: input.actor.organizationId ?? null,
      ipAddress: input.actor.ipAddress ?? null,
      userAgent: input.actor.userAgent ?? null,
      requestId: input.actor.requestId ?? null,
      targetType: "audit_log",
      targetId: null,
      details: {
        format: input.format,
        rowCount: snapshot.rowCount,
        truncated: snapshot.truncated,
        rowCap: cap,
        upToId: snapshot.upTo ? snapshot.upTo.id.toString() : null,
        ...Object.fromEntries(Object.entries(filterDetails).map(([key, value]) => [`filter_${key}`, value])),
      },
    }),
  );

  const encoder = new TextEncoder();
  const capNote = snapshot.truncated
    ? `Export capped at ${cap} rows: the filtered set is larger. Narrow the filters (e.g. the time range) to export the rest.`
    : null;
  const batches = snapshot.upTo
    ? auditEventsInBatches(db, input.filters, { limit: snapshot.rowCount, batchSize: AUDIT_EXPORT_BATCH_SIZE, upTo: snapshot.upTo })
    : null;
  let written = 0;
  let phase: "head" | "rows" | "done" = "head";

  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        if (phase === "head") {
          phase = "rows";
          if (input.format === "csv") {
            controller.enqueue(encoder.encode(csvLine(AUDIT_EXPORT_COLUMNS)));
          } else {
            const head = {
              exportedAt: now.toISOString(),
              filters: filterDetails,
              rowCap: cap,
              rowCount: snapshot.rowCount,
              truncated: snapshot.truncated,
              note: capNote,
            };
            // The object is opened here and its "rows" array closed at the end.
            controller.enqueue(encoder.encode(`${JSON.stringify(head).slice(0, -1)},"rows":[\n`));
          }
          return;
        }
        if (phase === "rows") {
          const next = batches ? await batches.next() : { done: true as const, value: undefined };
          if (!next.done) {
            const chunk =
              input.format === "csv"
                ? next.value.map(csvRowOf).join("")
                : next.value.map((row, index) => `${written + index === 0 ? "" : ",\n"}${JSON.stringify(jsonRowOf(row))}`).join("");
            written += next.value.length;
            controller.enqueue(encoder.encode(chunk));
            return;
          }
          phase = "done";
          if (input.format === "csv") {
            // A last, clearly marked line: spreadsheets show it; the header row stays first.
            if (capNote) controller.enqueue(encoder.encode(csvLine([`# ${capNote}`])));
          } else {
            controller.enqueue(encoder.encode("\n]}\n"));
          }
          controller.close();
        }
      } catch (error) {
        controller.error(error);
      }
    },
    async cancel() {
      await batches?.return(undefined);
    },
  });

  return {
    rowCount: snapshot.rowCount,
    truncated: snapshot.truncated,
    filename: filenameFor(input.format, now),
    contentType: input.format === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
    body,
  };
}

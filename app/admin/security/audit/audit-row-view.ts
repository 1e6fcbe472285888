// The audit row as the client components receive it (bigint and Date made
// plain strings). Built on the server by toAuditRowView.
import type { AuditEventRow, AuditNames } from "@/lib/audit/audit-query";

export interface AuditRowView {
  id: string;
  occurredAt: string;
  action: string;
  result: "SUCCESS" | "FAILURE" | "DENIED";
  actorUserId: string | null;
  actorEmail: string | null;
  actorLabel: string | null;
  targetType: string | null;
  targetId: string | null;
  /** The target as people know it (a user's e-mail, an organization's legal name), when it has one. */
  targetName: string | null;
  organizationId: string | null;
  /** The organization's legal name (the id stays in organizationId). */
  organizationName: string | null;
  ipAddress: string | null;
  userAgent: string | null;
  requestId: string | null;
  /** Pretty-printed JSON, or null. */
  detailsJson: string | null;
  prevHash: string;
  hash: string;
}

function targetNameOf(row: AuditEventRow, names: AuditNames): string | null {
  if (!row.targetId) return null;
  if (row.targetType === "user") return names.emails.get(row.targetId) ?? null;
  if (row.targetType === "organization") return names.organizations.get(row.targetId) ?? null;
  return null;
}

export function toAuditRowView(row: AuditEventRow, names: AuditNames): AuditRowView {
  return {
    id: row.id.toString(),
    occurredAt: row.occurredAt.toISOString(),
    action: row.action,
    result: row.result,
    actorUserId: row.actorUserId,
    actorEmail: row.actorUserId ? (names.emails.get(row.actorUserId) ?? null) : null,
    actorLabel: row.actorLabel,
    targetType: row.targetType,
    targetId: row.targetId,
    targetName: targetNameOf(row, names),
    organizationId: row.organizationId,
    organizationName: row.organizationId ? (names.organizations.get(row.organizationId) ?? null) : null,
    ipAddress: row.ipAddress,
    userAgent: row.userAgent,
    requestId: row.requestId,
    detailsJson: row.details === null || row.details === undefined ? null : JSON.stringify(row.details, null, 2),
    prevHash: row.prevHash,
    hash: row.hash,
  };
}

/** "2026-11-29 09:43:12 UTC" */
export function formatAuditTime(iso: string): string {
  return `${iso.slice(0, 19).replace("T", " ")} UTC`;
}

/** Viewer links (plain query strings, so they can be shared). */
export function auditLogHref(params: Record<string, string | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) search.set(key, value);
  const query = search.toString();
  return query ? `/admin/security/audit?${query}` : "/admin/security/audit";
}

/** A window of an hour either side of an event, as the viewer's from/to inputs (minute precision, UTC). */
export function windowAround(iso: string, minutes = 60): { from: string; to: string } {
  const time = new Date(iso).getTime();
  const format = (ms: number) => new Date(ms).toISOString().slice(0, 16);
  return { from: format(time - minutes * 60_000), to: format(time + minutes * 60_000) };
}

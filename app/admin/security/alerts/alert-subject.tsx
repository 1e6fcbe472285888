import Link from "next/link";
import type { ReactNode } from "react";
import type { AlertSubject } from "@/lib/alerts/alert-queries";

/** Who or what an alert is about: a person (name and e-mail), a client address, or nothing specific. */
export function AlertSubjectText({ subject }: { subject: AlertSubject }) {
  switch (subject.kind) {
    case "user":
      return (
        <span className="flex flex-col">
          <span className="font-medium text-slate-900">{subject.displayName}</span>
          <span className="text-xs text-slate-600">{subject.email}</span>
        </span>
      );
    case "removed-user":
      return <span className="text-slate-600">Removed account ({subject.userId.slice(0, 8)}…)</span>;
    case "address":
      return <span className="font-mono text-xs">{subject.ipAddress}</span>;
    default:
      return <span className="text-slate-500">—</span>;
  }
}

/** The audit log viewer filtered to this subject's events around the alert. */
export function auditLinkFor(subject: AlertSubject, firstSeenAt: Date, lastSeenAt: Date): string {
  const minute = (date: Date) => date.toISOString().slice(0, 16);
  const params = new URLSearchParams({
    from: minute(new Date(firstSeenAt.getTime() - 60 * 60_000)),
    to: minute(new Date(lastSeenAt.getTime() + 60_000)),
  });
  if (subject.kind === "user" || subject.kind === "removed-user") params.set("actor", subject.userId);
  return `/admin/security/audit?${params.toString()}`;
}

export function AuditEventLink({ eventId, children }: { eventId: string; children: ReactNode }) {
  return (
    <Link href={`/admin/security/audit?event=${eventId}`} className="text-ember-800 underline underline-offset-4 hover:text-ember-900">
      {children}
    </Link>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Badge } from "@/components/badge";
import { ButtonLink } from "@/components/button";
import { Card } from "@/components/card";
import { DataTable, type DataTableColumn } from "@/components/data-table";
import { PageHeader } from "@/components/page-header";
import { getAlertDetail, type AlertEvidenceRow } from "@/lib/alerts/alert-queries";
import { alertRuleLabel } from "@/lib/alerts/rules";
import { can, requireRouteAccess } from "@/lib/auth/authorize";
import { getPrisma } from "@/lib/db/client";
import type { AlertSeverity } from "@/lib/db/generated/enums";
import { incidentReference } from "@/lib/incidents/incidents";
import { isUuid } from "@/lib/validation/input";
import { AlertStatusBadge, SeverityBadge } from "../alert-badges";
import { AlertSubjectText, AuditEventLink, auditLinkFor } from "../alert-subject";
import { AlertActionButtons } from "./alert-action-buttons";
import { EscalateForm } from "./escalate-form";
import { LocalTime } from "@/components/local-time";

export const metadata: Metadata = { title: "Alert" };

const RESULT_TONES = { SUCCESS: "success", FAILURE: "danger", DENIED: "warning" } as const;
/** A starting point for the incident's severity; the analyst decides. */
const INCIDENT_SEVERITY_FOR: Record<AlertSeverity, string> = { CRITICAL: "SEV1", HIGH: "SEV2", MEDIUM: "SEV3", LOW: "SEV4" };

export default async function AlertDetailPage({ params }: { params: Promise<{ alertId: string }> }) {
  const actor = await requireRouteAccess("/admin/security/alerts");
  const { alertId } = await params;
  if (!isUuid(alertId)) notFound();
  const detail = await getAlertDetail(getPrisma(), alertId);
  if (!detail) notFound();
  const { alert, subject, evidence } = detail;
  const active = alert.status === "OPEN" || alert.status === "ACKNOWLEDGED";
  const mayEscalate = active && can(actor, "incidents:manage");

  const columns: DataTableColumn<AlertEvidenceRow>[] = [
    { key: "time", header: "Time", cell: (row) => <span className="whitespace-nowrap"><LocalTime value={row.occurredAt} empty="Never" /></span> },
    { key: "action", header: "Action", cell: (row) => <code className="text-xs">{row.action}</code> },
    {
      key: "actor",
      header: "Actor",
      cell: (row) => row.actorName ?? row.actorLabel ?? (row.actorUserId ? `${row.actorUserId.slice(0, 8)}…` : <span className="text-slate-500">Unknown account</span>),
    },
    { key: "ip", header: "IP address", cell: (row) => (row.ipAddress ? <span className="font-mono text-xs">{row.ipAddress}</span> : "—") },
    {
      key: "result",
      header: "Result",
      cell: (row) => <Badge tone={RESULT_TONES[row.result as keyof typeof RESULT_TONES] ?? "neutral"}>{row.result.toLowerCase()}</Badge>,
    },
    { key: "open", header: <span className="sr-only">Audit log</span>, cell: (row) => <AuditEventLink eventId={row.id}>Event #{row.id}</AuditEventLink> },
  ];

  return (
    <>
      <PageHeader
        eyebrow={
          <Link href="/admin/security/alerts" className="underline-offset-4 hover:underline">
            Alerts
          </Link>
        }
        title={alert.title}
        description={alert.summary}
        actions={<AlertActionButtons alertId={alert.id} status={alert.status} />}
      />
      <div className="grid gap-6">
        <Card id="summary" title="Summary">
          <dl className="grid max-w-3xl grid-cols-[auto_1fr] gap-x-6 gap-y-2 text-sm">
            <dt className="font-medium text-slate-700">Severity</dt>
            <dd>
              <SeverityBadge severity={alert.severity} />
            </dd>
            <dt className="font-medium text-slate-700">Status</dt>
            <dd className="flex flex-wrap items-center gap-2">
              <AlertStatusBadge status={alert.status} />
              {alert.status === "ACKNOWLEDGED" && (
                <span className="text-slate-600">
                  by {detail.acknowledgedByName ?? "a removed account"} at <LocalTime value={alert.acknowledgedAt} empty="Never" />
                </span>
              )}
              {(alert.status === "DISMISSED" || alert.status === "ESCALATED") && (
                <span className="text-slate-600">
                  by {detail.closedByName ?? "a removed account"} at <LocalTime value={alert.closedAt} empty="Never" />
                </span>
              )}
            </dd>
            {alert.dismissReason && (
              <>
                <dt className="font-medium text-slate-700">Dismissal reason</dt>
                <dd className="whitespace-pre-line">{alert.dismissReason}</dd>
              </>
            )}
            {alert.incident && (
              <>
                <dt className="font-medium text-slate-700">Incident</dt>
                <dd>
                  <Link href={`/admin/security/incidents/${alert.incident.id}`} className="text-ember-800 underline underline-offset-4">
                    {incidentReference(alert.incident.number)}: {alert.incident.title}
                  </Link>
                </dd>
              </>
            )}
            <dt className="font-medium text-slate-700">Rule</dt>
            <dd>{alertRuleLabel(alert.ruleId)}</dd>
            <dt className="font-medium text-slate-700">Subject</dt>
            <dd>
              <AlertSubjectText subject={subject} />
            </dd>
            <dt className="font-medium text-slate-700">Occurrences</dt>
            <dd>{alert.occurrences.toLocaleString("en-US")}</dd>
            <dt className="font-medium text-slate-700">First seen</dt>
            <dd><LocalTime value={alert.firstSeenAt} empty="Never" /></dd>
            <dt className="font-medium text-slate-700">Last seen</dt>
            <dd><LocalTime value={alert.lastSeenAt} empty="Never" /></dd>
          </dl>
        </Card>

        <Card
          id="evidence"
          title="Evidence"
          description={`The audit events behind this alert, newest first${detail.evidenceCount > evidence.length ? ` (the newest ${evidence.length} of ${detail.evidenceCount})` : ""}.`}
          actions={
            <ButtonLink href={auditLinkFor(subject, alert.firstSeenAt, alert.lastSeenAt)} variant="secondary" size="sm">
              Open in the audit log
            </ButtonLink>
          }
          flush
        >
          {detail.missingEvidence > 0 && (
            <p className="px-5 pt-4 text-sm text-slate-600">
              {detail.missingEvidence} older event{detail.missingEvidence === 1 ? " is" : "s are"} no longer in the audit log (past the retention period).
            </p>
          )}
          <DataTable caption="Evidence events" hideCaption columns={columns} rows={evidence} rowKey={(row) => row.id} />
        </Card>

        {mayEscalate && (
          <Card
            id="escalate"
            title="Escalate to incident"
            description="Opens an incident with this alert linked on its timeline and closes the alert. Use it when the alert may be a real security event."
          >
            <EscalateForm alertId={alert.id} defaultTitle={alert.title} defaultSeverity={INCIDENT_SEVERITY_FOR[alert.severity]} />
          </Card>
        )}
      </div>
    </>
  );
}

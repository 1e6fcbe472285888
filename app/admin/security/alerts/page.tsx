import type { Metadata } from "next";
import Link from "next/link";
import { Alert } from "@/components/alert";
import { ButtonLink, buttonClasses } from "@/components/button";
import { DataTable, type DataTableColumn } from "@/components/data-table";
import { EmptyState } from "@/components/empty-state";
import { SelectField } from "@/components/form-field";
import { Icon } from "@/components/icons";
import { PageHeader } from "@/components/page-header";
import { alertListParamsSchema, countUnacknowledgedAlerts, listAlerts, type AlertListParams, type AlertListRow } from "@/lib/alerts/alert-queries";
import { evaluateAlerts } from "@/lib/alerts/evaluator";
import { evaluationOptionsFromEnv } from "@/lib/alerts/jobs";
import { ALERT_SEVERITY_LABELS } from "@/lib/alerts/labels";
import { ALERT_RULES, alertRuleLabel } from "@/lib/alerts/rules";
import { requireRouteAccess } from "@/lib/auth/authorize";
import { getPrisma } from "@/lib/db/client";
import { AlertSeverity } from "@/lib/db/generated/enums";
import { getLogger } from "@/lib/log";
import { AlertStatusBadge, SeverityBadge } from "./alert-badges";
import { AlertSubjectText } from "./alert-subject";
import { CheckAlertsButton } from "./check-alerts-button";
import { LocalTime } from "@/components/local-time";
import { TruncatedText } from "@/components/truncated-text";

export const metadata: Metadata = { title: "Alerts" };

const PAGE_SIZE = 25;

const STATUS_OPTIONS = [
  { value: "open", label: "Open" },
  { value: "acknowledged", label: "Acknowledged" },
  { value: "dismissed", label: "Dismissed" },
  { value: "escalated", label: "Escalated" },
  { value: "all", label: "All statuses" },
];
const SEVERITY_OPTIONS = Object.values(AlertSeverity)
  .reverse()
  .map((severity) => ({ value: severity, label: ALERT_SEVERITY_LABELS[severity] }));
const RULE_OPTIONS = ALERT_RULES.map((rule) => ({ value: rule.id, label: rule.label }));

function hrefFor(params: AlertListParams, page: number): string {
  const query = new URLSearchParams();
  if (params.status !== "open") query.set("status", params.status);
  if (params.severity) query.set("severity", params.severity);
  if (params.rule) query.set("rule", params.rule);
  if (page > 1) query.set("page", String(page));
  const text = query.toString();
  return text ? `/admin/security/alerts?${text}` : "/admin/security/alerts";
}

/**
 * Before listing, evaluate the newest audit events (a few batches at most, and
 * only if no other evaluator is busy): the scheduler runs every minute, but an
 * analyst who opens the inbox right after a burst should see its alert now,
 * not a minute later. Bounded so a large backlog never slows the page down
 * (the scheduler and "Check for new alerts" work through the rest), and never
 * fatal: the inbox still lists what is there if the catch-up fails.
 */
async function catchUp(): Promise<void> {
  try {
    await evaluateAlerts(getPrisma(), { ...evaluationOptionsFromEnv(), maxBatches: 3, waitForLock: false });
  } catch (error) {
    getLogger().error({ err: error }, "alert evaluation catch-up before the inbox failed");
  }
}

export default async function AdminAlertsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireRouteAccess("/admin/security/alerts");
  const raw = await searchParams;
  const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
  const params = alertListParamsSchema.parse({ status: single(raw.status), severity: single(raw.severity) || undefined, rule: single(raw.rule) || undefined, page: single(raw.page) });

  await catchUp();
  const db = getPrisma();
  const unacknowledged = await countUnacknowledgedAlerts(db);
  const { rows, totalCount, page } = await listAlerts(db, params, PAGE_SIZE);
  const filtered = params.status !== "open" || params.severity !== undefined || params.rule !== undefined;

  const columns: DataTableColumn<AlertListRow>[] = [
    { key: "severity", header: "Severity", cell: (row) => <SeverityBadge severity={row.severity} /> },
    {
      key: "alert",
      header: "Alert",
      cell: (row) => (
        <span className="flex flex-col">
          {/* One line, cut with the full title on hover: a long title used to wrap over four lines and push Status out of the card. */}
          <Link href={`/admin/security/alerts/${row.id}`} className="font-medium text-ember-800 underline-offset-4 hover:underline">
            <TruncatedText text={row.title} className="max-w-[22rem]" />
          </Link>
          <span className="text-xs text-slate-600">{alertRuleLabel(row.ruleId)}</span>
        </span>
      ),
    },
    { key: "subject", header: "Subject", cell: (row) => <AlertSubjectText subject={row.subject} /> },
    { key: "occurrences", header: "Occurrences", align: "right", cell: (row) => row.occurrences.toLocaleString("en-US") },
    { key: "firstSeen", header: "First seen", cell: (row) => <span className="whitespace-nowrap"><LocalTime value={row.firstSeenAt} empty="Never" /></span> },
    { key: "lastSeen", header: "Last seen", cell: (row) => <span className="whitespace-nowrap"><LocalTime value={row.lastSeenAt} empty="Never" /></span> },
    { key: "status", header: "Status", cell: (row) => <AlertStatusBadge status={row.status} /> },
  ];

  return (
    <>
      <PageHeader
        eyebrow="Security"
        title="Alerts"
        description="Signals from the detection rules over the audit log. Acknowledge what you are looking at, dismiss noise with a reason, escalate what matters to an incident. Repeats are grouped into the open alert."
        actions={<CheckAlertsButton />}
      />
      <div className="grid gap-4">
        <p className="text-sm text-slate-700">
          {unacknowledged === 0 ? (
            "No unacknowledged alerts."
          ) : (
            <>
              <span className="font-semibold text-slate-900">{unacknowledged.toLocaleString("en-US")}</span> unacknowledged alert
              {unacknowledged === 1 ? "" : "s"}.
            </>
          )}
        </p>
        {unacknowledged > 0 && params.status !== "open" && (
          <Alert tone="info" live="none" title="Unacknowledged alerts are waiting">
            <Link href="/admin/security/alerts" className="underline underline-offset-4">
              Show open alerts
            </Link>
          </Alert>
        )}
        <DataTable
          caption="Alerts"
          columns={columns}
          rows={rows}
          rowKey={(row) => row.id}
          pagination={{ page, pageSize: PAGE_SIZE, totalCount }}
          pageHref={(target) => hrefFor(params, target)}
          filters={
            <form method="get" action="/admin/security/alerts" className="flex flex-wrap items-end gap-4" role="search" aria-label="Filter alerts">
              <SelectField name="status" label="Status" options={STATUS_OPTIONS} defaultValue={params.status} />
              <SelectField name="severity" label="Severity" options={SEVERITY_OPTIONS} placeholder="Any severity" defaultValue={params.severity ?? ""} />
              <SelectField name="rule" label="Rule" options={RULE_OPTIONS} placeholder="Any rule" defaultValue={params.rule ?? ""} />
              <button type="submit" className={buttonClasses({ variant: "primary" })}>
                <Icon name="search" className="size-4" />
                Apply filters
              </button>
              {filtered && (
                <ButtonLink href="/admin/security/alerts" variant="ghost">
                  Clear filters
                </ButtonLink>
              )}
            </form>
          }
          empty={
            <EmptyState
              icon="bell"
              title={filtered ? "No alerts match these filters" : "No open alerts"}
              description={
                filtered
                  ? "Try another status, severity or rule, or clear the filters."
                  : "Nothing needs attention. Alerts from the detection rules land here: bursts of failed sign-ins, lockouts, failed two-step checks, operators on a new network, role, access or setting changes and unusual access to buyer data."
              }
              action={
                filtered ? (
                  <ButtonLink href="/admin/security/alerts" variant="secondary">
                    Show open alerts
                  </ButtonLink>
                ) : (
                  <ButtonLink href="/admin/security/alerts?status=all" variant="secondary">
                    Show all alerts
                  </ButtonLink>
                )
              }
            />
          }
        />
      </div>
    </>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { ButtonLink } from "@/components/button";
import { cx } from "@/components/class-names";
import { DataTable, type DataTableColumn } from "@/components/data-table";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { can, requireRouteAccess } from "@/lib/auth/authorize";
import { getPrisma } from "@/lib/db/client";
import { incidentReference } from "@/lib/incidents/incidents";
import { INCIDENT_PAGE_SIZE, listIncidents, type IncidentListItem, type IncidentStatusFilter } from "@/lib/incidents/queries";
import { DeadlineBadge, PhaseBadge, SeverityBadge } from "./_components/incident-badges";
import { LocalTime } from "@/components/local-time";

export const metadata: Metadata = { title: "Incidents" };

const BASE = "/admin/security/incidents";
const FILTERS: { value: IncidentStatusFilter; label: string }[] = [
  { value: "open", label: "Open" },
  { value: "closed", label: "Closed" },
  { value: "all", label: "All" },
];

export default async function AdminIncidentsPage({ searchParams }: { searchParams: Promise<{ status?: string; page?: string }> }) {
  const actor = await requireRouteAccess(BASE);
  const query = await searchParams;
  const status: IncidentStatusFilter = FILTERS.some((filter) => filter.value === query.status) ? (query.status as IncidentStatusFilter) : "open";
  const page = Math.max(1, Number.parseInt(query.page ?? "1", 10) || 1);
  const now = new Date();
  const result = await listIncidents(getPrisma(), { status, page }, now);
  const canManage = can(actor, "incidents:manage");

  const columns: DataTableColumn<IncidentListItem>[] = [
    {
      key: "incident",
      header: "Incident",
      cell: (row) => (
        <Link href={`${BASE}/${row.id}`} className="font-medium text-slate-900 underline-offset-4 hover:underline">
          <span className="font-mono text-slate-600">{incidentReference(row.number)}</span> {row.title}
        </Link>
      ),
    },
    { key: "severity", header: "Severity", cell: (row) => <SeverityBadge severity={row.severity} /> },
    { key: "phase", header: "Phase", cell: (row) => <PhaseBadge phase={row.phase} /> },
    { key: "amazon", header: "Amazon clock", cell: (row) => <DeadlineBadge state={row.deadline} /> },
    { key: "commander", header: "Commander", cell: (row) => row.commanderName ?? <span className="text-slate-500">Unassigned</span> },
    { key: "detected", header: "Detected", cell: (row) => <LocalTime value={row.detectedAt} empty="Never" /> },
  ];

  return (
    <>
      <PageHeader
        eyebrow="Security"
        title="Incidents"
        description="Security incidents from detection to post-mortem, with Amazon's 24-hour notification clock for those involving Amazon Information."
        actions={canManage ? <ButtonLink href={`${BASE}/new`}>New incident</ButtonLink> : undefined}
      />
      <DataTable
        caption="Incidents"
        filters={
          <nav aria-label="Filter incidents" className="flex gap-2">
            {FILTERS.map((filter) => (
              <Link
                key={filter.value}
                href={`${BASE}?status=${filter.value}`}
                aria-current={filter.value === status ? "page" : undefined}
                className={cx(
                  "rounded-md px-3 py-1.5 text-sm font-medium ring-1 ring-inset",
                  filter.value === status ? "bg-slate-900 text-white ring-slate-900" : "bg-white text-slate-700 ring-slate-300 hover:bg-slate-50",
                )}
              >
                {filter.label}
              </Link>
            ))}
          </nav>
        }
        columns={columns}
        rows={result.items}
        rowKey={(row) => row.id}
        pagination={{ page: result.page, pageSize: INCIDENT_PAGE_SIZE, totalCount: result.total }}
        pageHref={(target) => `${BASE}?status=${status}&page=${target}`}
        empty={
          <EmptyState
            icon="siren"
            title={status === "closed" ? "No closed incidents" : "No open incidents"}
            description="Open an incident from scratch or escalate an alert from the inbox. Incidents involving Amazon Information show the 24-hour countdown to notify Amazon once confirmed."
            action={
              <ButtonLink href="/admin/security/alerts" variant="secondary">
                Review open alerts
              </ButtonLink>
            }
          />
        }
      />
    </>
  );
}

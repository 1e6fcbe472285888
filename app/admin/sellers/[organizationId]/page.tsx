import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Fragment, type ReactNode } from "react";
import { Badge, type BadgeTone } from "@/components/badge";
import { Card } from "@/components/card";
import { DataTable, type DataTableColumn } from "@/components/data-table";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { can, requireRouteAccess } from "@/lib/auth/authorize";
import { getPrisma } from "@/lib/db/client";
import type { AmazonConnectionStatus, SyncRunStatus, SyncTrigger, UserRole, UserStatus } from "@/lib/db/generated/enums";
import { countryName } from "@/lib/onboarding/countries";
import { REGION_LABELS, marketplaceLabel } from "@/lib/onboarding/marketplaces";
import { ONBOARDING_STEP_LABELS, stepPosition } from "@/lib/onboarding/steps";
import {
  SELLER_PROFILE_SYNC_RUNS,
  getSellerProfile,
  type SellerConnectionHealth,
  type SellerProfile,
  type SellerSyncRun,
} from "@/lib/onboarding/seller-profile";
import { CURRENT_TERMS_VERSION } from "@/lib/onboarding/terms";
import { formatRelative } from "@/lib/security-dashboard/format";
import { ROLE_SHORT_LABELS, SELLER_ROLES } from "@/lib/users/shared";
import { isUuid } from "@/lib/validation/input";
import { SyncOrdersChart } from "./_components/sync-orders-chart";
import { countInWords, durationInWords } from "@/lib/time/in-words";
import { deletionReasonLabel } from "./seller-page-format";
import { LocalTime } from "@/components/local-time";

export const metadata: Metadata = { title: "Seller" };

const BASE = "/admin/sellers";

const CONNECTION_STATUS: Record<AmazonConnectionStatus, { label: string; tone: BadgeTone }> = {
  ACTIVE: { label: "Connected", tone: "success" },
  REVOKED: { label: "Revoked on Amazon", tone: "danger" },
  DISCONNECTED: { label: "Disconnected", tone: "neutral" },
};
const SYNC_STATUS: Record<SyncRunStatus, { label: string; tone: BadgeTone }> = {
  RUNNING: { label: "Running", tone: "info" },
  SUCCEEDED: { label: "Succeeded", tone: "success" },
  FAILED: { label: "Failed", tone: "danger" },
};
const SYNC_TRIGGER: Record<SyncTrigger, string> = { MANUAL: "Started by the seller", SCHEDULED: "Scheduled" };
const USER_STATUSES: readonly { status: UserStatus; label: string }[] = [
  { status: "ACTIVE", label: "Active" },
  { status: "INVITED", label: "Invited" },
  { status: "DEACTIVATED", label: "Deactivated" },
];
const chartLabel = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", timeZone: "UTC" });

/** A time in the viewer's zone (UTC on hover), machine-readable for the browser and assistive technology. */
function TimeAt({ value, empty = "Never", relativeTo }: { value: Date | null; empty?: string; relativeTo?: Date }) {
  if (!value) return <span className="text-slate-500">{empty}</span>;
  return (
    <span className="whitespace-nowrap">
      <LocalTime value={value} />
      {relativeTo && <span className="text-slate-600"> ({formatRelative(value, relativeTo)})</span>}
    </span>
  );
}

function Details({ items }: { items: { term: string; value: ReactNode }[] }) {
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 text-sm">
      {items.map((item) => (
        <Fragment key={item.term}>
          <dt className="font-medium text-slate-700">{item.term}</dt>
          <dd className="min-w-0 text-slate-900">{item.value}</dd>
        </Fragment>
      ))}
    </dl>
  );
}

function OnboardingStatus({ onboarding }: { onboarding: SellerProfile["onboarding"] }) {
  const complete = onboarding.step === "COMPLETE";
  return complete ? (
    <Badge tone="success" dot>
      Complete
    </Badge>
  ) : (
    <Badge tone="warning" dot>
      {stepPosition(onboarding.step)}: {ONBOARDING_STEP_LABELS[onboarding.step]}
    </Badge>
  );
}

function TermsStatus({ onboarding }: { onboarding: SellerProfile["onboarding"] }) {
  if (!onboarding.termsVersion || !onboarding.termsAcceptedAt) return <span className="text-slate-600">Not accepted yet</span>;
  return (
    <span className="flex flex-wrap items-center gap-2">
      <span>
        Version {onboarding.termsVersion}, accepted <TimeAt value={onboarding.termsAcceptedAt} />
      </span>
      {onboarding.termsVersion === CURRENT_TERMS_VERSION ? (
        <Badge tone="success">Current version</Badge>
      ) : (
        <Badge tone="warning">Earlier version; current is {CURRENT_TERMS_VERSION}</Badge>
      )}
    </span>
  );
}

function StatList({ stats }: { stats: { label: string; value: number; detail: string }[] }) {
  return (
    <dl className="grid gap-4 sm:grid-cols-3">
      {stats.map((stat) => (
        <div key={stat.label} className="rounded-md bg-slate-50 p-4 ring-1 ring-slate-200">
          <dt className="text-sm font-medium text-slate-700">{stat.label}</dt>
          <dd className="mt-1 text-2xl font-semibold tracking-tight text-slate-900 tabular-nums">{stat.value.toLocaleString("en-US")}</dd>
          <dd className="mt-1 text-xs text-slate-600">{stat.detail}</dd>
        </div>
      ))}
    </dl>
  );
}

export default async function AdminSellerPage({ params }: { params: Promise<{ organizationId: string }> }) {
  const { organizationId } = await params;
  // The route table's answer for this path. A malformed id is judged as the
  // list's path (same permissions), so a dot segment can never resolve to a
  // parent route with fewer of them; it then answers 404 like an unknown id.
  const actor = await requireRouteAccess(isUuid(organizationId) ? `${BASE}/${organizationId}` : BASE);
  if (!isUuid(organizationId)) notFound();
  const now = new Date();
  const showHealth = can(actor, "connections:view-health");
  const profile = await getSellerProfile(getPrisma(), organizationId, { includeHealth: showHealth, now });
  if (!profile) notFound();

  const country = profile.countryCode ? countryName(profile.countryCode) : "Not given yet";
  const teamRow = (role: UserRole) => ({
    role,
    counts: Object.fromEntries(
      USER_STATUSES.map(({ status }) => [status, profile.team.counts.find((entry) => entry.role === role && entry.status === status)?.count ?? 0]),
    ) as Record<UserStatus, number>,
  });
  const teamRows = SELLER_ROLES.map(teamRow);
  const teamTotal = profile.team.counts.reduce((sum, entry) => sum + entry.count, 0);

  const connectionColumns: DataTableColumn<SellerConnectionHealth>[] = [
    { key: "region", header: "Region", cell: (row) => <span className="font-medium text-slate-900">{REGION_LABELS[row.region]}</span> },
    {
      key: "status",
      header: "Status",
      cell: (row) => (
        <span className="flex flex-wrap gap-1">
          <Badge tone={CONNECTION_STATUS[row.status].tone} dot>
            {CONNECTION_STATUS[row.status].label}
          </Badge>
          {row.status === "ACTIVE" && row.lastSyncStatus === "FAILED" && <Badge tone="warning">Sync failing</Badge>}
        </span>
      ),
    },
    {
      key: "connected",
      header: "Connected",
      cell: (row) => (
        <span className="grid gap-0.5">
          <TimeAt value={row.connectedAt} />
          {row.disconnectedAt && (
            <span className="text-xs text-slate-600">
              Disconnected <TimeAt value={row.disconnectedAt} />
            </span>
          )}
          {row.revokedAt && (
            <span className="text-xs text-slate-600">
              Revoked <TimeAt value={row.revokedAt} />
            </span>
          )}
        </span>
      ),
    },
    {
      key: "lastSync",
      header: "Last sync",
      cell: (row) => (
        <span className="grid gap-0.5">
          <TimeAt value={row.lastSyncAt} />
          {row.lastSyncStatus && (
            <span>
              <Badge tone={SYNC_STATUS[row.lastSyncStatus].tone}>{SYNC_STATUS[row.lastSyncStatus].label}</Badge>
            </span>
          )}
        </span>
      ),
    },
    {
      key: "nextSync",
      header: "Next sync",
      cell: (row) => (row.status === "ACTIVE" ? <TimeAt value={row.nextSyncAt} empty="Not scheduled" relativeTo={now} /> : <span className="text-slate-500">—</span>),
    },
    {
      key: "lastError",
      header: "Last error",
      className: "max-w-sm",
      cell: (row) =>
        row.lastError ? (
          <span className="grid gap-0.5">
            <span className="break-words">{row.lastError}</span>
            {row.lastErrorAt && (
              <span className="text-xs text-slate-600">
                <TimeAt value={row.lastErrorAt} />
              </span>
            )}
          </span>
        ) : (
          <span className="text-slate-500">None</span>
        ),
    },
  ];

  const syncColumns: DataTableColumn<SellerSyncRun>[] = [
    { key: "started", header: "Started", cell: (row) => <TimeAt value={row.startedAt} /> },
    { key: "region", header: "Region", cell: (row) => row.region },
    { key: "trigger", header: "Trigger", cell: (row) => SYNC_TRIGGER[row.trigger] },
    {
      key: "status",
      header: "Status",
      cell: (row) => (
        <Badge tone={SYNC_STATUS[row.status].tone} dot>
          {SYNC_STATUS[row.status].label}
        </Badge>
      ),
    },
    { key: "duration", header: "Duration", cell: (row) => (row.finishedAt ? durationInWords(row.finishedAt.getTime() - row.startedAt.getTime()) : <span className="text-slate-500">Still running</span>) },
    { key: "pages", header: "Pages", align: "right", cell: (row) => row.pagesFetched.toLocaleString("en-US") },
    { key: "orders", header: "Orders upserted", align: "right", cell: (row) => row.ordersUpserted.toLocaleString("en-US") },
    {
      key: "error",
      header: "Error",
      className: "max-w-sm",
      cell: (row) => (row.error ? <span className="break-words">{row.error}</span> : <span className="text-slate-500">—</span>),
    },
  ];

  const deletionColumns: DataTableColumn<SellerProfile["deletions"][number]>[] = [
    { key: "deleted", header: "Deleted", cell: (row) => <TimeAt value={row.createdAt} /> },
    { key: "region", header: "Region", cell: (row) => (row.region ? REGION_LABELS[row.region] : "—") },
    { key: "reason", header: "Reason", cell: (row) => deletionReasonLabel(row.reason) },
    { key: "orders", header: "Orders deleted", align: "right", cell: (row) => row.ordersDeleted.toLocaleString("en-US") },
  ];

  const chartPoints = profile.health
    ? [...profile.health.syncRuns]
        .reverse()
        .map((run) => ({ id: run.id, label: chartLabel.format(run.startedAt), ordersUpserted: run.ordersUpserted, failed: run.status === "FAILED" }))
    : [];

  return (
    <>
      <PageHeader
        eyebrow={
          <Link href={BASE} className="underline-offset-4 hover:underline">
            Sellers
          </Link>
        }
        title={profile.legalName}
        description="Onboarding, team size, Amazon connection health and order counts. No buyer information is shown here: orders are only counted."
      />
      <div className="grid gap-6">
        <div className="grid gap-6 lg:grid-cols-2">
          <Card id="organization" title="Organization">
            <Details
              items={[
                { term: "Legal name", value: profile.legalName },
                { term: "Country", value: country },
                {
                  term: "Marketplaces",
                  value: profile.marketplaceIds.length === 0 ? <span className="text-slate-600">None chosen yet</span> : profile.marketplaceIds.map(marketplaceLabel).join(", "),
                },
                { term: "Signed up", value: <TimeAt value={profile.createdAt} /> },
              ]}
            />
          </Card>

          <Card id="onboarding" title="Onboarding">
            <Details
              items={[
                { term: "Progress", value: <OnboardingStatus onboarding={profile.onboarding} /> },
                { term: "Completed", value: <TimeAt value={profile.onboarding.completedAt} empty="Not yet" /> },
                { term: "Data-use terms", value: <TermsStatus onboarding={profile.onboarding} /> },
              ]}
            />
          </Card>
        </div>

        <div className="grid gap-6 lg:grid-cols-2">
          <Card
            id="team"
            title="Team"
            description={`${teamTotal} ${teamTotal === 1 ? "person" : "people"}; counts only, the console does not show a seller's people.`}
            flush
          >
            <DataTable
              caption="Team size by role and status"
              hideCaption
              rows={teamRows}
              rowKey={(row) => row.role}
              columns={[
                { key: "role", header: "Role", cell: (row) => <span className="font-medium text-slate-900">{ROLE_SHORT_LABELS[row.role]}</span> },
                ...USER_STATUSES.map(({ status, label }) => ({
                  key: status,
                  header: label,
                  align: "right" as const,
                  cell: (row: (typeof teamRows)[number]) => row.counts[status].toLocaleString("en-US"),
                })),
              ]}
            />
            <p className="border-t border-slate-200 px-5 py-3 text-sm text-slate-600">
              Pending invitations: <span className="font-medium text-slate-900 tabular-nums">{profile.team.pendingInvitations}</span>
            </p>
          </Card>

          <Card id="orders" title="Orders" description="Counted only: the orders and their buyers stay with the seller.">
            <StatList
              stats={[
                { label: "Total", value: profile.orders.total, detail: "Stored for this seller now" },
                { label: "Last 30 days", value: profile.orders.lastThirtyDays, detail: "By purchase date" },
                { label: "Buyer details purged", value: profile.orders.piiPurged, detail: "Past the retention period" },
              ]}
            />
          </Card>
        </div>

        {profile.health && (
          <>
            <Card id="connection-health" title="Amazon connection health" description="One authorization per Amazon region. Tokens are never shown." flush>
              <DataTable
                caption="Amazon connections by region"
                hideCaption
                rows={profile.health.connections}
                rowKey={(row) => row.region}
                columns={connectionColumns}
                empty={
                  <EmptyState
                    icon="link"
                    headingLevel={3}
                    title="Not connected to Amazon"
                    description="The seller has not authorized FireFeed on Amazon yet. Connection health and syncs appear here once they connect."
                  />
                }
              />
            </Card>

            <Card
              id="sync-history"
              title="Sync history"
              description={`The last ${SELLER_PROFILE_SYNC_RUNS} order syncs, newest first.`}
              flush
            >
              {chartPoints.length > 1 && (
                <figure className="border-b border-slate-200 px-5 py-4">
                  <figcaption className="mb-2 text-sm font-medium text-slate-900">Orders upserted per sync, oldest to newest</figcaption>
                  <SyncOrdersChart points={chartPoints} />
                </figure>
              )}
              <DataTable
                caption="Recent order syncs"
                hideCaption
                rows={profile.health.syncRuns}
                rowKey={(row) => row.id}
                columns={syncColumns}
                empty={
                  <EmptyState
                    icon="inbox"
                    headingLevel={3}
                    title="No syncs yet"
                    description="Syncs appear here after the seller connects Amazon: the first one starts at once, then they run on a schedule."
                  />
                }
              />
            </Card>
          </>
        )}

        <Card
          id="data-deletions"
          title="Data deletions"
          description="Proof that the seller's Amazon data was deleted when an authorization ended (D2); the records stay after the data is gone."
          flush
        >
          {profile.deletions.length === 0 ? (
            <p className="px-5 py-4 text-sm text-slate-600">No Amazon data has been deleted for this seller.</p>
          ) : (
            <>
              <DataTable caption="Data deletion records" hideCaption rows={profile.deletions} rowKey={(row) => row.id} columns={deletionColumns} />
              <p className="border-t border-slate-200 px-5 py-3 text-sm text-slate-600">
                {countInWords(profile.deletions.reduce((sum, row) => sum + row.ordersDeleted, 0), "order")} deleted in total.
              </p>
            </>
          )}
        </Card>
      </div>
    </>
  );
}

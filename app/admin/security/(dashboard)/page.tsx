import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/badge";
import { Card } from "@/components/card";
import { EmptyState } from "@/components/empty-state";
import { Icon, type IconName } from "@/components/icons";
import { PageHeader } from "@/components/page-header";
import { requireRouteAccess } from "@/lib/auth/authorize";
import { getPrisma } from "@/lib/db/client";
import { permissionsFor } from "@/lib/rbac/roles";
import { ALERT_SEVERITIES_BY_RANK, getSecurityDashboard, type SecurityDashboard } from "@/lib/security-dashboard/dashboard-queries";
import { mayOpenWith } from "@/lib/rbac/navigation";
import { formatDay, formatDayWithRelative, formatRelative } from "@/lib/security-dashboard/format";
import { deadlineTone } from "@/lib/security-dashboard/incident-urgency";
import { formatUtc } from "@/lib/users/shared";
import { ActivityCharts } from "./_components/activity-charts";
import { ActivityTable } from "./_components/activity-table";
import { DeadlineCountdown, DeadlineValue } from "./_components/deadline-countdown";
import { ALERT_SEVERITY, INCIDENT_PHASE, INCIDENT_SEVERITY } from "./_components/labels";
import { StatCard, type StatTone } from "./_components/stat-card";
import { LocalTime } from "@/components/local-time";

export const metadata: Metadata = { title: "Security dashboard" };

const securityAreas: ReadonlyArray<{ href: string; icon: IconName; title: string; body: string }> = [
  { href: "/admin/security/audit", icon: "fileText", title: "Audit log", body: "Who accessed or changed what, in a tamper-evident log." },
  { href: "/admin/security/alerts", icon: "bell", title: "Alerts", body: "Suspicious sign-ins, configuration changes and unusual data access." },
  { href: "/admin/security/incidents", icon: "siren", title: "Incidents", body: "From detection to post-mortem, with the 24-hour Amazon deadline." },
  { href: "/admin/security/access-reviews", icon: "clipboardCheck", title: "Access reviews", body: "Confirm or revoke access every 90 days." },
  { href: "/admin/security/log-reviews", icon: "search", title: "Log reviews", body: "The weekly review of security events, signed off with notes." },
  { href: "/admin/security/runbook", icon: "fileText", title: "Runbook", body: "How we respond to incidents, who to call, and when Amazon must be told." },
  { href: "/admin/security/settings", icon: "settings", title: "Security settings", body: "Alert thresholds, working hours, the incident contact and review cadences." },
];

const TONE_BY_DEADLINE = { red: "red", amber: "amber", green: "green", none: "neutral" } as const satisfies Record<string, StatTone>;

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

function StatCards({ dashboard, now }: { dashboard: SecurityDashboard; now: Date }) {
  const { incidents, alerts, accessReview, logReviews, runbook } = dashboard;
  const nearest = incidents?.nearestDeadline ?? null;
  const nearestClock = nearest?.amazonClock;
  return (
    <ul className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3" aria-label="At a glance">
      {incidents && (
        <StatCard
          href="/admin/security/incidents"
          icon="siren"
          label="Open incidents"
          value={incidents.openCount}
          tone={incidents.openCount > 0 ? "amber" : "green"}
          status={incidents.openCount > 0 ? "Needs attention" : "All clear"}
          detail={`${plural(incidents.open.filter((incident) => incident.involvesAmazonInformation).length, "involves", "involve")} Amazon Information`}
        />
      )}
      {incidents && (
        <StatCard
          href={nearest ? `/admin/security/incidents/${nearest.id}` : "/admin/security/incidents"}
          icon="alertTriangle"
          label="Nearest Amazon deadline"
          value={
            nearest ? (
              <DeadlineValue
                serverNow={now.toISOString()}
                clock={{
                  involvesAmazonInformation: nearest.involvesAmazonInformation,
                  confirmedAt: nearest.confirmedAt?.toISOString() ?? null,
                  amazonNotifiedAt: nearest.amazonNotifiedAt?.toISOString() ?? null,
                }}
              />
            ) : (
              "No clock running"
            )
          }
          tone={nearestClock ? TONE_BY_DEADLINE[deadlineTone(nearestClock)] : "green"}
          status={
            nearestClock?.status === "breached"
              ? "Breached"
              : nearestClock?.status === "running"
                ? deadlineTone(nearestClock) === "green"
                  ? "On track"
                  : "Notify Amazon soon"
                : "Nothing to notify"
          }
          detail={nearest ? `INC-${nearest.number}: ${nearest.title}` : "No confirmed incident involving Amazon Information awaits notification"}
        />
      )}
      {alerts && (
        <StatCard
          href="/admin/security/alerts"
          icon="bell"
          label="Unacknowledged alerts"
          value={alerts.unacknowledged.total}
          tone={alerts.unacknowledged.CRITICAL + alerts.unacknowledged.HIGH > 0 ? "red" : alerts.unacknowledged.total > 0 ? "amber" : "green"}
          status={alerts.unacknowledged.total > 0 ? "To triage" : "Inbox clear"}
          detail={
            alerts.unacknowledged.total > 0
              ? ALERT_SEVERITIES_BY_RANK.filter((severity) => alerts.unacknowledged[severity] > 0)
                  .map((severity) => `${alerts.unacknowledged[severity]} ${ALERT_SEVERITY[severity].label.toLowerCase()}`)
                  .join(", ")
              : `${plural(alerts.open.total, "acknowledged alert")} still open`
          }
        />
      )}
      {accessReview && (
        <StatCard
          href="/admin/security/access-reviews"
          icon="clipboardCheck"
          label="Access review"
          value={
            accessReview.openCampaign
              ? `${accessReview.openCampaign.decided} of ${accessReview.openCampaign.total} decided`
              : accessReview.nextCampaignDueAt
                ? `Next ${formatRelative(accessReview.nextCampaignDueAt, now)}`
                : "Never run"
          }
          tone={
            accessReview.openCampaign ? (accessReview.openCampaign.overdue ? "red" : "amber") : accessReview.nextCampaignOverdue ? "red" : "green"
          }
          status={
            accessReview.openCampaign
              ? accessReview.openCampaign.overdue
                ? "Overdue"
                : "In progress"
              : accessReview.nextCampaignOverdue
                ? "Due now"
                : "Up to date"
          }
          detail={
            accessReview.openCampaign
              ? `Due ${formatDayWithRelative(accessReview.openCampaign.dueAt, now)}`
              : accessReview.nextCampaignDueAt
                ? `Next campaign due ${formatDay(accessReview.nextCampaignDueAt)} (every ${accessReview.cadenceDays} days)`
                : `Start the first campaign (every ${accessReview.cadenceDays} days)`
          }
        />
      )}
      {logReviews && (
        <StatCard
          href="/admin/security/log-reviews"
          icon="search"
          label="Log reviews"
          value={logReviews.lastCompleted ? `Last ${formatRelative(logReviews.lastCompleted.completedAt, now)}` : "None completed"}
          tone={logReviews.overdueCount > 0 ? "red" : logReviews.lastCompleted ? "green" : "amber"}
          status={logReviews.overdueCount > 0 ? `${logReviews.overdueCount} overdue` : logReviews.lastCompleted ? "Up to date" : "Not started"}
          detail={logReviews.nextDueAt ? `Next due ${formatDayWithRelative(logReviews.nextDueAt, now)}` : "The weekly review appears here once scheduled"}
        />
      )}
      {runbook && (
        <StatCard
          href="/admin/security/runbook"
          icon="fileText"
          label="Runbook review"
          value={runbook.nextDueAt ? `Due ${formatRelative(runbook.nextDueAt, now)}` : "Never reviewed"}
          tone={runbook.lastReview === null ? "amber" : runbook.overdue ? "red" : "green"}
          status={runbook.lastReview === null ? "Sign-off needed" : runbook.overdue ? "Overdue" : "Up to date"}
          detail={
            runbook.lastReview
              ? `Version ${runbook.lastReview.version} reviewed ${formatDay(runbook.lastReview.reviewedAt)}`
              : runbook.currentVersion
                ? `Version ${runbook.currentVersion} awaits its first review`
                : "Write the runbook, then sign off its review"
          }
        />
      )}
    </ul>
  );
}

function OpenIncidents({ incidents, now }: { incidents: NonNullable<SecurityDashboard["incidents"]>; now: Date }) {
  return (
    <Card
      id="open-incidents"
      title="Open incidents"
      description="Most urgent first: breached Amazon deadlines, then the least time left."
      actions={
        <Link href="/admin/security/incidents" className="text-sm font-medium text-ember-800 underline-offset-4 hover:underline">
          All incidents
        </Link>
      }
      flush
    >
      {incidents.open.length === 0 ? (
        <div className="p-5">
          <EmptyState icon="siren" headingLevel={3} title="No open incidents" description="When something is confirmed or escalated from an alert, it is tracked here with its Amazon deadline." />
        </div>
      ) : (
        <ul className="divide-y divide-slate-200">
          {incidents.open.map((incident) => (
            <li key={incident.id} className="flex flex-wrap items-start justify-between gap-3 px-5 py-3">
              <div className="min-w-0">
                <Link href={`/admin/security/incidents/${incident.id}`} className="font-medium text-slate-900 underline-offset-4 hover:text-ember-800 hover:underline">
                  INC-{incident.number}: {incident.title}
                </Link>
                <p className="mt-1 flex flex-wrap items-center gap-2 text-sm text-slate-600">
                  <Badge tone={INCIDENT_SEVERITY[incident.severity].tone}>{INCIDENT_SEVERITY[incident.severity].label}</Badge>
                  <span>{INCIDENT_PHASE[incident.phase]}</span>
                  <span aria-hidden="true">·</span>
                  <span>Commander: {incident.commander ? (incident.commander.email ?? "former account") : "unassigned"}</span>
                </p>
              </div>
              <DeadlineCountdown
                serverNow={now.toISOString()}
                clock={{
                  involvesAmazonInformation: incident.involvesAmazonInformation,
                  confirmedAt: incident.confirmedAt?.toISOString() ?? null,
                  amazonNotifiedAt: incident.amazonNotifiedAt?.toISOString() ?? null,
                }}
              />
            </li>
          ))}
        </ul>
      )}
      {incidents.openCount > incidents.open.length && (
        <p className="border-t border-slate-200 px-5 py-3 text-sm text-slate-600">
          Showing {incidents.open.length} of {incidents.openCount} open incidents.
        </p>
      )}
    </Card>
  );
}

function RecentAlerts({ alerts }: { alerts: NonNullable<SecurityDashboard["alerts"]> }) {
  return (
    <Card
      id="recent-alerts"
      title="Recent alerts"
      description={`${plural(alerts.open.total, "open alert")}, ${alerts.unacknowledged.total} not yet acknowledged.`}
      actions={
        <Link href="/admin/security/alerts" className="text-sm font-medium text-ember-800 underline-offset-4 hover:underline">
          Alert inbox
        </Link>
      }
      flush
    >
      {alerts.recent.length === 0 ? (
        <div className="p-5">
          <EmptyState icon="bell" headingLevel={3} title="No open alerts" description="Alerts raised by the rules (failed sign-ins, lockouts, unusual data access…) land here." />
        </div>
      ) : (
        <ul className="divide-y divide-slate-200">
          {alerts.recent.map((alert) => (
            <li key={alert.id} className="flex flex-wrap items-start justify-between gap-3 px-5 py-3">
              <div className="min-w-0">
                <Link href={`/admin/security/alerts/${alert.id}`} className="font-medium text-slate-900 underline-offset-4 hover:text-ember-800 hover:underline">
                  {alert.title}
                </Link>
                <p className="mt-1 text-sm text-slate-600">
                  Last seen <LocalTime value={alert.lastSeenAt} empty="Never" />
                  {alert.occurrences > 1 && ` · ${alert.occurrences} occurrences`}
                </p>
              </div>
              <span className="flex items-center gap-2">
                <Badge tone={ALERT_SEVERITY[alert.severity].tone}>{ALERT_SEVERITY[alert.severity].label}</Badge>
                <Badge tone={alert.status === "OPEN" ? "brand" : "neutral"}>{alert.status === "OPEN" ? "New" : "Acknowledged"}</Badge>
              </span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

function Activity({ activity }: { activity: NonNullable<SecurityDashboard["activity"]> }) {
  const { totals } = activity;
  const total = totals.signInFailures + totals.lockouts + totals.mfaFailures + totals.piiReveals;
  return (
    <Card
      id="activity"
      title="Activity, last 30 days"
      description={`Per UTC day, ${formatDay(activity.from)} to ${formatDay(activity.to)}: ${plural(totals.signInFailures, "sign-in failure")}, ${plural(totals.lockouts, "lockout")}, ${plural(totals.mfaFailures, "failed two-step check")}, ${plural(totals.piiReveals, "PII reveal")}.`}
      actions={
        <Link href="/admin/security/audit" className="text-sm font-medium text-ember-800 underline-offset-4 hover:underline">
          Audit log
        </Link>
      }
    >
      {total === 0 ? (
        <EmptyState
          icon="checkCircle"
          headingLevel={3}
          title="No sign-in failures, lockouts, failed two-step checks or PII reveals"
          description="Nothing of these kinds was recorded in the last 30 days. Charts appear here as soon as there is something to show."
        />
      ) : (
        <>
          <ActivityCharts days={activity.days} />
          <ActivityTable days={activity.days} />
        </>
      )}
    </Card>
  );
}

export default async function AdminSecurityDashboardPage() {
  const actor = await requireRouteAccess("/admin/security");
  const now = new Date();
  const permissions = permissionsFor(actor.role);
  const dashboard = await getSecurityDashboard(getPrisma(), now, permissions);
  const held = new Set(permissions);
  const areas = securityAreas.filter((area) => mayOpenWith(area.href, held));

  return (
    <>
      <PageHeader
        eyebrow="Security"
        title="Security dashboard"
        description={`Open incidents with Amazon's 24-hour deadline, alerts, reviews and the last 30 days of security events. As of ${formatUtc(now)}.`}
      />
      <div className="grid gap-6">
        <StatCards dashboard={dashboard} now={now} />
        {(dashboard.incidents || dashboard.alerts) && (
          <div className="grid gap-6 lg:grid-cols-2">
            {dashboard.incidents && <OpenIncidents incidents={dashboard.incidents} now={now} />}
            {dashboard.alerts && <RecentAlerts alerts={dashboard.alerts} />}
          </div>
        )}
        {dashboard.activity && <Activity activity={dashboard.activity} />}
      </div>
      <h2 className="mt-10 mb-4 text-base font-semibold text-slate-900">Security areas</h2>
      <ul className="grid gap-4 sm:grid-cols-2">
        {areas.map((area) => (
          <li key={area.href}>
            <Link
              href={area.href}
              className="group flex h-full gap-4 rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200 hover:ring-ember-300"
            >
              <span className="flex size-10 shrink-0 items-center justify-center rounded-md bg-ember-50 text-ember-700">
                <Icon name={area.icon} className="size-5" />
              </span>
              <span>
                <span className="flex items-center gap-1 font-semibold text-slate-900 group-hover:text-ember-800">
                  {area.title}
                  <Icon name="arrowRight" className="size-4" />
                </span>
                <span className="mt-1 block text-sm text-slate-600">{area.body}</span>
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </>
  );
}

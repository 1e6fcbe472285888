import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Badge, type BadgeTone } from "@/components/badge";
import { Button } from "@/components/button";
import { Card } from "@/components/card";
import { cx } from "@/components/class-names";
import { DataTable, type DataTableColumn } from "@/components/data-table";
import { TextField } from "@/components/form-field";
import { Icon, type IconName } from "@/components/icons";
import { PageHeader } from "@/components/page-header";
import { can, requireRouteAccess } from "@/lib/auth/authorize";
import { getPrisma } from "@/lib/db/client";
import type { IncidentTimelineKind } from "@/lib/db/generated/enums";
import { searchSellerOrganizations } from "@/lib/incidents/affected-sellers";
import { incidentReference } from "@/lib/incidents/incidents";
import {
  ACTION_STATUS_LABELS,
  AMAZON_NOTIFICATION_CHANNELS,
  INCIDENT_ROLES,
  PHASE_LABELS,
  PHASE_ORDER,
  ROLE_LABELS,
  amazonChannelLabel,
  closeBlockers,
  nextPhase,
  phaseIndex,
  previousPhase,
} from "@/lib/incidents/phases";
import { getIncidentDetail, listAssignableOperators, type IncidentDetail } from "@/lib/incidents/queries";
import { formatUtc } from "@/lib/users/shared";
import { isUuid } from "@/lib/validation/input";
import { AmazonCountdown } from "../_components/amazon-countdown";
import { PhaseBadge, SeverityBadge } from "../_components/incident-badges";
import {
  ActionStatusForm,
  AddCorrectiveActionForm,
  AmazonFlagForm,
  AmazonNotificationDialog,
  LinkSellerButton,
  NoteForm,
  NotifySellersForm,
  PhaseControls,
  PostMortemEditor,
  RoleForm,
} from "../_components/incident-forms";
import { SafeMarkdown as MarkdownView } from "@/components/safe-markdown";
import {
  addCorrectiveActionAction,
  addNoteAction,
  assignRoleAction,
  changePhaseAction,
  linkSellerAction,
  notifySellersAction,
  recordAmazonNotificationAction,
  setAmazonInvolvementAction,
  updateCorrectiveActionAction,
  updatePostMortemAction,
} from "../actions";
import { LocalTime } from "@/components/local-time";

export const metadata: Metadata = { title: "Incident" };

const BASE = "/admin/security/incidents";

const TIMELINE_KINDS: Record<IncidentTimelineKind, { label: string; icon: IconName; tone: BadgeTone }> = {
  CREATED: { label: "Opened", icon: "siren", tone: "brand" },
  PHASE_CHANGED: { label: "Phase", icon: "arrowRight", tone: "brand" },
  NOTE: { label: "Note", icon: "fileText", tone: "neutral" },
  ROLE_ASSIGNED: { label: "Role", icon: "users", tone: "info" },
  AMAZON_NOTIFIED: { label: "Amazon notified", icon: "mail", tone: "success" },
  DEADLINE_WARNING: { label: "Deadline warning", icon: "bell", tone: "warning" },
  DEADLINE_BREACHED: { label: "Deadline breached", icon: "alertTriangle", tone: "danger" },
  SELLER_LINKED: { label: "Seller linked", icon: "building", tone: "info" },
  SELLER_NOTIFIED: { label: "Sellers notified", icon: "mail", tone: "info" },
  ACTION_ADDED: { label: "Action added", icon: "clipboardCheck", tone: "neutral" },
  ACTION_UPDATED: { label: "Action updated", icon: "clipboardCheck", tone: "neutral" },
  POST_MORTEM_UPDATED: { label: "Post-mortem", icon: "fileText", tone: "neutral" },
  ALERT_LINKED: { label: "Alert linked", icon: "bell", tone: "warning" },
};

const ACTION_TONES = { OPEN: "warning", IN_PROGRESS: "info", DONE: "success" } as const;
const channelOptions = Object.entries(AMAZON_NOTIFICATION_CHANNELS).map(([value, label]) => ({ value, label }));
const statusOptions = Object.entries(ACTION_STATUS_LABELS).map(([value, label]) => ({ value, label }));

function PhaseStepper({ phase }: { phase: IncidentDetail["incident"]["phase"] }) {
  const current = phaseIndex(phase);
  return (
    <nav aria-label="Incident phases">
      <ol className="flex flex-wrap gap-x-1 gap-y-2">
        {PHASE_ORDER.map((step, index) => (
          <li key={step} aria-current={index === current ? "step" : undefined} className="flex items-center gap-1">
            <span
              className={cx(
                "inline-flex items-center gap-1.5 rounded-full px-3 py-1 text-xs font-medium ring-1 ring-inset",
                index < current && "bg-emerald-50 text-emerald-800 ring-emerald-300",
                index === current && "bg-slate-900 text-white ring-slate-900",
                index > current && "bg-white text-slate-600 ring-slate-300",
              )}
            >
              {index < current && <Icon name="checkCircle" className="size-3.5" />}
              {PHASE_LABELS[step]}
              {index < current && <span className="sr-only"> (done)</span>}
              {index === current && <span className="sr-only"> (current)</span>}
            </span>
            {index < PHASE_ORDER.length - 1 && <Icon name="chevronRight" className="size-4 text-slate-400" />}
          </li>
        ))}
      </ol>
    </nav>
  );
}

function AmazonClockCard({ detail, canManage, now }: { detail: IncidentDetail; canManage: boolean; now: Date }) {
  const { incident, deadline } = detail;
  const open = incident.phase !== "CLOSED";
  return (
    <Card
      id="amazon-clock"
      title="Amazon notification (24 hours)"
      description="Incidents involving Amazon Information must be reported to security@amazon.com within 24 hours of confirmation."
    >
      {deadline.status === "not-applicable" && (
        <div className="flex flex-wrap items-center justify-between gap-3">
          <p className="text-sm text-slate-700">This incident is not flagged as involving Amazon Information: no clock runs.</p>
          {canManage && open && <AmazonFlagForm action={setAmazonInvolvementAction} incidentId={incident.id} involves label="Flag as involving Amazon Information" />}
        </div>
      )}
      {deadline.status === "not-started" && (
        <div className="flex flex-wrap items-center justify-between gap-3">
          <p className="text-sm text-slate-700">
            <Badge tone="info">Involves Amazon Information</Badge> The 24-hour countdown starts when the incident is confirmed.
          </p>
          {canManage && open && <AmazonFlagForm action={setAmazonInvolvementAction} incidentId={incident.id} involves={false} label="Clear the flag" />}
        </div>
      )}
      {(deadline.status === "running" || deadline.status === "breached") && (
        <div className="grid gap-4">
          <AmazonCountdown status={deadline.status} deadlineAtIso={deadline.deadlineAt.toISOString()} serverNowIso={now.toISOString()} />
          {canManage && open && (
            <div>
              <AmazonNotificationDialog action={recordAmazonNotificationAction} incidentId={incident.id} channelOptions={channelOptions} />
            </div>
          )}
        </div>
      )}
      {deadline.status === "notified" && (
        <div className="grid gap-3">
          <AmazonCountdown status="notified" deadlineAtIso={deadline.deadlineAt.toISOString()} notifiedAtIso={deadline.notifiedAt.toISOString()} late={deadline.late} />
          <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-1 text-sm">
            <dt className="font-medium text-slate-700">Channel</dt>
            <dd>{amazonChannelLabel(incident.amazonNotificationChannel)}</dd>
            <dt className="font-medium text-slate-700">Reference</dt>
            <dd>{incident.amazonNotificationReference}</dd>
            <dt className="font-medium text-slate-700">Recorded by</dt>
            <dd>{incident.amazonNotifiedByName ?? "Unknown operator"}</dd>
          </dl>
        </div>
      )}
      {incident.deadlineBreachedAt && deadline.status === "notified" && (
        <p className="mt-3 text-sm text-red-800">The deadline was breached before the notification was recorded.</p>
      )}
    </Card>
  );
}

export default async function IncidentPage({
  params,
  searchParams,
}: {
  params: Promise<{ incidentId: string }>;
  searchParams: Promise<{ orgSearch?: string }>;
}) {
  const { incidentId } = await params;
  const actor = await requireRouteAccess(`${BASE}/${incidentId}`);
  if (!isUuid(incidentId)) notFound();
  const db = getPrisma();
  const now = new Date();
  const detail = await getIncidentDetail(db, incidentId, now);
  if (!detail) notFound();
  const { incident } = detail;
  const open = incident.phase !== "CLOSED";
  const canManage = can(actor, "incidents:manage") && open;
  // Linked alerts are named by their title; only alert handlers get the link (the alert page needs alerts:manage).
  const canOpenAlerts = can(actor, "alerts:manage");
  const operators = canManage ? (await listAssignableOperators(db)).map((operator) => ({ value: operator.id, label: operator.displayName })) : [];
  const orgSearch = (await searchParams).orgSearch?.slice(0, 100) ?? "";
  const linkedIds = new Set(detail.affectedSellers.map((seller) => seller.organizationId));
  const matches = canManage && orgSearch ? (await searchSellerOrganizations(db, orgSearch)).filter((org) => !linkedIds.has(org.id)) : [];
  const next = nextPhase(incident.phase);
  const previous = previousPhase(incident.phase);
  const blockers =
    next === "CLOSED"
      ? closeBlockers({
          actionStatuses: detail.actions.map((action) => action.status),
          postMortemMarkdown: incident.postMortemMarkdown,
          involvesAmazonInformation: incident.involvesAmazonInformation,
          amazonNotifiedAt: incident.amazonNotifiedAt,
        })
      : [];
  const pendingSellers = detail.affectedSellers.filter((seller) => seller.notifiedAt === null).length;

  const sellerColumns: DataTableColumn<IncidentDetail["affectedSellers"][number]>[] = [
    { key: "organization", header: "Seller", cell: (row) => <span className="font-medium text-slate-900">{row.legalName}</span> },
    { key: "linked", header: "Linked", cell: (row) => <LocalTime value={row.addedAt} empty="Never" /> },
    { key: "notified", header: "Notified", cell: (row) => (row.notifiedAt ? <LocalTime value={row.notifiedAt} empty="Never" /> : <Badge tone="warning">Not yet</Badge>) },
    {
      key: "emails",
      header: "E-mails",
      cell: (row) =>
        row.notifiedAt ? (
          <span>
            {row.emailsSent} sent{row.emailsFailed > 0 && <Badge tone="danger" className="ml-2">{row.emailsFailed} failed</Badge>}
          </span>
        ) : (
          "—"
        ),
    },
    {
      key: "acknowledged",
      header: "Acknowledged",
      cell: (row) =>
        row.noticeAcknowledgedAt ? <Badge tone="success"><LocalTime value={row.noticeAcknowledgedAt} empty="Never" /></Badge> : row.notifiedAt ? <Badge>Not yet</Badge> : "—",
    },
  ];

  const actionColumns: DataTableColumn<IncidentDetail["actions"][number]>[] = [
    { key: "title", header: "Action", cell: (row) => <span className="font-medium text-slate-900">{row.title}</span> },
    { key: "owner", header: "Owner", cell: (row) => row.ownerName },
    { key: "due", header: "Due", cell: (row) => row.dueDate.toISOString().slice(0, 10) },
    {
      key: "status",
      header: "Status",
      cell: (row) =>
        canManage ? (
          <div className="flex items-center gap-2">
            <Badge tone={ACTION_TONES[row.status]}>{ACTION_STATUS_LABELS[row.status]}</Badge>
            <ActionStatusForm
              action={updateCorrectiveActionAction}
              incidentId={incident.id}
              actionId={row.id}
              title={row.title}
              status={row.status}
              statusOptions={statusOptions}
            />
          </div>
        ) : (
          <Badge tone={ACTION_TONES[row.status]}>{ACTION_STATUS_LABELS[row.status]}</Badge>
        ),
    },
  ];

  return (
    <>
      <PageHeader
        eyebrow={
          <Link href={BASE} className="underline-offset-4 hover:underline">
            Incidents
          </Link>
        }
        title={`${incidentReference(incident.number)}: ${incident.title}`}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <SeverityBadge severity={incident.severity} />
            <PhaseBadge phase={incident.phase} />
            {incident.involvesAmazonInformation && <Badge tone="warning">Involves Amazon Information</Badge>}
            <span className="text-sm text-slate-600">
              Detected <LocalTime value={incident.detectedAt} empty="Never" />
              {incident.confirmedAt && ` · confirmed ${formatUtc(incident.confirmedAt)}`}
              {incident.closedAt && ` · closed ${formatUtc(incident.closedAt)}`}
            </span>
          </span>
        }
      />
      <div className="grid gap-6">
        <Card id="phase" title="Phase" description={incident.summary}>
          <div className="grid gap-4">
            <PhaseStepper phase={incident.phase} />
            {canManage && (next || previous) && (
              <PhaseControls
                action={changePhaseAction}
                incidentId={incident.id}
                nextPhase={next}
                nextLabel={next ? PHASE_LABELS[next] : null}
                previousPhase={previous}
                previousLabel={previous ? PHASE_LABELS[previous] : null}
                closeBlockers={blockers}
              />
            )}
          </div>
        </Card>

        <div className="grid gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
          <AmazonClockCard detail={detail} canManage={canManage} now={now} />
          <Card id="roles" title="Roles" description="Who runs this incident.">
            {canManage ? (
              <div className="grid gap-4">
                {INCIDENT_ROLES.map((role) => (
                  <RoleForm
                    key={role}
                    action={assignRoleAction}
                    incidentId={incident.id}
                    role={role}
                    label={ROLE_LABELS[role]}
                    currentUserId={detail.roles[role]?.userId ?? null}
                    operators={operators}
                  />
                ))}
              </div>
            ) : (
              <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 text-sm">
                {INCIDENT_ROLES.map((role) => (
                  <div key={role} className="contents">
                    <dt className="font-medium text-slate-700">{ROLE_LABELS[role]}</dt>
                    <dd>{detail.roles[role]?.name ?? "Unassigned"}</dd>
                  </div>
                ))}
              </dl>
            )}
          </Card>
        </div>

        <Card id="affected-sellers" title="Affected sellers" description="Seller organizations affected by this incident get a notice in their portal and an e-mail to each seller owner.">
          <div className="grid gap-6">
            <DataTable
              caption="Affected sellers"
              hideCaption
              columns={sellerColumns}
              rows={detail.affectedSellers}
              rowKey={(row) => row.organizationId}
              empty={<p className="p-4 text-sm text-slate-600">No seller linked. Search for an affected seller by legal name below.</p>}
            />
            {canManage && (
              <>
                <form method="get" action={`${BASE}/${incident.id}`} className="flex items-end gap-2" role="search">
                  <TextField
                    name="orgSearch"
                    label="Search sellers by legal name"
                    defaultValue={orgSearch}
                    minLength={2}
                    maxLength={100}
                    fieldClassName="max-w-md flex-1"
                  />
                  <Button type="submit" variant="secondary">
                    Search
                  </Button>
                </form>
                {orgSearch && (
                  <div aria-live="polite">
                    {matches.length === 0 ? (
                      <p className="text-sm text-slate-600">No unlinked seller matches “{orgSearch}”.</p>
                    ) : (
                      <ul className="divide-y divide-slate-200 rounded-md ring-1 ring-slate-200" aria-label="Matching sellers">
                        {matches.map((org) => (
                          <li key={org.id} className="flex items-center justify-between gap-3 px-3 py-2 text-sm">
                            <span>{org.legalName}</span>
                            <LinkSellerButton action={linkSellerAction} incidentId={incident.id} organizationId={org.id} legalName={org.legalName} />
                          </li>
                        ))}
                      </ul>
                    )}
                  </div>
                )}
                {detail.affectedSellers.length > 0 && (
                  <NotifySellersForm action={notifySellersAction} incidentId={incident.id} pendingCount={pendingSellers} />
                )}
              </>
            )}
          </div>
        </Card>

        <Card
          id="post-mortem"
          title="Post-mortem"
          description={incident.postMortemUpdatedAt ? `Last saved ${formatUtc(incident.postMortemUpdatedAt)}.` : "Required before the incident can close."}
        >
          {canManage ? (
            <PostMortemEditor action={updatePostMortemAction} incidentId={incident.id} markdown={incident.postMortemMarkdown ?? ""} editable />
          ) : incident.postMortemMarkdown ? (
            <MarkdownView markdown={incident.postMortemMarkdown} />
          ) : (
            <p className="text-sm text-slate-600">No post-mortem written.</p>
          )}
        </Card>

        <Card id="corrective-actions" title="Corrective actions" description="The incident cannot close while any action is open or in progress.">
          <div className="grid gap-6">
            <DataTable
              caption="Corrective actions"
              hideCaption
              columns={actionColumns}
              rows={detail.actions}
              rowKey={(row) => row.id}
              empty={<p className="p-4 text-sm text-slate-600">No corrective actions yet. Add what must change so this does not happen again.</p>}
            />
            {canManage && <AddCorrectiveActionForm action={addCorrectiveActionAction} incidentId={incident.id} operators={operators} />}
          </div>
        </Card>

        <Card id="timeline" title="Timeline" description="Newest first. Every change is recorded here and in the audit log.">
          <div className="grid gap-6">
            {canManage && <NoteForm action={addNoteAction} incidentId={incident.id} />}
            <ol className="grid gap-4" aria-label="Timeline entries">
              {detail.timeline.map((entry) => {
                const kind = TIMELINE_KINDS[entry.kind];
                return (
                  <li key={entry.id} className="flex gap-3">
                    <span className="mt-0.5 flex size-8 shrink-0 items-center justify-center rounded-full bg-slate-100 text-slate-700" aria-hidden="true">
                      <Icon name={kind.icon} className="size-4" />
                    </span>
                    <div className="min-w-0 flex-1">
                      <p className="flex flex-wrap items-center gap-2 text-xs text-slate-600">
                        <Badge tone={kind.tone}>{kind.label}</Badge>
                        <LocalTime value={entry.occurredAt} />
                        <span>{entry.authorName ?? "System"}</span>
                      </p>
                      {entry.alert?.title === null ? (
                        <p className="mt-1 text-sm text-slate-800">An alert that is no longer on record was linked.</p>
                      ) : entry.alert ? (
                        <p className="mt-1 text-sm text-slate-800">
                          Alert linked:{" "}
                          {canOpenAlerts ? (
                            <Link href={`/admin/security/alerts/${entry.alert.id}`} className="font-medium text-ember-800 underline underline-offset-4">
                              {entry.alert.title}
                            </Link>
                          ) : (
                            <span className="font-medium">{entry.alert.title}</span>
                          )}
                        </p>
                      ) : (
                        entry.body && <p className="mt-1 text-sm whitespace-pre-line text-slate-800">{entry.body}</p>
                      )}
                    </div>
                  </li>
                );
              })}
            </ol>
          </div>
        </Card>
      </div>
    </>
  );
}

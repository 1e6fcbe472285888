// Plain module (no I/O): the console overview's "Needs your attention" list,
// worded from the counts of ./needs-attention.ts. Counts in words ("1 open
// incident", "5 unacknowledged alerts"), nothing for a count of zero, each
// item linking to the screen where it is worked on. An empty list is the only
// time the overview may say "Nothing needs your attention".
import type { AlertSeverity, IncidentSeverity } from "@/lib/db/generated/enums";
import type { AmazonDeadlineState } from "@/lib/incidents/amazon-deadline";
import { ALERT_SEVERITY_LABELS } from "@/lib/alerts/labels";
import { deadlineTone } from "@/lib/security-dashboard/incident-urgency";
import { formatDay, formatDayWithRelative } from "@/lib/security-dashboard/format";
import { countInWords } from "@/lib/time/in-words";

/** The screens the items link to (the overview shows an item only to a role that may open its screen). */
export const NEEDS_ATTENTION_LINKS = {
  incidents: "/admin/security/incidents",
  alerts: "/admin/security/alerts",
  accessReviews: "/admin/security/access-reviews",
  logReviews: "/admin/security/log-reviews",
  runbook: "/admin/security/runbook",
  sellers: "/admin/sellers",
  operators: "/admin/operators",
} as const;

/** What needs attention, as ./needs-attention.ts counts it; a section the role may not open is absent. */
export interface NeedsAttention {
  incidents?: {
    openCount: number;
    /** Open incidents per severity (of the first 200, most urgent first: a bound, not a real limit). */
    bySeverity: Record<IncidentSeverity, number>;
    /** The most pressing running or breached Amazon clock, if any. */
    nearestDeadline: {
      id: string;
      number: number;
      title: string;
      involvesAmazonInformation: boolean;
      confirmedAt: Date | null;
      amazonNotifiedAt: Date | null;
      amazonClock: AmazonDeadlineState;
    } | null;
  };
  alerts?: { unacknowledged: Record<AlertSeverity, number> & { total: number } };
  accessReview?: {
    /** The open campaign due first, when it is past its due date. */
    overdueCampaign: { id: string; title: string; dueAt: Date; decided: number; total: number } | null;
    /** No campaign open and none started within the cadence (or none ever). */
    campaignDue: boolean;
    lastStartedAt: Date | null;
    cadenceDays: number;
  };
  logReviews?: { overdueCount: number; oldestOverdueDueAt: Date | null };
  runbook?: { overdue: boolean; lastReviewedAt: Date | null; nextDueAt: Date | null };
  failingSyncs?: { sellerCount: number; sellers: { organizationId: string; legalName: string }[] };
  operatorInvitations?: { pendingCount: number; nextExpiresAt: Date | null };
}

export type AttentionTone = "danger" | "warning" | "info";

export type AttentionItemKey =
  | "amazon-deadline"
  | "incidents"
  | "alerts"
  | "log-reviews"
  | "access-review"
  | "runbook"
  | "failing-syncs"
  | "operator-invitations";

export interface AttentionItem {
  key: AttentionItemKey;
  /** What needs attention, in words: the link's text. */
  title: string;
  detail: string | null;
  href: string;
  tone: AttentionTone;
  /** The Amazon clock of the deadline item, for a countdown that ticks (ISO strings: it crosses to the browser). */
  clock?: { involvesAmazonInformation: boolean; confirmedAt: string | null; amazonNotifiedAt: string | null };
}

const ALERT_RANK: readonly AlertSeverity[] = ["CRITICAL", "HIGH", "MEDIUM", "LOW"];
const INCIDENT_RANK: readonly IncidentSeverity[] = ["SEV1", "SEV2", "SEV3", "SEV4"];

/** "INC-7", as the incident screens write it. */
const incidentReference = (number: number) => `INC-${number}`;

/** "Acme, Borealis and 3 more" */
function namesWithRest(names: readonly string[], total: number): string {
  const rest = total - names.length;
  if (rest > 0) return `${names.join(", ")} and ${rest} more`;
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

/** The items of `summary` that need attention, most pressing first; [] when nothing does. */
export function attentionItems(summary: NeedsAttention, now: Date): AttentionItem[] {
  const items: AttentionItem[] = [];
  const { incidents, alerts, logReviews, accessReview, runbook, failingSyncs, operatorInvitations } = summary;

  const nearest = incidents?.nearestDeadline ?? null;
  if (nearest && (nearest.amazonClock.status === "running" || nearest.amazonClock.status === "breached")) {
    const breached = nearest.amazonClock.status === "breached";
    items.push({
      key: "amazon-deadline",
      title: `Notify Amazon about ${incidentReference(nearest.number)}: ${nearest.title}`,
      detail: breached
        ? "Amazon's 24-hour deadline has passed: notify Amazon now and record it on the incident."
        : "Amazon must be told within 24 hours of confirming an incident that involves Amazon Information.",
      href: `${NEEDS_ATTENTION_LINKS.incidents}/${nearest.id}`,
      tone: deadlineTone(nearest.amazonClock) === "red" ? "danger" : "warning",
      clock: {
        involvesAmazonInformation: nearest.involvesAmazonInformation,
        confirmedAt: nearest.confirmedAt?.toISOString() ?? null,
        amazonNotifiedAt: nearest.amazonNotifiedAt?.toISOString() ?? null,
      },
    });
  }

  if (incidents && incidents.openCount > 0) {
    const severities = INCIDENT_RANK.filter((severity) => incidents.bySeverity[severity] > 0);
    items.push({
      key: "incidents",
      title: countInWords(incidents.openCount, "open incident"),
      detail: severities.length > 0 ? severities.map((severity) => `${incidents.bySeverity[severity]} ${severity}`).join(", ") : null,
      href: NEEDS_ATTENTION_LINKS.incidents,
      tone: incidents.bySeverity.SEV1 + incidents.bySeverity.SEV2 > 0 ? "danger" : "warning",
    });
  }

  if (alerts && alerts.unacknowledged.total > 0) {
    const { unacknowledged } = alerts;
    items.push({
      key: "alerts",
      title: countInWords(unacknowledged.total, "unacknowledged alert"),
      detail: ALERT_RANK.filter((severity) => unacknowledged[severity] > 0)
        .map((severity) => `${unacknowledged[severity]} ${ALERT_SEVERITY_LABELS[severity].toLowerCase()}`)
        .join(", "),
      href: NEEDS_ATTENTION_LINKS.alerts,
      tone: unacknowledged.CRITICAL + unacknowledged.HIGH > 0 ? "danger" : "warning",
    });
  }

  if (logReviews && logReviews.overdueCount > 0) {
    items.push({
      key: "log-reviews",
      title: countInWords(logReviews.overdueCount, "overdue log review"),
      detail: logReviews.oldestOverdueDueAt ? `The oldest was due ${formatDay(logReviews.oldestOverdueDueAt)}.` : null,
      href: NEEDS_ATTENTION_LINKS.logReviews,
      tone: "danger",
    });
  }

  if (accessReview?.overdueCampaign) {
    const campaign = accessReview.overdueCampaign;
    items.push({
      key: "access-review",
      title: `Overdue access review: ${campaign.title}`,
      detail: `${campaign.decided} of ${countInWords(campaign.total, "decision")} made; it was due ${formatDay(campaign.dueAt)}.`,
      href: `${NEEDS_ATTENTION_LINKS.accessReviews}/${campaign.id}`,
      tone: "danger",
    });
  } else if (accessReview?.campaignDue) {
    const cadence = countInWords(accessReview.cadenceDays, "day");
    items.push({
      key: "access-review",
      title: "An access review is due",
      detail: accessReview.lastStartedAt
        ? `The last one started ${formatDay(accessReview.lastStartedAt)}; access is reviewed every ${cadence}.`
        : `None has been run yet; access is reviewed every ${cadence}.`,
      href: NEEDS_ATTENTION_LINKS.accessReviews,
      tone: "warning",
    });
  }

  if (runbook?.overdue) {
    items.push({
      key: "runbook",
      title: runbook.lastReviewedAt ? "The incident runbook review is overdue" : "The incident runbook has never been reviewed",
      detail: runbook.lastReviewedAt
        ? `Last reviewed ${formatDay(runbook.lastReviewedAt)}${runbook.nextDueAt ? `, due ${formatDay(runbook.nextDueAt)}` : ""}.`
        : "Read it through and sign off its review.",
      href: NEEDS_ATTENTION_LINKS.runbook,
      tone: "warning",
    });
  }

  if (failingSyncs && failingSyncs.sellerCount > 0) {
    const only = failingSyncs.sellerCount === 1 ? failingSyncs.sellers[0] : undefined;
    items.push({
      key: "failing-syncs",
      title: `${countInWords(failingSyncs.sellerCount, "seller")} whose Amazon sync is failing`,
      detail: namesWithRest(
        failingSyncs.sellers.map((seller) => seller.legalName),
        failingSyncs.sellerCount,
      ),
      href: only ? `${NEEDS_ATTENTION_LINKS.sellers}/${only.organizationId}` : NEEDS_ATTENTION_LINKS.sellers,
      tone: "warning",
    });
  }

  if (operatorInvitations && operatorInvitations.pendingCount > 0) {
    items.push({
      key: "operator-invitations",
      title: `${countInWords(operatorInvitations.pendingCount, "operator invitation")} not yet accepted`,
      detail: operatorInvitations.nextExpiresAt ? `The first expires ${formatDayWithRelative(operatorInvitations.nextExpiresAt, now)}.` : null,
      href: NEEDS_ATTENTION_LINKS.operators,
      tone: "info",
    });
  }

  return items;
}

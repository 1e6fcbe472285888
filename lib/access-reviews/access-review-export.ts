// Server-side only.
//
// The evidence of an access review campaign (A4, D3) as CSV: who reviewed
// what, the decision, the justification and when. The export itself is
// audited ("access_review.exported") before the file is handed out.
import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { isUuid } from "@/lib/validation/input";
import { DECISION_LABELS, SUBJECT_TYPE_LABELS, isoDate } from "./access-review-rules";
import { canManageAccessReviews, getAccessReviewCampaign, listAllAccessReviewItems, type CampaignProgress, type ReviewItemRow } from "./access-reviews";
import { csvDocument } from "@/lib/csv/csv";
import { NO_REQUEST } from "@/lib/http/request-context";
import type { RequestContext } from "@/lib/http/request-context";
import type { Db } from "@/lib/db/db";

export const ACCESS_REVIEW_CSV_HEADER = [
  "campaign",
  "campaign status",
  "subject type",
  "subject",
  "access",
  "role at start",
  "decision",
  "new role",
  "justification",
  "reviewer e-mail",
  "reviewed at",
] as const;

export function accessReviewCsv(campaign: Pick<CampaignProgress, "title" | "status">, items: readonly ReviewItemRow[]): string {
  return csvDocument(
    ACCESS_REVIEW_CSV_HEADER,
    items.map((item) => [
      campaign.title,
      campaign.status,
      SUBJECT_TYPE_LABELS[item.subjectType],
      item.subjectLabel,
      item.accessSummary,
      item.roleAtStart,
      item.decision ? DECISION_LABELS[item.decision] : "Undecided",
      item.newRole,
      item.justification,
      item.reviewerEmail ?? (item.reviewedByUserId ? `user ${item.reviewedByUserId}` : null),
      item.reviewedAt,
    ]),
    "every-cell",
  );
}

export type AccessReviewExport = { ok: true; filename: string; csv: string } | { ok: false; status: 403 | 404 };

/** The campaign's CSV and a file name, audited; refusals as an HTTP status for the route handler. */
export async function exportAccessReviewCampaign(
  db: Db,
  actor: Actor,
  campaignId: string,
  now: Date,
  request: RequestContext = NO_REQUEST,
): Promise<AccessReviewExport> {
  if (!canManageAccessReviews(actor)) return { ok: false, status: 403 };
  if (!isUuid(campaignId)) return { ok: false, status: 404 };
  const campaign = await getAccessReviewCampaign(db, campaignId, now);
  if (!campaign) return { ok: false, status: 404 };
  const items = await listAllAccessReviewItems(db, campaignId);
  await db.$transaction(async (tx) => {
    await recordAudit(tx, {
      action: "access_review.exported",
      result: "SUCCESS",
      actorUserId: actor.userId,
      targetType: "access_review_campaign",
      targetId: campaignId,
      ...request,
      details: { format: "csv", items: items.length, status: campaign.status },
    });
  });
  return { ok: true, filename: `access-review-${isoDate(campaign.startedAt)}-${campaign.id.slice(0, 8)}.csv`, csv: accessReviewCsv(campaign, items) };
}

import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireRouteAccess } from "@/lib/auth/authorize";
import { getPrisma } from "@/lib/db/client";
import { DECISION_LABELS, SUBJECT_TYPE_LABELS } from "@/lib/access-reviews/access-review-rules";
import { getAccessReviewCampaign, listAllAccessReviewItems } from "@/lib/access-reviews/access-reviews";
import { ROLE_SHORT_LABELS, formatUtc } from "@/lib/users/shared";
import { isUuid } from "@/lib/validation/input";
import { PrintButton } from "./print-button";

export const metadata: Metadata = { title: "Access review report" };

function roleLabel(role: string | null): string {
  if (!role) return "";
  return ROLE_SHORT_LABELS[role as keyof typeof ROLE_SHORT_LABELS] ?? role;
}

/** The completion report (evidence for A4/D3): who reviewed what, decisions, timestamps. Prints cleanly. */
export default async function AccessReviewReportPage({ params }: { params: Promise<{ campaignId: string }> }) {
  const { campaignId } = await params;
  await requireRouteAccess(`/admin/security/access-reviews/${campaignId}/report`);
  if (!isUuid(campaignId)) notFound();
  const db = getPrisma();
  const now = new Date();
  const campaign = await getAccessReviewCampaign(db, campaignId, now);
  if (!campaign) notFound();
  const items = await listAllAccessReviewItems(db, campaignId);
  const reviewers = [...new Set(items.map((item) => item.reviewerEmail).filter((email): email is string => email !== null))].sort();

  return (
    <article className="mx-auto grid max-w-5xl gap-6 text-slate-900 print:max-w-none print:gap-4 print:text-black">
      <div className="flex flex-wrap items-center justify-between gap-3 print:hidden">
        <Link href={`/admin/security/access-reviews/${campaign.id}`} className="text-sm font-medium text-ember-800 underline underline-offset-4">
          Back to the campaign
        </Link>
        <PrintButton />
      </div>
      <header className="border-b border-slate-300 pb-4">
        <p className="text-sm font-medium text-slate-600">FireFeed access review report (controls A4, D3)</p>
        <h1 className="mt-1 text-2xl font-semibold print:text-xl">{campaign.title}</h1>
        <dl className="mt-4 grid grid-cols-[auto_1fr] gap-x-6 gap-y-1 text-sm print:text-xs">
          <dt className="font-medium">Status</dt>
          <dd>{campaign.status === "COMPLETED" ? "Completed" : campaign.overdue ? "Open (overdue)" : "Open"}</dd>
          <dt className="font-medium">Started</dt>
          <dd>{formatUtc(campaign.startedAt)}</dd>
          <dt className="font-medium">Due</dt>
          <dd>{formatUtc(campaign.dueAt)}</dd>
          <dt className="font-medium">Completed</dt>
          <dd>{formatUtc(campaign.completedAt, "Not yet")}</dd>
          <dt className="font-medium">Items</dt>
          <dd>
            {campaign.total} reviewed subjects; {campaign.decided} decided ({campaign.kept} kept, {campaign.changed} changed, {campaign.revoked} revoked)
          </dd>
          <dt className="font-medium">Reviewers</dt>
          <dd>{reviewers.length > 0 ? reviewers.join(", ") : "None yet"}</dd>
          <dt className="font-medium">Generated</dt>
          <dd>{formatUtc(now)}</dd>
        </dl>
      </header>
      <table className="w-full border-collapse text-left text-sm print:text-xs">
        <caption className="sr-only">Decisions of {campaign.title}</caption>
        <thead>
          <tr className="border-b-2 border-slate-400">
            <th scope="col" className="py-2 pr-3 font-semibold">Subject</th>
            <th scope="col" className="py-2 pr-3 font-semibold">Access at start</th>
            <th scope="col" className="py-2 pr-3 font-semibold">Decision</th>
            <th scope="col" className="py-2 pr-3 font-semibold">Justification</th>
            <th scope="col" className="py-2 font-semibold">Reviewer, time</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.id} className="border-b border-slate-200 align-top break-inside-avoid">
              <td className="py-2 pr-3 break-words">
                {item.subjectLabel}
                <span className="block text-xs text-slate-600 print:text-black">{SUBJECT_TYPE_LABELS[item.subjectType]}</span>
              </td>
              <td className="py-2 pr-3 break-words">{item.accessSummary}</td>
              <td className="py-2 pr-3">
                {item.decision ? DECISION_LABELS[item.decision] : "Undecided"}
                {item.decision === "CHANGE" && item.newRole ? ` to ${roleLabel(item.newRole)}` : ""}
              </td>
              <td className="py-2 pr-3 break-words">{item.justification ?? ""}</td>
              <td className="py-2">
                {item.reviewerEmail ?? (item.reviewedByUserId ? "former reviewer" : "")}
                {item.reviewedAt && <span className="block text-xs text-slate-600 print:text-black">{formatUtc(item.reviewedAt)}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </article>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Alert } from "@/components/alert";
import { Badge } from "@/components/badge";
import { Card } from "@/components/card";
import { cx } from "@/components/class-names";
import { PageHeader } from "@/components/page-header";
import { requireRouteAccess } from "@/lib/auth/authorize";
import { getPrisma } from "@/lib/db/client";
import { DAY_MS } from "@/lib/time/clock";
import { getLogReview } from "@/lib/log-reviews/log-reviews";
import { formatUtc } from "@/lib/users/shared";
import { isUuid } from "@/lib/validation/input";
import { signOffLogReviewAction } from "../actions";
import { SignOffForm } from "./sign-off-form";
import { LocalTime } from "@/components/local-time";

export const metadata: Metadata = { title: "Log review" };

const SEVERITY_ORDER = ["CRITICAL", "HIGH", "MEDIUM", "LOW"] as const;
const STATUS_LABELS: Record<string, string> = { OPEN: "Open", ACKNOWLEDGED: "Acknowledged", ESCALATED: "Escalated", DISMISSED: "Dismissed" };

/** A link into the audit log viewer for one action over the review's week (its `to` is inclusive, so the Sunday). */
function auditHref(action: string, periodStart: Date, periodEnd: Date): string {
  const query = new URLSearchParams({
    action,
    from: periodStart.toISOString().slice(0, 10),
    to: new Date(periodEnd.getTime() - DAY_MS).toISOString().slice(0, 10),
  });
  return `/admin/security/audit?${query.toString()}`;
}

export default async function LogReviewPage({ params }: { params: Promise<{ reviewId: string }> }) {
  const { reviewId } = await params;
  await requireRouteAccess(`/admin/security/log-reviews/${reviewId}`);
  if (!isUuid(reviewId)) notFound();
  const now = new Date();
  const review = await getLogReview(getPrisma(), reviewId, now);
  if (!review) notFound();
  const { summary } = review;

  return (
    <>
      <PageHeader
        eyebrow={
          <Link href="/admin/security/log-reviews" className="underline-offset-4 hover:underline">
            Log reviews
          </Link>
        }
        title={`Log review: week ${review.periodLabel}`}
        description={`Monday ${formatUtc(review.periodStart)} to Monday ${formatUtc(review.periodEnd)} (exclusive). Due ${formatUtc(review.dueAt)}.`}
      />
      <div className="grid gap-6">
        {review.overdue && (
          <Alert tone="warning" title="This review is overdue" live="none">
            It was due <LocalTime value={review.dueAt} empty="Never" />. Read the summary and sign it off.
          </Alert>
        )}
        <Card
          title="Security-relevant events"
          description={review.summaryFrozen ? `As the reviewer saw them at sign-off (${formatUtc(new Date(summary.generatedAt))}).` : "Counted from the audit log for this week, as of now."}
          flush
        >
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Security-relevant events of the week</caption>
            <thead className="bg-slate-50">
              <tr>
                <th scope="col" className="px-4 py-3 text-xs font-semibold tracking-wide text-slate-600 uppercase">Category</th>
                <th scope="col" className="px-4 py-3 text-right text-xs font-semibold tracking-wide text-slate-600 uppercase">Events</th>
                <th scope="col" className="px-4 py-3 text-xs font-semibold tracking-wide text-slate-600 uppercase">In the audit log</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200">
              {summary.categories.map((category) => (
                <tr key={category.key}>
                  <th scope="row" className="px-4 py-3 font-medium text-slate-900">{category.label}</th>
                  <td className="px-4 py-3 text-right tabular-nums">{category.count}</td>
                  <td className="px-4 py-3">
                    <ul className="flex flex-wrap gap-x-4 gap-y-1">
                      {Object.entries(category.byAction).map(([action, count]) => (
                        <li key={action}>
                          <Link href={auditHref(action, review.periodStart, review.periodEnd)} className="text-ember-800 underline underline-offset-4">
                            {action}
                          </Link>{" "}
                          <span className="text-slate-600 tabular-nums">({count})</span>
                        </li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
        <Card title="Alerts raised this week" description={`${summary.alerts.total} in total.`}>
          <div className="grid gap-6 sm:grid-cols-2">
            <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 text-sm" aria-label="Alerts by severity">
              {SEVERITY_ORDER.map((severity) => (
                <div key={severity} className="contents">
                  <dt className="font-medium text-slate-700">{severity.charAt(0) + severity.slice(1).toLowerCase()}</dt>
                  <dd className="tabular-nums">{summary.alerts.bySeverity[severity] ?? 0}</dd>
                </div>
              ))}
            </dl>
            <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 text-sm" aria-label="Alerts by status">
              {Object.entries(STATUS_LABELS).map(([status, label]) => (
                <div key={status} className="contents">
                  <dt className="font-medium text-slate-700">{label}</dt>
                  <dd className="tabular-nums">{summary.alerts.byStatus[status] ?? 0}</dd>
                </div>
              ))}
            </dl>
          </div>
          <p className="mt-4 text-sm">
            <Link href="/admin/security/alerts" className="text-ember-800 underline underline-offset-4">
              Open the alerts inbox
            </Link>
          </p>
        </Card>
        <Card title="Sign-off">
          {review.status === "COMPLETED" && (
            <div className="grid gap-3 text-sm">
              <p>
                <Badge tone="success" dot>
                  Signed off
                </Badge>{" "}
                by {review.reviewerEmail ?? "a former reviewer"} on <LocalTime value={review.completedAt} empty="Never" />.
              </p>
              <div>
                <p className="font-medium text-slate-900">Notes</p>
                <p className="mt-1 whitespace-pre-wrap text-slate-700">{review.notes}</p>
              </div>
            </div>
          )}
          {/* Stays mounted (hidden) after the sign-off, so its result is still announced. */}
          <div className={cx(review.status === "COMPLETED" && "hidden")}>
            <SignOffForm action={signOffLogReviewAction} reviewId={review.id} />
          </div>
        </Card>
      </div>
    </>
  );
}

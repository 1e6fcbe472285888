import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { Alert } from "@/components/alert";
import { Badge } from "@/components/badge";
import { Card } from "@/components/card";
import { DataTable } from "@/components/data-table";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { requireRouteAccess } from "@/lib/auth/authorize";
import { getPrisma } from "@/lib/db/client";
import { ensureLogReviews, getLogReviewStatus, listLogReviews } from "@/lib/log-reviews/log-reviews";
import { getSecuritySettings } from "@/lib/security-settings/settings";
import { LocalTime } from "@/components/local-time";

export const metadata: Metadata = { title: "Log reviews" };

const PAGE_SIZE = 25;
const searchSchema = z.object({ page: z.coerce.number().int().min(1).max(10_000).optional().catch(undefined) });

export default async function AdminLogReviewsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireRouteAccess("/admin/security/log-reviews");
  const db = getPrisma();
  const now = new Date();
  // The task of the week that just ended appears here at once, not only at the next daily job run (idempotent).
  await ensureLogReviews(db, now);
  const { page: requestedPage } = searchSchema.parse(await searchParams);
  const [{ rows, totalCount, page }, status, settings] = await Promise.all([
    listLogReviews(db, now, { page: requestedPage, pageSize: PAGE_SIZE }),
    getLogReviewStatus(db, now),
    getSecuritySettings(db),
  ]);

  return (
    <>
      <PageHeader
        eyebrow="Security"
        title="Log reviews"
        description={`Each week (Monday to Sunday, UTC) a reviewer reads the security-relevant events and alerts and signs off with notes, within ${settings.reviewCadence.logReviewGraceDays} days after the week ends.`}
      />
      <div className="grid gap-6">
        {status.overdueCount > 0 && (
          <Alert tone="warning" title={status.overdueCount === 1 ? "1 log review is overdue" : `${status.overdueCount} log reviews are overdue`} live="none">
            Open the overdue week below, read its summary and sign it off.
          </Alert>
        )}
        <Card title="Schedule">
          <dl className="grid max-w-2xl grid-cols-[auto_1fr] gap-x-6 gap-y-2 text-sm">
            <dt className="font-medium text-slate-700">Next due</dt>
            <dd><LocalTime value={status.nextDueAt} empty="Never" /></dd>
            <dt className="font-medium text-slate-700">Last signed off</dt>
            <dd><LocalTime value={status.lastCompletedAt} empty="Never" /></dd>
          </dl>
        </Card>
        <Card title="Weekly reviews" flush>
          <DataTable
            caption="Weekly log reviews"
            hideCaption
            rows={rows}
            rowKey={(review) => review.id}
            pagination={{ page, pageSize: PAGE_SIZE, totalCount }}
            pageHref={(target) => `/admin/security/log-reviews?page=${target}`}
            columns={[
              {
                key: "period",
                header: "Week",
                cell: (review) => (
                  <Link href={`/admin/security/log-reviews/${review.id}`} className="font-medium text-ember-800 underline-offset-4 hover:underline">
                    {review.periodLabel}
                  </Link>
                ),
              },
              { key: "due", header: "Due", cell: (review) => <LocalTime value={review.dueAt} empty="Never" /> },
              {
                key: "status",
                header: "Status",
                cell: (review) =>
                  review.status === "COMPLETED" ? (
                    <Badge tone="success" dot>
                      Signed off
                    </Badge>
                  ) : review.overdue ? (
                    <Badge tone="danger" dot>
                      Overdue
                    </Badge>
                  ) : (
                    <Badge tone="info" dot>
                      Open
                    </Badge>
                  ),
              },
              { key: "reviewer", header: "Reviewer", cell: (review) => review.reviewerEmail ?? (review.reviewerUserId ? "Former reviewer" : "—") },
              { key: "completed", header: "Signed off", cell: (review) => <LocalTime value={review.completedAt} empty="—" /> },
            ]}
            empty={
              <EmptyState
                icon="search"
                title="No log reviews yet"
                description="The first task appears after the first full week (Monday to Sunday, UTC). Each week gets its own task."
                headingLevel={3}
              />
            }
          />
        </Card>
      </div>
    </>
  );
}

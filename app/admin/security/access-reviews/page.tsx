import type { Metadata } from "next";
import Link from "next/link";
import { Alert } from "@/components/alert";
import { Badge } from "@/components/badge";
import { Card } from "@/components/card";
import { DataTable } from "@/components/data-table";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { ConfirmActionButton } from "@/components/confirm-action-button";
import { requireRouteAccess } from "@/lib/auth/authorize";
import { getPrisma } from "@/lib/db/client";
import { ACCESS_REVIEW_DUE_DAYS } from "@/lib/access-reviews/access-review-rules";
import { getAccessReviewStatus, listAccessReviewCampaigns } from "@/lib/access-reviews/access-reviews";
import { getSecuritySettings } from "@/lib/security-settings/settings";
import { startAccessReviewAction } from "./actions";
import { CampaignProgress } from "./campaign-progress";
import { LocalTime } from "@/components/local-time";

export const metadata: Metadata = { title: "Access reviews" };

export default async function AdminAccessReviewsPage() {
  await requireRouteAccess("/admin/security/access-reviews");
  const db = getPrisma();
  const now = new Date();
  const [campaigns, status, settings] = await Promise.all([
    listAccessReviewCampaigns(db, now),
    getAccessReviewStatus(db, now),
    getSecuritySettings(db),
  ]);
  const open = status.openCampaign;

  return (
    <>
      <PageHeader
        eyebrow="Security"
        title="Access reviews"
        description={`Every ${settings.reviewCadence.accessReviewDays} days, every operator, every seller user who can see orders and every Amazon connection is re-approved. A revocation takes effect at once.`}
        actions={
          open ? undefined : (
            <ConfirmActionButton
              action={startAccessReviewAction}
              fields={{}}
              label="Start campaign"
              title="Start an access review campaign?"
              description={`It lists every account with access to Amazon Information or to this console as it is now. It is due in ${ACCESS_REVIEW_DUE_DAYS} days.`}
              confirmLabel="Start campaign"
              tone="primary"
              variant="primary"
              size="md"
            />
          )
        }
      />
      <div className="grid gap-6">
        {open?.overdue && (
          <Alert tone="warning" title="The open campaign is overdue" live="none">
            {open.title} was due <LocalTime value={open.dueAt} empty="Never" /> and {open.total - open.decided} items are still undecided.{" "}
            <Link href={`/admin/security/access-reviews/${open.id}`}>Review them now</Link>.
          </Alert>
        )}
        <Card title="Schedule" headingLevel={2}>
          <dl className="grid max-w-2xl grid-cols-[auto_1fr] gap-x-6 gap-y-2 text-sm">
            <dt className="font-medium text-slate-700">{open ? "Open campaign due" : "Next campaign starts"}</dt>
            <dd><LocalTime value={status.nextDueAt} empty="Never" /></dd>
            <dt className="font-medium text-slate-700">Last completed</dt>
            <dd><LocalTime value={status.lastCompletedAt} empty="Never" /></dd>
            <dt className="font-medium text-slate-700">Cadence</dt>
            <dd>Every {settings.reviewCadence.accessReviewDays} days, started automatically; {ACCESS_REVIEW_DUE_DAYS} days to complete</dd>
          </dl>
        </Card>
        <Card title="Campaigns" flush>
          <DataTable
            caption="Access review campaigns"
            hideCaption
            rows={campaigns}
            rowKey={(campaign) => campaign.id}
            columns={[
              {
                key: "title",
                header: "Campaign",
                cell: (campaign) => (
                  <Link href={`/admin/security/access-reviews/${campaign.id}`} className="font-medium text-ember-800 underline-offset-4 hover:underline">
                    {campaign.title}
                  </Link>
                ),
              },
              {
                key: "status",
                header: "Status",
                cell: (campaign) =>
                  campaign.status === "COMPLETED" ? (
                    <Badge tone="success" dot>
                      Completed
                    </Badge>
                  ) : campaign.overdue ? (
                    <Badge tone="danger" dot>
                      Overdue
                    </Badge>
                  ) : (
                    <Badge tone="info" dot>
                      Open
                    </Badge>
                  ),
              },
              {
                key: "progress",
                header: "Progress",
                cell: (campaign) => <CampaignProgress decided={campaign.decided} total={campaign.total} label={`Progress of ${campaign.title}`} />,
              },
              { key: "due", header: "Due", cell: (campaign) => <LocalTime value={campaign.dueAt} empty="Never" /> },
              { key: "completed", header: "Completed", cell: (campaign) => <LocalTime value={campaign.completedAt} empty="—" /> },
              {
                key: "revoked",
                header: "Revoked / changed",
                align: "right",
                cell: (campaign) => `${campaign.revoked} / ${campaign.changed}`,
              },
            ]}
            empty={
              <EmptyState
                icon="clipboardCheck"
                title="No access review campaigns yet"
                description="Start the first campaign: it lists every account with access to Amazon Information or to this console, for you to keep, change or revoke with a justification."
                headingLevel={3}
              />
            }
          />
        </Card>
      </div>
    </>
  );
}

import type { Metadata } from "next";
import { Badge } from "@/components/badge";
import { Card } from "@/components/card";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { requireRouteAccess } from "@/lib/auth/authorize";
import { getPrisma } from "@/lib/db/client";
import { listSellerNotices } from "@/lib/incidents/seller-notices";
import { AcknowledgeButton } from "./acknowledge-button";
import { LocalTime } from "@/components/local-time";

export const metadata: Metadata = { title: "Security notices" };

export default async function SellerNoticesPage() {
  const actor = await requireRouteAccess("/seller/notices");
  // The tenant boundary: only the signed-in seller's own organization (style principle 3).
  const notices = actor.organizationId ? await listSellerNotices(getPrisma(), actor.organizationId) : [];

  return (
    <>
      <PageHeader title="Security notices" description="Notices from FireFeed's security team about incidents that affect your organization." />
      {notices.length === 0 ? (
        <EmptyState
          icon="shield"
          title="No security notices"
          description="If a security incident ever affects your organization, FireFeed posts a notice here and e-mails your account owners."
        />
      ) : (
        <ol className="grid gap-4" aria-label="Security notices">
          {notices.map((notice) => (
            <li key={notice.id}>
              <Card
                id={`notice-${notice.id}`}
                title={notice.title}
                headingLevel={2}
                description={<time dateTime={notice.createdAt.toISOString()}>Posted <LocalTime value={notice.createdAt} empty="Never" /></time>}
                actions={
                  notice.acknowledgedAt ? (
                    <Badge tone="success">Acknowledged <LocalTime value={notice.acknowledgedAt} empty="Never" /></Badge>
                  ) : (
                    <AcknowledgeButton noticeId={notice.id} title={notice.title} />
                  )
                }
              >
                <p className="text-sm whitespace-pre-line text-slate-800">{notice.body}</p>
              </Card>
            </li>
          ))}
        </ol>
      )}
    </>
  );
}

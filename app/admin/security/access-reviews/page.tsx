import type { Metadata } from "next";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { requireRouteAccess } from "@/lib/auth/authorize";

export const metadata: Metadata = { title: "Access reviews" };

export default async function AdminAccessReviewsPage() {
  await requireRouteAccess("/admin/security/access-reviews");
  return (
    <>
      <PageHeader eyebrow="Security" title="Access reviews" description="Periodic confirmation of who has access to what." />
      <EmptyState
        icon="clipboardCheck"
        title="No access review campaigns"
        description="Review campaigns run every 90 days: reviewers confirm or revoke each person's access, and a revocation ends that person's sessions at once. Campaigns and their progress will be listed here."
      />
    </>
  );
}

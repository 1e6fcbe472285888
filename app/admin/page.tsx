import type { Metadata } from "next";
import { ButtonLink } from "@/components/button";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { requireRouteAccess } from "@/lib/auth/authorize";
import { mayOpen } from "@/lib/rbac/navigation";

export const metadata: Metadata = { title: "Operator console" };

export default async function AdminOverviewPage() {
  const actor = await requireRouteAccess("/admin");
  return (
    <>
      <PageHeader title="Overview" description="The operator console: sellers, operators and security." />
      <EmptyState
        icon="inbox"
        title="Nothing needs your attention"
        description="New seller sign-ups, Amazon connection problems and open security items will be summarised here. Check the security dashboard for alerts and incidents."
        action={mayOpen("/admin/security", actor.role) ? <ButtonLink href="/admin/security">Open the security dashboard</ButtonLink> : undefined}
      />
    </>
  );
}

import type { Metadata } from "next";
import { ButtonLink } from "@/components/button";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { requireRouteAccess } from "@/lib/auth/authorize";

export const metadata: Metadata = { title: "Orders" };

export default async function SellerOrdersPage() {
  await requireRouteAccess("/seller/orders");
  return (
    <>
      <PageHeader title="Orders" description="The orders FireFeed processes for your Amazon store." />
      <EmptyState
        icon="package"
        title="No orders yet"
        description="Orders appear here once your Amazon account is connected and the first sync has run. Buyer details stay masked; revealing them needs a reason and is recorded."
        action={<ButtonLink href="/seller/amazon">Connect your Amazon account</ButtonLink>}
      />
    </>
  );
}

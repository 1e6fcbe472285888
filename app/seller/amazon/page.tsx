import type { Metadata } from "next";
import { ButtonLink } from "@/components/button";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { requireRouteAccess } from "@/lib/auth/authorize";

export const metadata: Metadata = { title: "Amazon connection" };

export default async function SellerAmazonPage() {
  await requireRouteAccess("/seller/amazon");
  return (
    <>
      <PageHeader title="Amazon connection" description="Authorize FireFeed to read your orders through Amazon's Selling Partner API." />
      <EmptyState
        icon="link"
        title="Amazon is not connected"
        description="You will connect here through Amazon's own consent screen, and see the connection's health and last sync. You can disconnect at any time; we then delete your Amazon data. Connecting opens in an upcoming release: meanwhile, read how we handle Amazon data."
        action={<ButtonLink href="/security#amazon-data" variant="secondary">How we handle Amazon data</ButtonLink>}
      />
    </>
  );
}

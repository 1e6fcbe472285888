import type { Metadata } from "next";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { requireRouteAccess } from "@/lib/auth/authorize";

export const metadata: Metadata = { title: "Sellers" };

export default async function AdminSellersPage() {
  await requireRouteAccess("/admin/sellers");
  return (
    <>
      <PageHeader title="Sellers" description="Seller organizations and the health of their Amazon connections." />
      <EmptyState
        icon="building"
        title="No sellers yet"
        description="Seller organizations appear here as they sign up, with their Amazon connection health, so you can help them without seeing buyer personal information. Share the sign-up link with a seller to get started."
      />
    </>
  );
}

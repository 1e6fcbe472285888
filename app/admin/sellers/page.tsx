import type { Metadata } from "next";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { requireAreaAccess } from "@/lib/auth/require-area-access";

export const metadata: Metadata = { title: "Sellers" };

export default async function AdminSellersPage() {
  await requireAreaAccess("admin");
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

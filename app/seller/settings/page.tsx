import type { Metadata } from "next";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { requireAreaAccess } from "@/lib/auth/require-area-access";

export const metadata: Metadata = { title: "Settings" };

export default async function SellerSettingsPage() {
  await requireAreaAccess("seller");
  return (
    <>
      <PageHeader title="Settings" description="Your organization's details and security settings." />
      <EmptyState
        icon="settings"
        title="Nothing to configure yet"
        description="Your organization's details, data retention period and sign-in security settings will be managed here once your organization is set up."
      />
    </>
  );
}

import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { AccountSettings } from "@/components/identity/account-settings";
import { accountSettingsActions } from "./account-settings-actions";
import { requirePermission } from "@/lib/auth/authorize";

export const metadata: Metadata = { title: "Settings" };

export default async function SellerSettingsPage() {
  // The seller area gate first (an operator also holds account:manage-self), then the page's own permission.
  await requirePermission("seller:view");
  const actor = await requirePermission("account:manage-self");
  return (
    <>
      <PageHeader title="Settings" description="Your profile, password, two-step verification and sessions." />
      <AccountSettings actor={actor} actions={accountSettingsActions} />
    </>
  );
}

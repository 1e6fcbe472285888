import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { AccountSettings } from "@/components/identity/account-settings";
import { accountSettingsActions } from "@/app/seller/settings/account-settings-actions";
import { requirePermission } from "@/lib/auth/authorize";

export const metadata: Metadata = { title: "My account" };

export default async function AdminAccountPage() {
  await requirePermission("admin:access");
  const actor = await requirePermission("account:manage-self");
  return (
    <>
      <PageHeader title="My account" description="Your profile, password, two-step verification and sessions." />
      <AccountSettings actor={actor} actions={accountSettingsActions} />
    </>
  );
}

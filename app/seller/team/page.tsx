import type { Metadata } from "next";
import { ButtonLink } from "@/components/button";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { requireAreaAccess } from "@/lib/auth/require-area-access";

export const metadata: Metadata = { title: "Team" };

export default async function SellerTeamPage() {
  await requireAreaAccess("seller");
  return (
    <>
      <PageHeader title="Team" description="Who in your organization can use FireFeed Portal, and with which role." />
      <EmptyState
        icon="users"
        title="It is just you for now"
        description="Your colleagues and their roles will be listed here. Invite each person with their own account: anyone who can see orders must use multi-factor authentication. You will also be able to end their sessions here."
        action={<ButtonLink href="/security#access-control" variant="secondary">How access control works</ButtonLink>}
      />
    </>
  );
}

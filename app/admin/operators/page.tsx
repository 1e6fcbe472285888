import type { Metadata } from "next";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { requireAreaAccess } from "@/lib/auth/require-area-access";

export const metadata: Metadata = { title: "Operators" };

export default async function AdminOperatorsPage() {
  await requireAreaAccess("admin");
  return (
    <>
      <PageHeader title="Operators" description="FireFeed staff with access to this console, and their roles." />
      <EmptyState
        icon="users"
        title="No operators invited yet"
        description="Operators you invite will be listed here with their role, multi-factor status and last sign-in. Each operator gets an individual account by invitation; generic mailboxes are refused."
      />
    </>
  );
}

import type { Metadata } from "next";
import { ButtonLink } from "@/components/button";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { requireRouteAccess } from "@/lib/auth/authorize";

export const metadata: Metadata = { title: "Audit log" };

export default async function AdminAuditLogPage() {
  await requireRouteAccess("/admin/security/audit");
  return (
    <>
      <PageHeader eyebrow="Security" title="Audit log" description="Append-only, hash-chained record of access and changes." />
      <EmptyState
        icon="fileText"
        title="No audit events to show"
        description="Sign-ins, failed attempts, multi-factor events, role changes, reveals of buyer details and key or backup operations will appear here, newest first, with filters by actor, action and date."
        action={<ButtonLink href="/admin/security" variant="secondary">Back to the security dashboard</ButtonLink>}
      />
    </>
  );
}

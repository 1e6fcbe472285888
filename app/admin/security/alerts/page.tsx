import type { Metadata } from "next";
import { ButtonLink } from "@/components/button";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { requireRouteAccess } from "@/lib/auth/authorize";

export const metadata: Metadata = { title: "Alerts" };

export default async function AdminAlertsPage() {
  await requireRouteAccess("/admin/security/alerts");
  return (
    <>
      <PageHeader eyebrow="Security" title="Alerts" description="Signals from the detection rules, for triage." />
      <EmptyState
        icon="bell"
        title="No open alerts"
        description="Alerts from the detection rules land here: bursts of failed sign-ins, lockouts, multi-factor failures, operators on a new network, role, key or setting changes and unusual access to buyer data. Acknowledge each one or open an incident from it."
        action={<ButtonLink href="/admin/security" variant="secondary">Back to the security dashboard</ButtonLink>}
      />
    </>
  );
}

import type { Metadata } from "next";
import { ButtonLink } from "@/components/button";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { requireRouteAccess } from "@/lib/auth/authorize";

export const metadata: Metadata = { title: "Incidents" };

export default async function AdminIncidentsPage() {
  await requireRouteAccess("/admin/security/incidents");
  return (
    <>
      <PageHeader eyebrow="Security" title="Incidents" description="Security incidents from detection to post-mortem." />
      <EmptyState
        icon="siren"
        title="No incidents"
        description="Incidents will be tracked here through detection, containment, analysis, recovery and post-mortem, with their commander, communications lead and scribe. An incident involving Amazon information shows the 24-hour countdown to notify Amazon."
        action={<ButtonLink href="/admin/security/alerts" variant="secondary">Review open alerts</ButtonLink>}
      />
    </>
  );
}

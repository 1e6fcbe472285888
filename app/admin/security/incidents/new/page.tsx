import type { Metadata } from "next";
import Link from "next/link";
import { Card } from "@/components/card";
import { PageHeader } from "@/components/page-header";
import { requirePermission, requireRouteAccess } from "@/lib/auth/authorize";
import { SEVERITIES, SEVERITY_LABELS } from "@/lib/incidents/phases";
import { NewIncidentForm } from "../_components/incident-forms";
import { createIncidentAction } from "../actions";

export const metadata: Metadata = { title: "New incident" };

const severityOptions = SEVERITIES.map((severity) => ({ value: severity, label: SEVERITY_LABELS[severity] }));

export default async function NewIncidentPage() {
  await requireRouteAccess("/admin/security/incidents/new");
  await requirePermission("incidents:manage");
  return (
    <>
      <PageHeader
        eyebrow={
          <Link href="/admin/security/incidents" className="underline-offset-4 hover:underline">
            Incidents
          </Link>
        }
        title="New incident"
        description="Open an incident from scratch. It starts in Detection; confirming it starts Amazon's 24-hour clock when it involves Amazon Information."
      />
      <Card>
        <NewIncidentForm action={createIncidentAction} severityOptions={severityOptions} />
      </Card>
    </>
  );
}

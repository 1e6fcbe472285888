import type { Metadata } from "next";
import { Alert } from "@/components/alert";
import { Card } from "@/components/card";
import { PageHeader } from "@/components/page-header";
import { can, requireRouteAccess } from "@/lib/auth/authorize";
import { getPrisma } from "@/lib/db/client";
import type { Permission } from "@/lib/rbac/permissions";
import { getSecuritySettings, type SecuritySettingKey } from "@/lib/security-settings/settings";
import { updateAlertRulesAction, updateIncidentContactAction, updateReviewCadenceAction, updateWorkingHoursAction } from "./actions";
import { lastSettingChanges, type SettingChange } from "./last-changes";
import { AlertRulesForm, IncidentContactForm, ReviewCadenceForm, WorkingHoursForm } from "./settings-forms";
import { LocalTime } from "@/components/local-time";

export const metadata: Metadata = { title: "Security settings" };

function timeZoneOptions(current: string): string[] {
  const zones = new Set(Intl.supportedValuesOf("timeZone"));
  zones.add("UTC");
  zones.add(current);
  return [...zones].sort((a, b) => (a === "UTC" ? -1 : b === "UTC" ? 1 : a.localeCompare(b)));
}

function LastChanged({ change }: { change: SettingChange | undefined }) {
  if (!change) return <>Never changed: the defaults apply.</>;
  return (
    <>
      Last changed <LocalTime value={change.updatedAt} empty="Never" /> by {change.updatedBy ?? "an unknown account"}.
    </>
  );
}

function NotYours({ permission }: { permission: Permission }) {
  return (
    <Alert tone="info" live="none">
      Only people with the {permission} permission can change these settings.
    </Alert>
  );
}

export default async function SecuritySettingsPage() {
  const actor = await requireRouteAccess("/admin/security/settings");
  const db = getPrisma();
  const [settings, changes] = await Promise.all([getSecuritySettings(db), lastSettingChanges(db)]);
  const footer = (key: SecuritySettingKey) => (
    <p className="text-sm text-slate-600">
      <LastChanged change={changes[key]} /> Every change is recorded in the audit log.
    </p>
  );

  return (
    <>
      <PageHeader
        eyebrow="Security"
        title="Security settings"
        description="Thresholds of the alert rules, the working hours that define off-hours access, the incident management point of contact and how often reviews fall due."
      />
      <div className="grid gap-6">
        <Card
          id="alert-rules"
          title="Alert rules"
          description="An alert is raised when at least the given number of events happen within the window."
          footer={footer("alert_rules")}
        >
          {can(actor, "alerts:manage") ? (
            <AlertRulesForm action={updateAlertRulesAction} initial={settings.alertRules} />
          ) : (
            <NotYours permission="alerts:manage" />
          )}
        </Card>
        <Card
          id="working-hours"
          title="Working hours"
          description="Bulk operations (exports, many reveals) outside these hours raise an alert."
          footer={footer("working_hours")}
        >
          {can(actor, "alerts:manage") ? (
            <WorkingHoursForm action={updateWorkingHoursAction} initial={settings.workingHours} timeZones={timeZoneOptions(settings.workingHours.timeZone)} />
          ) : (
            <NotYours permission="alerts:manage" />
          )}
        </Card>
        <Card
          id="incident-contact"
          title="Incident contact"
          description="The named incident management point of contact, shown in the runbook and given to Amazon."
          footer={footer("incident_contact")}
        >
          {can(actor, "incidents:manage") ? (
            <IncidentContactForm action={updateIncidentContactAction} initial={settings.incidentContact} />
          ) : (
            <NotYours permission="incidents:manage" />
          )}
        </Card>
        <Card
          id="review-cadence"
          title="Review cadences"
          description="How often access reviews, runbook reviews and weekly log reviews fall due."
          footer={footer("review_cadence")}
        >
          {can(actor, "access-reviews:manage") ? (
            <ReviewCadenceForm action={updateReviewCadenceAction} initial={settings.reviewCadence} />
          ) : (
            <NotYours permission="access-reviews:manage" />
          )}
        </Card>
      </div>
    </>
  );
}

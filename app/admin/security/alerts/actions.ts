"use server";
// The alert inbox's actions (L3). alerts:manage for all; escalation also needs
// incidents:manage (it opens an incident). Each lib function commits the
// change with its audit row.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { displayedName, uuidField } from "@/lib/validation/input";
import { acknowledgeAlert, dismissAlert, escalateAlert, type AlertActor } from "@/lib/alerts/alert-actions";
import { evaluateAlerts } from "@/lib/alerts/evaluator";
import { evaluationOptionsFromEnv } from "@/lib/alerts/jobs";
import { can } from "@/lib/auth/authorize";
import { NOT_ALLOWED_MESSAGE, defineAction } from "@/lib/auth/define-action";
import type { Actor } from "@/lib/auth/actor";
import { getPrisma } from "@/lib/db/client";
import { IncidentSeverity } from "@/lib/db/generated/enums";
import { reasonSchema } from "@/lib/users/shared";
import type { RequestContext } from "@/lib/http/request-context";

const alertIdField = uuidField("This alert was not found.");

function alertActor(actor: Actor, request: RequestContext): AlertActor {
  return { userId: actor.userId, label: actor.email, ...request };
}

function refresh(alertId?: string): void {
  revalidatePath("/admin/security/alerts");
  revalidatePath("/admin/security");
  if (alertId) revalidatePath(`/admin/security/alerts/${alertId}`);
}

/** "Check for new alerts": one bounded evaluation run now instead of waiting for the scheduler. */
export const checkForAlertsAction = defineAction({
  name: "alerts.check",
  access: { permission: "alerts:manage" },
  input: z.object({}),
  handler: async () => {
    const result = await evaluateAlerts(getPrisma(), { ...evaluationOptionsFromEnv(), maxBatches: 10, waitForLock: false });
    refresh();
    if (result.skipped === "busy") return { ok: true, message: "Another check is running; new alerts will appear in a moment." };
    const found = result.alertsCreated;
    const message =
      found === 0 && result.alertsUpdated === 0
        ? "No new alerts."
        : `${found} new alert${found === 1 ? "" : "s"}${result.alertsUpdated > 0 ? `, ${result.alertsUpdated} repeat${result.alertsUpdated === 1 ? "" : "s"} grouped` : ""}.`;
    return { ok: true, message: result.caughtUp ? message : `${message} More events are waiting; check again.` };
  },
});

export const acknowledgeAlertAction = defineAction({
  name: "alerts.acknowledge",
  access: { permission: "alerts:manage" },
  input: z.object({ alertId: alertIdField }),
  handler: async (input, { actor, request }) => {
    const result = await acknowledgeAlert(getPrisma(), input.alertId, alertActor(actor, request), new Date());
    if (!result.ok) return result;
    refresh(input.alertId);
    return { ok: true, message: "Alert acknowledged." };
  },
});

export const dismissAlertAction = defineAction({
  name: "alerts.dismiss",
  access: { permission: "alerts:manage" },
  input: z.object({ alertId: alertIdField, reason: reasonSchema }),
  handler: async (input, { actor, request }) => {
    const result = await dismissAlert(getPrisma(), input.alertId, input.reason, alertActor(actor, request), new Date());
    if (!result.ok) return result;
    refresh(input.alertId);
    return { ok: true, message: "Alert dismissed." };
  },
});

export const escalateAlertAction = defineAction({
  name: "alerts.escalate",
  access: { permission: "alerts:manage" },
  input: z.object({
    alertId: alertIdField,
    title: displayedName({ min: 3, max: 200, minMessage: "Give the incident a title of at least 3 characters.", maxMessage: "Keep the title under 200 characters." }),
    severity: z.enum(Object.values(IncidentSeverity) as [IncidentSeverity, ...IncidentSeverity[]], "Choose a severity."),
    // An unchecked checkbox sends nothing.
    involvesAmazonInformation: z
      .literal("on")
      .optional()
      .transform((value) => value === "on"),
  }),
  handler: async (input, { actor, request }) => {
    if (!can(actor, "incidents:manage")) return { ok: false, error: NOT_ALLOWED_MESSAGE };
    const result = await escalateAlert(
      getPrisma(),
      input.alertId,
      { title: input.title, severity: input.severity, involvesAmazonInformation: input.involvesAmazonInformation },
      alertActor(actor, request),
      new Date(),
    );
    if (!result.ok) return result;
    refresh(input.alertId);
    revalidatePath("/admin/security/incidents");
    redirect(`/admin/security/incidents/${result.data.incidentId}`);
  },
});

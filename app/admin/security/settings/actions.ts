"use server";
// Security settings (issue 5): one action per settings group, each with the
// permission of the people who own that group: alert rules and working hours
// (alerts:manage), the incident contact (incidents:manage), review cadences
// (access-reviews:manage). Step-up: these settings decide what gets detected
// and when reviews fall due, so a stolen session must not quietly weaken them.
// updateSecuritySetting validates again, stores and audits (settings.changed).
import type { RequestContext } from "@/lib/http/request-context";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { INVALID_INPUT_MESSAGE, defineAction, type ActionResult } from "@/lib/auth/define-action";
import type { Actor } from "@/lib/auth/actor";
import { getPrisma } from "@/lib/db/client";
import { updateSecuritySetting, type SecuritySettingKey } from "@/lib/security-settings/settings";
import {
  alertRulesFromForm,
  incidentContactFromForm,
  reviewCadenceFromForm,
  settingFieldErrors,
  workingHoursFromForm,
  type FormFields,
} from "./settings-form-input";

// The form as sent; the shape of each group is checked by its settings schema.
const formFields = z.record(z.string().max(100), z.union([z.string().max(500), z.array(z.string().max(500)).max(20)]));

async function saveSetting(
  key: SecuritySettingKey,
  candidate: unknown,
  actor: Actor,
  request: RequestContext,
  message: string,
): Promise<ActionResult> {
  const fieldErrors = settingFieldErrors(key, candidate);
  if (fieldErrors) return { ok: false, error: INVALID_INPUT_MESSAGE, fieldErrors };
  const result = await updateSecuritySetting(getPrisma(), key, candidate, { userId: actor.userId, label: actor.email, ...request });
  if (!result.ok) return { ok: false, error: INVALID_INPUT_MESSAGE, fieldErrors: result.fieldErrors };
  revalidatePath("/admin/security/settings");
  revalidatePath("/admin/security");
  return { ok: true, message };
}

export const updateAlertRulesAction = defineAction({
  name: "security-settings.update-alert-rules",
  access: { permission: "alerts:manage", stepUp: true },
  input: formFields,
  handler: (fields, { actor, request }) =>
    saveSetting("alert_rules", alertRulesFromForm(fields as FormFields), actor, request, "Alert rules saved."),
});

export const updateWorkingHoursAction = defineAction({
  name: "security-settings.update-working-hours",
  access: { permission: "alerts:manage", stepUp: true },
  input: formFields,
  handler: (fields, { actor, request }) =>
    saveSetting("working_hours", workingHoursFromForm(fields as FormFields), actor, request, "Working hours saved."),
});

export const updateIncidentContactAction = defineAction({
  name: "security-settings.update-incident-contact",
  access: { permission: "incidents:manage", stepUp: true },
  input: formFields,
  handler: (fields, { actor, request }) =>
    saveSetting("incident_contact", incidentContactFromForm(fields as FormFields), actor, request, "Incident contact saved."),
});

export const updateReviewCadenceAction = defineAction({
  name: "security-settings.update-review-cadence",
  access: { permission: "access-reviews:manage", stepUp: true },
  input: formFields,
  handler: (fields, { actor, request }) =>
    saveSetting("review_cadence", reviewCadenceFromForm(fields as FormFields), actor, request, "Review cadences saved."),
});

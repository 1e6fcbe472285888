// Changes to who can do what, and to the security settings themselves: role
// changes, operator invitations, MFA resets, (re)activations, and security
// setting changes (turning detection down is exactly what an intruder would
// do). Every such change raises or joins an alert; severity by kind. Grouped
// per kind and per person making the change, so a spree is one alert.
//
// Key rotation: the audit log has no key-rotation action yet (R5 is planned);
// when one is added to AuditAction, list it here with its severity.
import type { AuditAction } from "@/lib/audit/record-audit";
import type { AlertSeverity } from "@/lib/db/generated/enums";
import { roleSchema } from "@/lib/rbac/roles";
import type { SecuritySettingKey } from "@/lib/security-settings/settings";
import { ROLE_SHORT_LABELS } from "@/lib/users/shared";
import { detailString, type AlertAuditEvent, type AlertRule } from "../types";

const isOperatorRole = (role: string | null) => role !== null && role.startsWith("OPERATOR_");

/** "Security analyst" for OPERATOR_SECURITY_ANALYST; a value that is no role stays as recorded. */
function roleName(role: string): string {
  const parsed = roleSchema.safeParse(role);
  return parsed.success ? ROLE_SHORT_LABELS[parsed.data] : role;
}

/** The settings groups as the settings screen titles them. */
const SETTING_NAMES: Readonly<Record<SecuritySettingKey, string>> = {
  alert_rules: "Alert rules",
  working_hours: "Working hours",
  incident_contact: "Incident contact",
  review_cadence: "Review cadences",
};

const settingName = (setting: string) => SETTING_NAMES[setting as SecuritySettingKey] ?? setting;

/** Settings whose change weakens or redirects detection itself. */
const DETECTION_SETTINGS = new Set(["alert_rules", "working_hours"]);

interface ChangeKind {
  severity: AlertSeverity;
  title: string;
  summary: string;
  /** The account the change is about, when it is an account. */
  subjectUserId: string | null;
}

function classify(event: AlertAuditEvent): ChangeKind | null {
  const target = event.targetType === "user" ? event.targetId : null;
  switch (event.action as AuditAction) {
    case "user.role_changed": {
      const from = detailString(event, "from");
      const to = detailString(event, "to");
      const toAdmin = to === "OPERATOR_ADMIN";
      const operator = isOperatorRole(from) || isOperatorRole(to);
      return {
        severity: toAdmin ? "CRITICAL" : operator ? "HIGH" : "LOW",
        title: toAdmin ? "Administrator role granted" : operator ? "Operator role changed" : "Seller role changed",
        summary: `A role was changed${from && to ? ` from ${roleName(from)} to ${roleName(to)}` : ""}.`,
        subjectUserId: target,
      };
    }
    case "user.invited": {
      if (detailString(event, "kind") !== "OPERATOR") return null; // sellers inviting their own team is routine
      const role = detailString(event, "role");
      return {
        severity: role === "OPERATOR_ADMIN" ? "HIGH" : "MEDIUM",
        title: "Operator invited",
        summary: `An operator account was invited${role ? ` with the role ${roleName(role)}` : ""}.`,
        subjectUserId: null,
      };
    }
    case "auth.mfa_reset":
      return { severity: "HIGH", title: "Two-step verification reset", summary: "An account's two-step verification was reset by an administrator.", subjectUserId: target };
    case "user.deactivated":
      return { severity: "LOW", title: "Account deactivated", summary: "An account was deactivated.", subjectUserId: target };
    case "user.reactivated":
      return { severity: "MEDIUM", title: "Account reactivated", summary: "A deactivated account was given access again.", subjectUserId: target };
    case "settings.changed": {
      const setting = event.targetId ?? detailString(event, "setting") ?? "unknown";
      const detection = DETECTION_SETTINGS.has(setting);
      return {
        severity: detection ? "HIGH" : "MEDIUM",
        title: detection ? "Detection settings changed" : "Security setting changed",
        summary: `The security settings "${settingName(setting)}" were changed.`,
        subjectUserId: null,
      };
    }
    default:
      return null;
  }
}

export const privilegedChangeRule: AlertRule = {
  id: "privileged-change",
  label: "Role, access or setting change",
  description: "Role changes, operator invitations, two-step verification resets, (re)activations and security setting changes.",
  actions: ["user.role_changed", "user.invited", "auth.mfa_reset", "user.deactivated", "user.reactivated", "settings.changed"],
  evaluate(event, context) {
    if (!context.settings.alertRules.privilegedChanges.enabled || event.result !== "SUCCESS") return null;
    const kind = classify(event);
    if (kind === null) return null;
    return {
      groupKey: `${event.action}:by:${event.actorUserId ?? event.actorLabel ?? "system"}`,
      severity: kind.severity,
      title: kind.title,
      summary: kind.summary,
      subjectUserId: kind.subjectUserId ?? event.actorUserId,
      organizationId: event.organizationId,
      evidenceEventIds: [event.id],
    };
  },
};

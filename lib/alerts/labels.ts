// Display words for alert enums (inbox, detail page, dashboard). Pure.
import type { AlertSeverity, AlertStatus } from "@/lib/db/generated/enums";

export const ALERT_SEVERITY_LABELS: Readonly<Record<AlertSeverity, string>> = {
  CRITICAL: "Critical",
  HIGH: "High",
  MEDIUM: "Medium",
  LOW: "Low",
};

export const ALERT_STATUS_LABELS: Readonly<Record<AlertStatus, string>> = {
  OPEN: "Open",
  ACKNOWLEDGED: "Acknowledged",
  DISMISSED: "Dismissed",
  ESCALATED: "Escalated",
};

export const ALERT_SEVERITY_TONES = { CRITICAL: "danger", HIGH: "danger", MEDIUM: "warning", LOW: "neutral" } as const satisfies Record<AlertSeverity, string>;
export const ALERT_STATUS_TONES = { OPEN: "info", ACKNOWLEDGED: "warning", DISMISSED: "neutral", ESCALATED: "brand" } as const satisfies Record<AlertStatus, string>;

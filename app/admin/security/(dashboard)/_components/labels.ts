// Words and badge tones for the dashboard's severities and phases. Plain data.
import type { BadgeTone } from "@/components/badge";
import type { AlertSeverity, IncidentPhase, IncidentSeverity } from "@/lib/db/generated/enums";

export const ALERT_SEVERITY: Record<AlertSeverity, { label: string; tone: BadgeTone }> = {
  CRITICAL: { label: "Critical", tone: "danger" },
  HIGH: { label: "High", tone: "warning" },
  MEDIUM: { label: "Medium", tone: "info" },
  LOW: { label: "Low", tone: "neutral" },
};

export const INCIDENT_SEVERITY: Record<IncidentSeverity, { label: string; tone: BadgeTone }> = {
  SEV1: { label: "SEV1", tone: "danger" },
  SEV2: { label: "SEV2", tone: "warning" },
  SEV3: { label: "SEV3", tone: "info" },
  SEV4: { label: "SEV4", tone: "neutral" },
};

export const INCIDENT_PHASE: Record<IncidentPhase, string> = {
  DETECTED: "Detected",
  CONFIRMED: "Confirmed",
  CONTAINMENT: "Containment",
  ANALYSIS: "Analysis",
  RECOVERY: "Recovery",
  POST_MORTEM: "Post-mortem",
  CLOSED: "Closed",
};

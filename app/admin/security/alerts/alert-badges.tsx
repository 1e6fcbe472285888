import { Badge } from "@/components/badge";
import type { AlertSeverity, AlertStatus } from "@/lib/db/generated/enums";
import { ALERT_SEVERITY_LABELS, ALERT_SEVERITY_TONES, ALERT_STATUS_LABELS, ALERT_STATUS_TONES } from "@/lib/alerts/labels";

export function SeverityBadge({ severity }: { severity: AlertSeverity }) {
  return (
    <Badge tone={ALERT_SEVERITY_TONES[severity]} dot className={severity === "CRITICAL" ? "font-semibold" : undefined}>
      {ALERT_SEVERITY_LABELS[severity]}
    </Badge>
  );
}

export function AlertStatusBadge({ status }: { status: AlertStatus }) {
  return <Badge tone={ALERT_STATUS_TONES[status]}>{ALERT_STATUS_LABELS[status]}</Badge>;
}

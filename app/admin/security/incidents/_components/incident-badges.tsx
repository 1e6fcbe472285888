// Small, server-safe pieces shared by the list and the detail page.
import { Badge, type BadgeTone } from "@/components/badge";
import type { IncidentPhase, IncidentSeverity } from "@/lib/db/generated/enums";
import { formatDuration, type AmazonDeadlineState } from "@/lib/incidents/amazon-deadline";
import { PHASE_LABELS } from "@/lib/incidents/phases";

const SEVERITY_TONES: Record<IncidentSeverity, BadgeTone> = { SEV1: "danger", SEV2: "warning", SEV3: "info", SEV4: "neutral" };

export function SeverityBadge({ severity }: { severity: IncidentSeverity }) {
  return <Badge tone={SEVERITY_TONES[severity]}>{severity}</Badge>;
}

export function PhaseBadge({ phase }: { phase: IncidentPhase }) {
  return <Badge tone={phase === "CLOSED" ? "neutral" : "brand"} dot>{PHASE_LABELS[phase]}</Badge>;
}

/** The Amazon clock as one badge (list and dashboard): the text always states the status. */
export function DeadlineBadge({ state }: { state: AmazonDeadlineState }) {
  switch (state.status) {
    case "not-applicable":
      return <span className="text-sm text-slate-500">No Amazon Information</span>;
    case "not-started":
      return <Badge tone="info">Starts at confirmation</Badge>;
    case "notified":
      return <Badge tone={state.late ? "warning" : "success"}>{state.late ? "Notified late" : "Amazon notified"}</Badge>;
    case "breached":
      return <Badge tone="danger" dot>Breached {formatDuration(state.msOverdue)} ago</Badge>;
    case "running":
      return (
        <Badge tone={state.warning === null ? "info" : state.warning === 12 ? "warning" : "danger"} dot>
          {formatDuration(state.msLeft)} left
        </Badge>
      );
  }
}

// The incident procedure (control I1) and the closing rules (I5) as pure
// functions: the screens use them to offer only the allowed moves, and
// lib/incidents/incidents.ts enforces them inside the transaction.
import type { IncidentActionStatus, IncidentPhase, IncidentSeverity } from "@/lib/db/generated/enums";

export const PHASE_ORDER = [
  "DETECTED",
  "CONFIRMED",
  "CONTAINMENT",
  "ANALYSIS",
  "RECOVERY",
  "POST_MORTEM",
  "CLOSED",
] as const satisfies readonly IncidentPhase[];

export const PHASE_LABELS: Record<IncidentPhase, string> = {
  DETECTED: "Detection",
  CONFIRMED: "Triage / confirmed",
  CONTAINMENT: "Containment",
  ANALYSIS: "Analysis",
  RECOVERY: "Recovery",
  POST_MORTEM: "Post-mortem",
  CLOSED: "Closed",
};

export const SEVERITIES = ["SEV1", "SEV2", "SEV3", "SEV4"] as const satisfies readonly IncidentSeverity[];

export const SEVERITY_LABELS: Record<IncidentSeverity, string> = {
  SEV1: "SEV1 (critical)",
  SEV2: "SEV2 (high)",
  SEV3: "SEV3 (moderate)",
  SEV4: "SEV4 (low)",
};

export const INCIDENT_ROLES = ["commander", "communicationsLead", "scribe"] as const;
export type IncidentRole = (typeof INCIDENT_ROLES)[number];

export const ROLE_LABELS: Record<IncidentRole, string> = {
  commander: "Incident commander",
  communicationsLead: "Communications lead",
  scribe: "Scribe",
};

export const ACTION_STATUS_LABELS: Record<IncidentActionStatus, string> = {
  OPEN: "Open",
  IN_PROGRESS: "In progress",
  DONE: "Done",
};

export function phaseIndex(phase: IncidentPhase): number {
  return PHASE_ORDER.indexOf(phase);
}

export function nextPhase(phase: IncidentPhase): IncidentPhase | null {
  return PHASE_ORDER[phaseIndex(phase) + 1] ?? null;
}

/**
 * The phase one step back, when going back is allowed: from containment up to
 * post-mortem (e.g. containment failed, analysis reopened). Never back to
 * detection (confirmation is a fact: Amazon's clock has started and does not
 * stop) and never out of CLOSED (a closed incident is final; open a new one).
 */
export function previousPhase(phase: IncidentPhase): IncidentPhase | null {
  const index = phaseIndex(phase);
  if (phase === "CLOSED" || index <= 1) return null;
  return PHASE_ORDER[index - 1] ?? null;
}

export type TransitionCheck = { ok: true; direction: "forward" | "back" } | { ok: false; error: string };

/** Forward one step at a time; back one step only with a note saying why. */
export function checkPhaseTransition(from: IncidentPhase, to: IncidentPhase, note: string | null | undefined): TransitionCheck {
  if (from === "CLOSED") return { ok: false, error: "This incident is closed; it can no longer change phase." };
  if (nextPhase(from) === to) return { ok: true, direction: "forward" };
  if (previousPhase(from) === to) {
    if (!note || note.trim() === "") return { ok: false, error: "Say why the incident goes back a phase (a note is required)." };
    return { ok: true, direction: "back" };
  }
  return {
    ok: false,
    error: `An incident moves one phase at a time: from ${PHASE_LABELS[from]} it can go to ${PHASE_LABELS[nextPhase(from) ?? from]}${
      previousPhase(from) ? ` or back to ${PHASE_LABELS[previousPhase(from) as IncidentPhase]}` : ""
    }.`,
  };
}

export interface CloseCheckInput {
  actionStatuses: readonly IncidentActionStatus[];
  postMortemMarkdown: string | null;
  involvesAmazonInformation: boolean;
  amazonNotifiedAt: Date | null;
}

/** Every reason the incident cannot close yet (empty = it may close). */
export function closeBlockers(input: CloseCheckInput): string[] {
  const blockers: string[] = [];
  const open = input.actionStatuses.filter((status) => status !== "DONE").length;
  if (open > 0) {
    blockers.push(
      `${open} corrective action${open === 1 ? " is" : "s are"} still open or in progress; complete ${open === 1 ? "it" : "them"} before closing.`,
    );
  }
  if (!input.postMortemMarkdown || input.postMortemMarkdown.trim() === "") {
    blockers.push("Write the post-mortem before closing.");
  }
  if (input.involvesAmazonInformation && input.amazonNotifiedAt === null) {
    blockers.push("Record the notification to Amazon before closing (this incident involves Amazon Information).");
  }
  return blockers;
}

/** How Amazon was told (I3, D4); stored as the key. */
export const AMAZON_NOTIFICATION_CHANNELS = {
  EMAIL: "E-mail to security@amazon.com",
  PHONE: "Phone",
  OTHER: "Other",
} as const;
export type AmazonNotificationChannel = keyof typeof AMAZON_NOTIFICATION_CHANNELS;

export function amazonChannelLabel(channel: string | null): string {
  if (channel === null) return "";
  return channel in AMAZON_NOTIFICATION_CHANNELS ? AMAZON_NOTIFICATION_CHANNELS[channel as AmazonNotificationChannel] : channel;
}

/**
 * When the Amazon notification may be said to have happened: not in the
 * future, not before the incident was confirmed (the clock's start). Returns
 * an error message, or null when `notifiedAt` is acceptable.
 */
export function checkAmazonNotificationTime(notifiedAt: Date, confirmedAt: Date | null, now: Date): string | null {
  if (confirmedAt === null) return "Confirm the incident first: Amazon's clock starts at confirmation.";
  if (notifiedAt.getTime() > now.getTime()) return "The notification time cannot be in the future.";
  if (notifiedAt.getTime() < confirmedAt.getTime()) return "The notification time cannot be before the incident was confirmed.";
  return null;
}

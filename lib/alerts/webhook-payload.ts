// What the outbound alert webhook sends (L3). Deliberately small and free of
// personal data: no e-mail addresses, no IP addresses, no names; rule titles
// and summaries are written without them (see AlertFinding). The on-call
// person follows the link into the portal for the details.
import type { AlertSeverity } from "@/lib/db/generated/enums";

// A type alias (not an interface) so it is assignable to Prisma's JSON input type.
export type AlertWebhookPayload = {
  id: string;
  ruleId: string;
  severity: AlertSeverity;
  title: string;
  summary: string;
  occurrences: number;
  firstSeenAt: string;
  lastSeenAt: string;
  link: string;
};

export function buildWebhookPayload(
  alert: { id: string; ruleId: string; severity: AlertSeverity; title: string; summary: string; occurrences: number; firstSeenAt: Date; lastSeenAt: Date },
  appUrl: string,
): AlertWebhookPayload {
  return {
    id: alert.id,
    ruleId: alert.ruleId,
    severity: alert.severity,
    title: alert.title,
    summary: alert.summary,
    occurrences: alert.occurrences,
    firstSeenAt: alert.firstSeenAt.toISOString(),
    lastSeenAt: alert.lastSeenAt.toISOString(),
    link: new URL(`/admin/security/alerts/${alert.id}`, appUrl).toString(),
  };
}

// The shape most rules share: "at least N matching events within M minutes".
// The rule says what matches and how to word the alert; this counts over the
// audit log (through the context) and decides.
import type { AlertAuditEvent, AlertFinding, RuleContext, WindowFilter } from "../types";

export interface Threshold {
  enabled: boolean;
  count: number;
  windowMinutes: number;
}

/**
 * A finding when `threshold` is reached at `event` (the event itself included
 * in the count), else null. Every event at or above the threshold reports
 * again; the evaluator groups those into the open alert as occurrences.
 */
export async function findingAtThreshold(
  event: AlertAuditEvent,
  context: RuleContext,
  threshold: Threshold,
  filter: WindowFilter,
  describe: (count: number) => Omit<AlertFinding, "evidenceEventIds">,
): Promise<AlertFinding | null> {
  if (!threshold.enabled) return null;
  const window = await context.countInWindow(event, filter, threshold.windowMinutes);
  if (window.count < threshold.count) return null;
  const evidence = window.eventIds.includes(event.id) ? window.eventIds : [event.id, ...window.eventIds];
  return { ...describe(window.count), evidenceEventIds: evidence };
}

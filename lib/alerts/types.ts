// Server-side only (no "server-only" import: jobs and the seed load lib/alerts outside Next).
//
// The shapes shared by the alert rules (control L3) and the evaluator that
// feeds them. A rule is a small module: it looks at ONE audit event and, with
// the few facts it may ask the evaluator for (window counts over the audit log,
// the kind of an account, an operator's known networks), says whether that
// event raises an alert. Rules do not write alerts; the evaluator does
// (grouping, evidence, cursor) so every rule gets the same guarantees.
import type { AuditAction } from "@/lib/audit/record-audit";
import type { AlertSeverity } from "@/lib/db/generated/enums";
import type { SecuritySettings } from "@/lib/security-settings/settings";
import { MINUTE_MS } from "@/lib/time/clock";
import { durationInWords } from "@/lib/time/in-words";

export const ALERT_RULE_IDS = [
  "failed-sign-ins-account",
  "failed-sign-ins-ip",
  "lockouts",
  "mfa-failures",
  "operator-new-network",
  "privileged-change",
  "pii-reveals",
  "pii-reveal-refused",
  "exports",
  "off-hours-bulk",
] as const;

export type AlertRuleId = (typeof ALERT_RULE_IDS)[number];

/** The columns of an audit event the rules read (never the hash columns). */
export interface AlertAuditEvent {
  id: bigint;
  occurredAt: Date;
  action: string;
  result: "SUCCESS" | "FAILURE" | "DENIED";
  actorUserId: string | null;
  actorLabel: string | null;
  targetType: string | null;
  targetId: string | null;
  organizationId: string | null;
  ipAddress: string | null;
  details: unknown;
}

/** Which events a sliding window counts: all given fields must match. */
export interface WindowFilter {
  actions: readonly AuditAction[];
  result?: "SUCCESS" | "FAILURE" | "DENIED";
  actorUserId?: string;
  targetType?: string;
  targetId?: string;
  ipAddress?: string;
}

export interface WindowCount {
  count: number;
  /** The newest matching event ids (at most a few dozen), newest first: the alert's evidence. */
  eventIds: bigint[];
}

export type AccountKind = "OPERATOR" | "SELLER";

/** What a rule may ask the evaluator. Implemented over the database in evaluator.ts, by fakes in unit tests. */
export interface RuleContext {
  settings: SecuritySettings;
  /**
   * Events matching `filter` in the `windowMinutes` up to and including `event`
   * (by time AND by id: nothing after `event` counts). The audit log itself is
   * the window's state, so a restarted evaluator counts exactly the same.
   */
  countInWindow(event: AlertAuditEvent, filter: WindowFilter, windowMinutes: number): Promise<WindowCount>;
  /** The account's kind, or null when it no longer exists. */
  accountKind(userId: string): Promise<AccountKind | null>;
  /** Networks (see network.ts) this operator has signed in from. */
  knownNetworks(userId: string): Promise<string[]>;
  /** Adds (or refreshes) a network of this operator. */
  rememberNetwork(userId: string, network: string, seenAt: Date): Promise<void>;
}

/** What a rule reports for one event. The evaluator adds the rule id and groups it. */
export interface AlertFinding {
  /** Repeats with the same (rule, groupKey) are grouped while the alert is open or acknowledged. */
  groupKey: string;
  severity: AlertSeverity;
  /** Short and free of personal data (no e-mails, no IP addresses): it also goes to the webhook. */
  title: string;
  /** One or two sentences, also free of personal data. */
  summary: string;
  subjectUserId?: string | null;
  organizationId?: string | null;
  /** The audit events behind this finding, the triggering event included. */
  evidenceEventIds: bigint[];
}

export interface AlertRule {
  id: AlertRuleId;
  /** For the inbox's rule column and filter. */
  label: string;
  /** What the rule looks for, in a sentence. */
  description: string;
  /**
   * The audit actions this rule reads; no other event reaches it. No rule may
   * list an alert.* action (alerts about alert handling would feed themselves).
   */
  actions: readonly AuditAction[];
  /** Synchronous for rules that need no facts beyond the event (and settings). */
  evaluate(event: AlertAuditEvent, context: RuleContext): AlertFinding | null | Promise<AlertFinding | null>;
}

const SEVERITY_ORDER: Record<AlertSeverity, number> = { LOW: 0, MEDIUM: 1, HIGH: 2, CRITICAL: 3 };

export function maxSeverity(a: AlertSeverity, b: AlertSeverity): AlertSeverity {
  return SEVERITY_ORDER[a] >= SEVERITY_ORDER[b] ? a : b;
}

/** A string field of an event's details, or null. */
export function detailString(event: AlertAuditEvent, key: string): string | null {
  const details = event.details;
  if (details === null || typeof details !== "object" || Array.isArray(details)) return null;
  const value = (details as Record<string, unknown>)[key];
  return typeof value === "string" ? value : null;
}

/** A rule's window in words: "15 minutes", "1 hour", "1 hour 30 minutes", "7 days". */
export function windowInWords(windowMinutes: number): string {
  return durationInWords(windowMinutes * MINUTE_MS);
}

/** The closing words of a threshold rule's summary: "(the alert threshold is 5)". */
export function thresholdInWords(threshold: { count: number }): string {
  return `(the alert threshold is ${threshold.count.toLocaleString("en-US")})`;
}

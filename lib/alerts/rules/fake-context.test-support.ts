// For the rules' unit tests: a RuleContext over an in-memory list of events,
// with the same window semantics as the database one (evaluator.ts).
import { defaultSecuritySettings, type SecuritySettings } from "@/lib/security-settings/settings";
import type { AccountKind, AlertAuditEvent, RuleContext, WindowFilter } from "../types";

export interface FakeContext extends RuleContext {
  events: AlertAuditEvent[];
  networks: Map<string, string[]>;
  /** Appends an event (id and time increase) and returns it. */
  add(event: Partial<AlertAuditEvent> & { action: string }): AlertAuditEvent;
}

export function matchesWindowFilter(candidate: AlertAuditEvent, filter: WindowFilter): boolean {
  return (
    (filter.actions as readonly string[]).includes(candidate.action) &&
    (filter.result === undefined || candidate.result === filter.result) &&
    (filter.actorUserId === undefined || candidate.actorUserId === filter.actorUserId) &&
    (filter.targetType === undefined || candidate.targetType === filter.targetType) &&
    (filter.targetId === undefined || candidate.targetId === filter.targetId) &&
    (filter.ipAddress === undefined || candidate.ipAddress === filter.ipAddress)
  );
}

export function fakeContext(
  options: { settings?: Partial<SecuritySettings>; kinds?: Record<string, AccountKind>; start?: Date } = {},
): FakeContext {
  const settings = { ...defaultSecuritySettings(), ...options.settings };
  const events: AlertAuditEvent[] = [];
  const networks = new Map<string, string[]>();
  let clock = (options.start ?? new Date("2026-01-14T10:00:00Z")).getTime();
  return {
    settings,
    events,
    networks,
    add(partial) {
      clock += 1000;
      const event: AlertAuditEvent = {
        id: BigInt(events.length + 1),
        occurredAt: new Date(clock),
        result: "SUCCESS",
        actorUserId: null,
        actorLabel: null,
        targetType: null,
        targetId: null,
        organizationId: null,
        ipAddress: null,
        details: null,
        // An explicit `undefined` (an optional argument) keeps the default.
        ...Object.fromEntries(Object.entries(partial).filter(([, value]) => value !== undefined)),
      } as AlertAuditEvent;
      if (partial.occurredAt) clock = partial.occurredAt.getTime();
      events.push(event);
      return event;
    },
    countInWindow(event, filter, windowMinutes) {
      const from = event.occurredAt.getTime() - windowMinutes * 60_000;
      const matching = events
        .filter((candidate) => candidate.id <= event.id && candidate.occurredAt.getTime() >= from && candidate.occurredAt <= event.occurredAt)
        .filter((candidate) => matchesWindowFilter(candidate, filter))
        .reverse();
      return Promise.resolve({ count: matching.length, eventIds: matching.slice(0, 50).map((candidate) => candidate.id) });
    },
    accountKind(userId) {
      return Promise.resolve(options.kinds?.[userId] ?? null);
    },
    knownNetworks(userId) {
      return Promise.resolve([...(networks.get(userId) ?? [])]);
    },
    rememberNetwork(userId, network) {
      const known = networks.get(userId) ?? [];
      if (!known.includes(network)) networks.set(userId, [...known, network]);
      return Promise.resolve();
    },
  };
}

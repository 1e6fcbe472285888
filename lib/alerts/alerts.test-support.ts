// For lib/alerts integration tests only: an isolated evaluator (its own cursor,
// starting after every event already in the shared test database) and a
// shorthand to append audit events the way the app does.
import { randomInt, randomUUID } from "node:crypto";
import { recordAudit, type AuditEventInput } from "@/lib/audit/record-audit";
import { defaultSecuritySettings, type SecuritySettings } from "@/lib/security-settings/settings";
import { evaluateAlerts, type EvaluateAlertsOptions } from "./evaluator";
import type { Db } from "@/lib/db/db";

export async function appendAudit(db: Db, ...events: AuditEventInput[]): Promise<void> {
  for (const event of events) await db.$transaction((tx) => recordAudit(tx, event));
}

/** A client address no other test uses (window counts per address must see only this test's events). */
export function uniqueIpv4(): string {
  return `100.${randomInt(64, 128)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;
}

export interface IsolatedEvaluator {
  cursorName: string;
  settings: SecuritySettings;
  run(options?: Partial<EvaluateAlertsOptions>): ReturnType<typeof evaluateAlerts>;
}

/** An evaluator with its own cursor positioned after the newest existing event. */
export async function isolatedEvaluator(db: Db, settings: SecuritySettings = defaultSecuritySettings()): Promise<IsolatedEvaluator> {
  const cursorName = `test-${randomUUID()}`;
  const newest = await db.auditEvent.findFirst({ orderBy: { id: "desc" }, select: { id: true } });
  await db.auditConsumerCursor.create({ data: { name: cursorName, lastAuditEventId: newest?.id ?? 0n } });
  return {
    cursorName,
    settings,
    run: (options = {}) => evaluateAlerts(db, { cursorName, settings, ...options }),
  };
}

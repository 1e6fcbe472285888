// Server-side only (no "server-only" import: jobs and scripts load it outside Next).
//
// The security team's console settings (issue 5): alert rule thresholds (L3),
// working hours for bulk operations, the named incident management point of
// contact (D6) and review cadences (A4/D3, D6, L4). Stored one row per group
// in security_settings, validated by zod on the way in AND on the way out (a
// row edited by hand that no longer parses falls back to the defaults and is
// reported, never half-applied). Every change is audited ("settings.changed",
// which is itself an alert rule input).
import { z } from "zod";
import { displayedName, emailAddress, singleLineText } from "@/lib/validation/input";
import { recordAudit } from "@/lib/audit/record-audit";
import { getLogger } from "@/lib/log";
import type { Db, DbTransaction } from "@/lib/db/db";

const threshold = (fallbackCount: number, fallbackWindowMinutes: number, maxCount = 10_000) =>
  z
    .object({
      enabled: z.boolean().default(true),
      /** Raise the alert when at least this many matching events fall in the window. */
      count: z.number().int().min(1).max(maxCount).default(fallbackCount),
      windowMinutes: z.number().int().min(1).max(7 * 24 * 60).default(fallbackWindowMinutes),
    })
    .default({ enabled: true, count: fallbackCount, windowMinutes: fallbackWindowMinutes });

export const alertRulesSchema = z.object({
  failedSignInsPerAccount: threshold(5, 15),
  failedSignInsPerIp: threshold(20, 15),
  lockouts: threshold(1, 60),
  mfaFailures: threshold(3, 15),
  piiReveals: threshold(20, 60),
  exports: threshold(5, 60),
  operatorNewNetwork: z.object({ enabled: z.boolean().default(true) }).default({ enabled: true }),
  privilegedChanges: z.object({ enabled: z.boolean().default(true) }).default({ enabled: true }),
  offHoursBulkAccess: z.object({ enabled: z.boolean().default(true) }).default({ enabled: true }),
});

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Use HH:MM, 24-hour");

export const workingHoursSchema = z
  .object({
    /** IANA time zone the hours are expressed in. */
    timeZone: z
      .string()
      .min(1)
      .refine((zone) => {
        try {
          new Intl.DateTimeFormat("en-US", { timeZone: zone });
          return true;
        } catch {
          return false;
        }
      }, "Unknown time zone")
      .default("UTC"),
    start: hhmm.default("07:00"),
    end: hhmm.default("19:00"),
    /** ISO weekdays (1 = Monday ... 7 = Sunday). */
    days: z.array(z.number().int().min(1).max(7)).min(1).default([1, 2, 3, 4, 5]),
  })
  .refine((hours) => hours.start < hours.end, { message: "The working day must end after it starts", path: ["end"] });

export const incidentContactSchema = z.object({
  name: displayedName({ min: 1, max: 120, minMessage: "This field is required." }).default("FireFeed Security On-Call"),
  email: emailAddress.default("security@fire-feed.com"),
  phone: singleLineText({ max: 40 }).default(""),
});

export const reviewCadenceSchema = z.object({
  /** A4/D3: access reviews at least every 90 days. */
  accessReviewDays: z.number().int().min(7).max(90).default(90),
  /** D6: the runbook is reviewed at least every 6 months. */
  runbookReviewMonths: z.number().int().min(1).max(6).default(6),
  /** L4: log reviews cover one week and are due this many days after the week ends. */
  logReviewGraceDays: z.number().int().min(1).max(7).default(3),
});

export const SECURITY_SETTING_SCHEMAS = {
  alert_rules: alertRulesSchema,
  working_hours: workingHoursSchema,
  incident_contact: incidentContactSchema,
  review_cadence: reviewCadenceSchema,
} as const;

export type SecuritySettingKey = keyof typeof SECURITY_SETTING_SCHEMAS;

export interface SecuritySettings {
  alertRules: z.infer<typeof alertRulesSchema>;
  workingHours: z.infer<typeof workingHoursSchema>;
  incidentContact: z.infer<typeof incidentContactSchema>;
  reviewCadence: z.infer<typeof reviewCadenceSchema>;
}

export type SecuritySettingValue<K extends SecuritySettingKey> = z.infer<(typeof SECURITY_SETTING_SCHEMAS)[K]>;

export function defaultSecuritySettings(): SecuritySettings {
  return {
    alertRules: alertRulesSchema.parse({}),
    workingHours: workingHoursSchema.parse({}),
    incidentContact: incidentContactSchema.parse({}),
    reviewCadence: reviewCadenceSchema.parse({}),
  };
}

type SettingsReader = Pick<DbTransaction, "securitySetting">;

function parseStored<K extends SecuritySettingKey>(key: K, value: unknown): SecuritySettingValue<K> {
  const parsed = SECURITY_SETTING_SCHEMAS[key].safeParse(value);
  if (parsed.success) return parsed.data as SecuritySettingValue<K>;
  getLogger().error({ settingKey: key }, "stored security setting is invalid; using the defaults");
  return SECURITY_SETTING_SCHEMAS[key].parse({}) as SecuritySettingValue<K>;
}

/** All settings, defaults filled in for groups never saved. */
export async function getSecuritySettings(db: SettingsReader): Promise<SecuritySettings> {
  const rows = await db.securitySetting.findMany();
  const byKey = new Map(rows.map((row) => [row.key, row.value as unknown]));
  const valueOf = <K extends SecuritySettingKey>(key: K) => parseStored(key, byKey.get(key) ?? {});
  return {
    alertRules: valueOf("alert_rules"),
    workingHours: valueOf("working_hours"),
    incidentContact: valueOf("incident_contact"),
    reviewCadence: valueOf("review_cadence"),
  };
}

export interface SettingChangeActor {
  userId: string;
  label: string;
  ipAddress?: string | null;
  userAgent?: string | null;
  requestId?: string | null;
}

export type UpdateSettingResult<K extends SecuritySettingKey> =
  | { ok: true; value: SecuritySettingValue<K> }
  | { ok: false; fieldErrors: Record<string, string[]> };

/**
 * Validates and stores one settings group, audited in the same transaction.
 * Invalid input changes nothing and returns field errors. Authorization is the
 * caller's job (a defineAction with the group's permission).
 */
export async function updateSecuritySetting<K extends SecuritySettingKey>(
  db: Db,
  key: K,
  input: unknown,
  actor: SettingChangeActor,
): Promise<UpdateSettingResult<K>> {
  const parsed = SECURITY_SETTING_SCHEMAS[key].safeParse(input);
  if (!parsed.success) {
    const fieldErrors: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) (fieldErrors[issue.path.join(".") || "form"] ??= []).push(issue.message);
    return { ok: false, fieldErrors };
  }
  const value = parsed.data as SecuritySettingValue<K>;
  await db.$transaction(async (tx) => {
    const before = await tx.securitySetting.findUnique({ where: { key } });
    await tx.securitySetting.upsert({
      where: { key },
      create: { key, value: value, updatedByUserId: actor.userId },
      update: { value: value, updatedByUserId: actor.userId },
    });
    await recordAudit(tx, {
      action: "settings.changed",
      result: "SUCCESS",
      actorUserId: actor.userId,
      actorLabel: actor.label,
      targetType: "security_setting",
      targetId: key,
      ipAddress: actor.ipAddress ?? null,
      userAgent: actor.userAgent ?? null,
      requestId: actor.requestId ?? null,
      // The new value is small, non-secret configuration; keep it as evidence of what changed.
      details: { setting: key, previous: before === null ? null : JSON.stringify(before.value), value: JSON.stringify(value) },
    });
  });
  return { ok: true, value };
}

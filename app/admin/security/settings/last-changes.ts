import "server-only";
// Who last changed each settings group, and when (from security_settings;
// the full history with old and new values is in the audit log).

import type { SecuritySettingKey } from "@/lib/security-settings/settings";
import type { Db } from "@/lib/db/db";

export interface SettingChange {
  updatedAt: Date;
  /** E-mail of the person, or null if unknown (never saved through the console, or the account is gone). */
  updatedBy: string | null;
}

export async function lastSettingChanges(db: Db): Promise<Partial<Record<SecuritySettingKey, SettingChange>>> {
  const rows = await db.securitySetting.findMany({ select: { key: true, updatedAt: true, updatedByUserId: true } });
  const userIds = [...new Set(rows.map((row) => row.updatedByUserId).filter((id): id is string => id !== null))];
  const users = userIds.length === 0 ? [] : await db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, email: true } });
  const emails = new Map(users.map((user) => [user.id, user.email]));
  return Object.fromEntries(
    rows.map((row) => [row.key, { updatedAt: row.updatedAt, updatedBy: row.updatedByUserId ? (emails.get(row.updatedByUserId) ?? null) : null }]),
  );
}

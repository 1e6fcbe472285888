// The security settings actions on a real database: who may change which
// group (separation of duties: the admin tunes no alerts; support changes
// nothing), and that a refused or invalid submission changes nothing.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { NOT_ALLOWED_MESSAGE, setActionRuntimeForTests } from "@/lib/auth/define-action";
import type { Actor } from "@/lib/auth/actor";
import type { Prisma } from "@/lib/db/generated/client";
import { getSecuritySettings } from "@/lib/security-settings/settings";
import { disconnectTestPrisma, getTestPrisma } from "@/test/db";
import { createSignedInUser, testRequest } from "@/test/factories";

vi.mock("@/lib/db/client", async () => {
  const { getTestPrisma: testPrisma } = await import("@/test/db");
  return { getPrisma: () => testPrisma() };
});
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));

const { updateAlertRulesAction, updateIncidentContactAction, updateReviewCadenceAction, updateWorkingHoursAction } = await import("./actions");

type Snapshot = Array<{ key: string; value: Prisma.JsonValue; updatedByUserId: string | null }>;
let snapshot: Snapshot = [];

beforeAll(async () => {
  snapshot = await getTestPrisma().securitySetting.findMany({ select: { key: true, value: true, updatedByUserId: true } });
});

afterEach(() => setActionRuntimeForTests(null));

afterAll(async () => {
  // Leave the settings as this file found them (other files share the database).
  const db = getTestPrisma();
  await db.securitySetting.deleteMany({ where: { key: { notIn: snapshot.map((row) => row.key) } } });
  for (const row of snapshot) {
    await db.securitySetting.update({ where: { key: row.key }, data: { value: row.value as Prisma.InputJsonValue, updatedByUserId: row.updatedByUserId } });
  }
  await disconnectTestPrisma();
});

function actAs(actor: Actor) {
  const request = testRequest();
  const recordDenied = vi.fn(async () => {});
  setActionRuntimeForTests({ resolveActor: () => Promise.resolve(actor), resolveRequest: () => Promise.resolve(request), recordDenied, now: () => Date.now() });
  return { request, recordDenied };
}

function form(fields: Record<string, string | string[]>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) for (const item of [value].flat()) data.append(name, item);
  return data;
}

const THRESHOLDS = ["failedSignInsPerAccount", "failedSignInsPerIp", "lockouts", "mfaFailures", "piiReveals", "exports"] as const;

function alertRulesForm(overrides: Record<string, string> = {}): FormData {
  const fields: Record<string, string> = {};
  for (const rule of THRESHOLDS) {
    fields[`${rule}.enabled`] = "on";
    fields[`${rule}.count`] = "5";
    fields[`${rule}.windowMinutes`] = "15";
  }
  fields["operatorNewNetwork.enabled"] = "on";
  fields["privilegedChanges.enabled"] = "on";
  // offHoursBulkAccess unchecked: absent from the form.
  return form({ ...fields, ...overrides });
}

async function settingRow(key: string) {
  return getTestPrisma().securitySetting.findUnique({ where: { key } });
}

async function auditRows(requestId: string) {
  return getTestPrisma().auditEvent.findMany({ where: { requestId }, select: { action: true, actorUserId: true, targetId: true } });
}

describe("security settings actions", () => {
  it("the security analyst changes alert thresholds: stored, and audited as settings.changed", async () => {
    const { actor } = await createSignedInUser(getTestPrisma(), { role: "OPERATOR_SECURITY_ANALYST" });
    const { request } = actAs(actor);
    const count = String(10 + Math.floor(Math.random() * 80));
    const result = await updateAlertRulesAction(null, alertRulesForm({ "lockouts.count": count, "lockouts.windowMinutes": "120" }));
    expect(result).toEqual({ ok: true, message: "Alert rules saved." });

    const { alertRules } = await getSecuritySettings(getTestPrisma());
    expect(alertRules.lockouts).toEqual({ enabled: true, count: Number(count), windowMinutes: 120 });
    expect(alertRules.offHoursBulkAccess.enabled).toBe(false);
    expect((await settingRow("alert_rules"))?.updatedByUserId).toBe(actor.userId);
    expect(await auditRows(request.requestId)).toEqual([{ action: "settings.changed", actorUserId: actor.userId, targetId: "alert_rules" }]);
  });

  it("the admin cannot change alert thresholds, working hours, the incident contact or review cadences", async () => {
    const { actor } = await createSignedInUser(getTestPrisma(), { role: "OPERATOR_ADMIN" });
    const before = await getTestPrisma().securitySetting.findMany({ orderBy: { key: "asc" } });
    const { request, recordDenied } = actAs(actor);

    expect(await updateAlertRulesAction(null, alertRulesForm({ "lockouts.count": "99" }))).toEqual({ ok: false, error: NOT_ALLOWED_MESSAGE });
    expect(await updateWorkingHoursAction(null, form({ timeZone: "UTC", start: "06:00", end: "22:00", days: ["1", "2"] }))).toEqual({ ok: false, error: NOT_ALLOWED_MESSAGE });
    expect(await updateIncidentContactAction(null, form({ name: "Mallory", email: "mallory@example.test", phone: "" }))).toEqual({ ok: false, error: NOT_ALLOWED_MESSAGE });
    expect(await updateReviewCadenceAction(null, form({ accessReviewDays: "90", runbookReviewMonths: "6", logReviewGraceDays: "7" }))).toEqual({ ok: false, error: NOT_ALLOWED_MESSAGE });

    expect(recordDenied.mock.calls.map((call) => (call as unknown[])[1])).toEqual(["alerts:manage", "alerts:manage", "incidents:manage", "access-reviews:manage"]);
    expect(await getTestPrisma().securitySetting.findMany({ orderBy: { key: "asc" } })).toEqual(before);
    expect(await auditRows(request.requestId)).toEqual([]);
  });

  it("support cannot change anything", async () => {
    const { actor } = await createSignedInUser(getTestPrisma(), { role: "OPERATOR_SUPPORT" });
    const before = await getTestPrisma().securitySetting.findMany({ orderBy: { key: "asc" } });
    const { recordDenied } = actAs(actor);
    for (const action of [updateAlertRulesAction, updateWorkingHoursAction, updateIncidentContactAction, updateReviewCadenceAction]) {
      expect(await action(null, form({ name: "x" }))).toEqual({ ok: false, error: NOT_ALLOWED_MESSAGE });
    }
    expect(recordDenied).toHaveBeenCalledTimes(4);
    expect(await getTestPrisma().securitySetting.findMany({ orderBy: { key: "asc" } })).toEqual(before);
  });

  it("a bad value changes nothing and comes back as an error on its field", async () => {
    const { actor } = await createSignedInUser(getTestPrisma(), { role: "OPERATOR_SECURITY_ANALYST" });
    const { request } = actAs(actor);
    await updateAlertRulesAction(null, alertRulesForm());
    const before = await settingRow("alert_rules");

    const zero = await updateAlertRulesAction(null, alertRulesForm({ "lockouts.count": "0", "mfaFailures.windowMinutes": "abc" }));
    expect(zero).toMatchObject({
      ok: false,
      fieldErrors: { "lockouts.count": ["Must be at least 1."], "mfaFailures.windowMinutes": ["Enter a whole number."] },
    });
    const tooBig = await updateReviewCadenceAction(null, form({ accessReviewDays: "91", runbookReviewMonths: "6", logReviewGraceDays: "3" }));
    expect(tooBig).toMatchObject({ ok: false, fieldErrors: { accessReviewDays: ["Must be at most 90."] } });
    const hours = await updateWorkingHoursAction(null, form({ timeZone: "Mars/Olympus_Mons", start: "18:00", end: "09:00" }));
    expect(hours).toMatchObject({ ok: false, fieldErrors: { timeZone: ["Unknown time zone"], days: ["Choose at least one."] } });
    const contact = await updateIncidentContactAction(null, form({ name: "", email: "not-an-address", phone: "" }));
    expect(contact).toMatchObject({ ok: false, fieldErrors: { name: ["This field is required."], email: [expect.stringContaining("e-mail address")] } });

    expect(await settingRow("alert_rules")).toEqual(before);
    // Only the first, valid save was audited.
    expect((await auditRows(request.requestId)).map((row) => row.targetId)).toEqual(["alert_rules"]);
  });

  it("working hours must end after they start", async () => {
    const { actor } = await createSignedInUser(getTestPrisma(), { role: "OPERATOR_SECURITY_ANALYST" });
    actAs(actor);
    const result = await updateWorkingHoursAction(null, form({ timeZone: "Europe/Berlin", start: "18:00", end: "09:00", days: ["1", "2", "3"] }));
    expect(result).toMatchObject({ ok: false, fieldErrors: { end: ["The working day must end after it starts"] } });
    const saved = await updateWorkingHoursAction(null, form({ timeZone: "Europe/Berlin", start: "08:00", end: "18:30", days: ["1", "2", "3"] }));
    expect(saved.ok).toBe(true);
    expect((await getSecuritySettings(getTestPrisma())).workingHours).toEqual({ timeZone: "Europe/Berlin", start: "08:00", end: "18:30", days: [1, 2, 3] });
  });
});

// Acknowledge, dismiss and escalate on the real database: each state change
// commits with its audit row; closed alerts refuse further changes; escalation
// opens the incident (lib/incidents) and closes the alert in one transaction.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectTestPrisma, getTestPrisma } from "@/test/db";
import { createOrganization, createUser } from "@/test/factories";
import { ALERT_ALREADY_CLOSED, ALERT_NOT_FOUND, acknowledgeAlert, dismissAlert, escalateAlert, type AlertActor } from "./alert-actions";
import { appendAudit, isolatedEvaluator, uniqueIpv4 } from "./alerts.test-support";
import type { Db } from "@/lib/db/db";

let db: Db;
const now = new Date();

beforeAll(() => {
  db = getTestPrisma();
});
afterAll(async () => {
  await disconnectTestPrisma();
});

async function openAlert() {
  const evaluator = await isolatedEvaluator(db);
  const organization = await createOrganization(db);
  const user = await createUser(db, { role: "SELLER_MEMBER", organizationId: organization.id });
  await appendAudit(db, { action: "auth.lockout", result: "DENIED", actorUserId: user.id, targetType: "user", targetId: user.id, ipAddress: uniqueIpv4() });
  await evaluator.run();
  return db.alert.findFirstOrThrow({ where: { ruleId: "lockouts", groupKey: `user:${user.id}` } });
}

async function analyst(): Promise<AlertActor> {
  const user = await createUser(db, { role: "OPERATOR_SECURITY_ANALYST" });
  return { userId: user.id, label: user.email, ipAddress: "192.0.2.44", userAgent: "vitest", requestId: `test-${randomUUID()}` };
}

async function auditFor(actor: AlertActor) {
  return db.auditEvent.findMany({ where: { requestId: actor.requestId }, orderBy: { id: "asc" } });
}

describe("acknowledge", () => {
  it("marks the alert acknowledged by the analyst, audited; a second acknowledge is refused", async () => {
    const alert = await openAlert();
    const actor = await analyst();
    expect(await acknowledgeAlert(db, alert.id, actor, now)).toEqual({ ok: true, data: undefined });
    expect(await db.alert.findUniqueOrThrow({ where: { id: alert.id } })).toMatchObject({
      status: "ACKNOWLEDGED",
      acknowledgedByUserId: actor.userId,
      acknowledgedAt: now,
    });
    const audit = await auditFor(actor);
    expect(audit.map((row) => [row.action, row.targetType, row.targetId])).toEqual([["alert.acknowledged", "alert", alert.id]]);
    expect((await acknowledgeAlert(db, alert.id, actor, now)).ok).toBe(false);
    expect(await acknowledgeAlert(db, randomUUID(), actor, now)).toEqual({ ok: false, error: ALERT_NOT_FOUND });
  });
});

describe("dismiss", () => {
  it("closes the alert with the reason, audited; a closed alert refuses every further action", async () => {
    const alert = await openAlert();
    const actor = await analyst();
    const reason = "Known test account, the owner confirmed the typos (ticket 991)";
    expect((await dismissAlert(db, alert.id, reason, actor, now)).ok).toBe(true);
    expect(await db.alert.findUniqueOrThrow({ where: { id: alert.id } })).toMatchObject({
      status: "DISMISSED",
      dismissReason: reason,
      closedByUserId: actor.userId,
      closedAt: now,
    });
    const [audit] = await auditFor(actor);
    expect(audit).toMatchObject({ action: "alert.dismissed", targetId: alert.id });
    expect(audit?.details).toMatchObject({ reason, ruleId: "lockouts" });

    expect(await dismissAlert(db, alert.id, reason, actor, now)).toEqual({ ok: false, error: ALERT_ALREADY_CLOSED });
    expect(await acknowledgeAlert(db, alert.id, actor, now)).toEqual({ ok: false, error: ALERT_ALREADY_CLOSED });
    const escalated = await escalateAlert(db, alert.id, { title: "x", severity: "SEV3", involvesAmazonInformation: false }, actor, now);
    expect(escalated).toEqual({ ok: false, error: ALERT_ALREADY_CLOSED });
    expect(await auditFor(actor)).toHaveLength(1);
  });
});

describe("escalate", () => {
  it("opens an incident linked to the alert and closes the alert, all in one transaction", async () => {
    const alert = await openAlert();
    const actor = await analyst();
    await acknowledgeAlert(db, alert.id, actor, now);
    const result = await escalateAlert(db, alert.id, { title: "Possible credential stuffing", severity: "SEV2", involvesAmazonInformation: true }, actor, now);
    if (!result.ok) throw new Error(result.error);
    const incident = await db.incident.findUniqueOrThrow({ where: { id: result.data.incidentId }, include: { timeline: true } });
    expect(incident).toMatchObject({
      title: "Possible credential stuffing",
      severity: "SEV2",
      involvesAmazonInformation: true,
      detectedAt: alert.firstSeenAt,
      number: result.data.incidentNumber,
    });
    expect(incident.summary).toContain(alert.summary);
    expect(incident.timeline.map((entry) => entry.kind).sort()).toEqual(["ALERT_LINKED", "CREATED"]);
    expect(await db.alert.findUniqueOrThrow({ where: { id: alert.id } })).toMatchObject({
      status: "ESCALATED",
      incidentId: incident.id,
      closedByUserId: actor.userId,
    });
    const actions = (await auditFor(actor)).map((row) => row.action);
    expect(actions).toEqual(["alert.acknowledged", "incident.created", "alert.escalated"]);
  });

  it("rolls everything back when the incident cannot be created", async () => {
    const alert = await openAlert();
    const actor = await analyst();
    const before = await db.incident.count();
    // An invalid severity makes the incident insert fail inside the transaction.
    await expect(
      escalateAlert(db, alert.id, { title: "t", severity: "SEV9" as "SEV1", involvesAmazonInformation: false }, actor, now),
    ).rejects.toThrow();
    expect(await db.incident.count()).toBe(before);
    expect((await db.alert.findUniqueOrThrow({ where: { id: alert.id } })).status).toBe("OPEN");
    expect(await auditFor(actor)).toHaveLength(0);
  });
});

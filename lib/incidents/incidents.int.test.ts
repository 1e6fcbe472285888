import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EmailMessage } from "@/lib/email/templates";
import { ManualClock } from "@/lib/time/clock";
import { disconnectTestPrisma, getTestPrisma } from "@/test/db";
import { createOrganization, createUser } from "@/test/factories";
import { notifyAffectedSellers, linkAffectedSeller, searchSellerOrganizations } from "./affected-sellers";
import { runIncidentDeadlineCheck, incidentJobs } from "./deadline-job";
import {
  addCorrectiveAction,
  addIncidentNote,
  assignIncidentRole,
  changeIncidentPhase,
  createIncident,
  createIncidentInTx,
  recordAmazonNotification,
  setAmazonInvolvement,
  updateCorrectiveActionStatus,
  updatePostMortem,
  type IncidentActor,
} from "./incidents";
import { getIncidentDetail, listOpenIncidentsWithDeadlines } from "./queries";
import { acknowledgeSellerNotice, countUnacknowledgedSellerNotices, listSellerNotices } from "./seller-notices";
import type { IncidentMailer } from "./notifications";
import type { Db } from "@/lib/db/db";

let db: Db;
let actor: IncidentActor;
const HOUR = 3_600_000;

beforeAll(async () => {
  db = getTestPrisma();
  const analyst = await createUser(db, { role: "OPERATOR_SECURITY_ANALYST", displayName: "Ana Analyst" });
  actor = { userId: analyst.id, label: "Ana Analyst", requestId: `req-${randomUUID()}` };
});
afterAll(async () => {
  await disconnectTestPrisma();
});

function recordingMailer(failFor: (to: string) => boolean = () => false): IncidentMailer & { sent: EmailMessage[] } {
  const sent: EmailMessage[] = [];
  return {
    sent,
    link: (path) => `http://portal.test${path}`,
    send: (message) => {
      if (failFor(message.to)) return Promise.reject(new Error("FAKE-smtp-refused"));
      sent.push(message);
      return Promise.resolve();
    },
  };
}

const baseInput = { title: "Suspicious token use", summary: "Unusual SP-API calls", severity: "SEV2" as const, involvesAmazonInformation: true };

async function newIncident(now: Date, overrides: Partial<typeof baseInput> = {}) {
  return createIncident(db, { ...baseInput, ...overrides }, actor, now);
}

async function timelineKinds(incidentId: string) {
  const rows = await db.incidentTimelineEntry.findMany({ where: { incidentId }, orderBy: [{ occurredAt: "asc" }, { id: "asc" }] });
  return rows.map((row) => row.kind);
}

async function auditActions(incidentId: string) {
  const rows = await db.auditEvent.findMany({ where: { targetId: incidentId }, orderBy: { id: "asc" } });
  return rows.map((row) => row.action);
}

describe("createIncidentInTx (contract used by the alerts inbox)", () => {
  it("creates the incident, a CREATED entry, one ALERT_LINKED per alert and the audit row, in the caller's transaction", async () => {
    const now = new Date();
    const created = await db.$transaction((tx) =>
      createIncidentInTx(tx, { ...baseInput, sourceAlertIds: [randomUUID(), randomUUID()], detectedAt: new Date(now.getTime() - HOUR) }, actor, now),
    );
    expect(created.number).toBeGreaterThan(0);
    const incident = await db.incident.findUniqueOrThrow({ where: { id: created.id } });
    expect(incident.phase).toBe("DETECTED");
    expect(incident.detectedAt.getTime()).toBe(now.getTime() - HOUR);
    // Same instant: compare as a set.
    expect((await timelineKinds(created.id)).sort()).toEqual(["ALERT_LINKED", "ALERT_LINKED", "CREATED"]);
    expect(await auditActions(created.id)).toEqual(["incident.created"]);
  });

  it("the timeline names linked alerts by their title, not their id", async () => {
    const now = new Date();
    const alert = await db.alert.create({
      data: { ruleId: "lockouts", groupKey: `user:${randomUUID()}`, severity: "HIGH", title: "Account locked", summary: "3 lockouts in 1 hour.", firstSeenAt: now, lastSeenAt: now },
    });
    const gone = randomUUID();
    const { id } = await createIncident(db, { ...baseInput, sourceAlertIds: [alert.id, gone] }, actor, now);
    const linked = (await getIncidentDetail(db, id, now))?.timeline.filter((entry) => entry.kind === "ALERT_LINKED") ?? [];
    expect(linked.map((entry) => entry.alert).sort((a, b) => String(a?.title).localeCompare(String(b?.title)))).toEqual([
      { id: alert.id, title: "Account locked" },
      { id: gone, title: null },
    ]);
    const created = (await getIncidentDetail(db, id, now))?.timeline.find((entry) => entry.kind === "CREATED");
    expect(created?.alert).toBeNull();
  });

  it("rolls back with the caller's transaction", async () => {
    const title = `rolled back ${randomUUID()}`;
    await expect(
      db.$transaction(async (tx) => {
        await createIncidentInTx(tx, { ...baseInput, title }, actor, new Date());
        throw new Error("caller failed");
      }),
    ).rejects.toThrow("caller failed");
    expect(await db.incident.count({ where: { title } })).toBe(0);
  });
});

describe("phases and Amazon's clock", () => {
  it("confirming starts the 24-hour clock; transitions are recorded; skipping is refused with nothing changed", async () => {
    const clock = new ManualClock("2026-12-01T08:00:00Z");
    const { id } = await newIncident(clock.now());
    const skip = await changeIncidentPhase(db, id, { toPhase: "CONTAINMENT" }, actor, clock.now());
    expect(skip.ok).toBe(false);
    clock.advanceHours(1);
    expect((await changeIncidentPhase(db, id, { toPhase: "CONFIRMED" }, actor, clock.now())).ok).toBe(true);
    const incident = await db.incident.findUniqueOrThrow({ where: { id } });
    expect(incident.confirmedAt?.toISOString()).toBe("2026-12-01T09:00:00.000Z");
    expect(incident.amazonDeadlineAt?.toISOString()).toBe("2026-12-02T09:00:00.000Z");
    expect(await timelineKinds(id)).toEqual(["CREATED", "PHASE_CHANGED"]);
    expect(await auditActions(id)).toEqual(["incident.created", "incident.phase_changed"]);
  });

  it("flagging Amazon Information after confirmation starts the clock from the confirmation time", async () => {
    const clock = new ManualClock("2026-12-01T08:00:00Z");
    const { id } = await newIncident(clock.now(), { involvesAmazonInformation: false });
    await changeIncidentPhase(db, id, { toPhase: "CONFIRMED" }, actor, clock.now());
    expect((await db.incident.findUniqueOrThrow({ where: { id } })).amazonDeadlineAt).toBeNull();
    clock.advanceHours(30);
    expect((await setAmazonInvolvement(db, id, true, actor, clock.now())).ok).toBe(true);
    const incident = await db.incident.findUniqueOrThrow({ where: { id } });
    expect(incident.amazonDeadlineAt?.toISOString()).toBe("2026-12-02T08:00:00.000Z");
    const result = await runIncidentDeadlineCheck(db, clock.now(), recordingMailer(), [id]);
    expect(result.breaches).toEqual([id]);
    expect((await setAmazonInvolvement(db, id, false, actor, clock.now())).ok).toBe(false);
  });

  it("the Amazon notification cannot be in the future or before confirmation; recording it stops the clock", async () => {
    const clock = new ManualClock("2026-12-01T08:00:00Z");
    const { id } = await newIncident(clock.now());
    const tooEarly = await recordAmazonNotification(db, id, { channel: "EMAIL", reference: "case 1" }, actor, clock.now());
    expect(tooEarly).toEqual({ ok: false, error: "Confirm the incident first: Amazon's clock starts at confirmation." });
    await changeIncidentPhase(db, id, { toPhase: "CONFIRMED" }, actor, clock.now());
    clock.advanceHours(2);
    const future = await recordAmazonNotification(db, id, { notifiedAt: new Date(clock.now().getTime() + 60_000), channel: "EMAIL", reference: "x" }, actor, clock.now());
    expect(future.ok).toBe(false);
    const before = await recordAmazonNotification(db, id, { notifiedAt: new Date("2026-12-01T07:00:00Z"), channel: "EMAIL", reference: "x" }, actor, clock.now());
    expect(before.ok).toBe(false);
    const ok = await recordAmazonNotification(db, id, { notifiedAt: new Date("2026-12-01T09:30:00Z"), channel: "EMAIL", reference: "AMZ-CASE-1" }, actor, clock.now());
    expect(ok).toEqual({ ok: true, data: { late: false } });
    clock.advanceHours(30);
    const check = await runIncidentDeadlineCheck(db, clock.now(), recordingMailer(), [id]);
    expect(check).toEqual({ warnings: [], breaches: [] });
    const detail = await getIncidentDetail(db, id, clock.now());
    expect(detail?.deadline.status).toBe("notified");
    expect((await recordAmazonNotification(db, id, { channel: "PHONE", reference: "again" }, actor, clock.now())).ok).toBe(false);
  });
});

describe("deadline job (I3) with a ManualClock", () => {
  it("warns once at 12, 4 and 1 hours left, e-mails the commander, then flags the breach once", async () => {
    const clock = new ManualClock("2026-12-10T00:00:00Z");
    const commander = await createUser(db, { role: "OPERATOR_SECURITY_ANALYST", displayName: "Cora Commander" });
    const { id } = await newIncident(clock.now());
    await assignIncidentRole(db, id, { role: "commander", userId: commander.id }, actor, clock.now());
    await changeIncidentPhase(db, id, { toPhase: "CONFIRMED" }, actor, clock.now());
    const mailer = recordingMailer();
    const run = () => runIncidentDeadlineCheck(db, clock.now(), mailer, [id]);

    clock.advanceHours(11); // 13 h left
    expect(await run()).toEqual({ warnings: [], breaches: [] });
    clock.advanceHours(1); // 12 h left
    expect((await run()).warnings).toEqual([{ incidentId: id, hours: 12 }]);
    expect((await run()).warnings).toEqual([]); // idempotent
    clock.advanceHours(8); // 4 h left
    expect((await run()).warnings).toEqual([{ incidentId: id, hours: 4 }]);
    clock.advanceHours(3); // 1 h left
    expect((await run()).warnings).toEqual([{ incidentId: id, hours: 1 }]);
    clock.advanceHours(1); // deadline
    expect((await run()).breaches).toEqual([id]);
    clock.advanceHours(1);
    expect(await run()).toEqual({ warnings: [], breaches: [] });

    const incident = await db.incident.findUniqueOrThrow({ where: { id } });
    expect(incident.lastDeadlineWarningHours).toBe(1);
    expect(incident.deadlineBreachedAt?.toISOString()).toBe("2026-12-11T00:00:00.000Z");
    const kinds = await timelineKinds(id);
    expect(kinds.filter((kind) => kind === "DEADLINE_WARNING")).toHaveLength(3);
    expect(kinds.filter((kind) => kind === "DEADLINE_BREACHED")).toHaveLength(1);
    const audit = await auditActions(id);
    expect(audit.filter((action) => action === "incident.deadline_warning")).toHaveLength(3);
    expect(audit.filter((action) => action === "incident.deadline_breached")).toHaveLength(1);
    expect(mailer.sent.map((m) => m.to)).toEqual(Array(4).fill(commander.email));
    expect(mailer.sent.map((m) => m.subject)).toEqual([
      `INC-${incident.number}: 12 hours left to notify Amazon`,
      `INC-${incident.number}: 4 hours left to notify Amazon`,
      `INC-${incident.number}: 1 hour left to notify Amazon`,
      `INC-${incident.number}: Amazon notification deadline missed`,
    ]);
    const open = await listOpenIncidentsWithDeadlines(db, clock.now());
    expect(open.find((item) => item.id === id)?.deadline.status).toBe("breached");
  });

  it("a job that was down raises only the latest mark reached", async () => {
    const clock = new ManualClock("2026-12-20T00:00:00Z");
    const { id } = await newIncident(clock.now());
    await changeIncidentPhase(db, id, { toPhase: "CONFIRMED" }, actor, clock.now());
    clock.advanceHours(20.5);
    expect((await runIncidentDeadlineCheck(db, clock.now(), recordingMailer(), [id])).warnings).toEqual([{ incidentId: id, hours: 4 }]);
  });

  it("incidentJobs defines the every-minute job", () => {
    const job = incidentJobs(db, new ManualClock())[0]!;
    expect(job.name).toBe("incident-deadlines");
    expect(job.intervalMs).toBe(60_000);
  });
});

describe("affected sellers (I4) and notices", () => {
  it("notifies each linked organization once, e-mails its active owners, records failures, and isolates notices per tenant", async () => {
    const now = new Date();
    const tag = randomUUID().slice(0, 8);
    const orgA = await createOrganization(db, { legalName: `Incident Target ${tag} LLC` });
    const orgB = await createOrganization(db);
    const ownerA = await createUser(db, { role: "SELLER_OWNER", organizationId: orgA.id });
    const failingOwnerA = await createUser(db, { role: "SELLER_OWNER", organizationId: orgA.id });
    await createUser(db, { role: "SELLER_OWNER", organizationId: orgA.id, status: "DEACTIVATED" });
    const memberA = await createUser(db, { role: "SELLER_MEMBER", organizationId: orgA.id });
    const ownerB = await createUser(db, { role: "SELLER_OWNER", organizationId: orgB.id });
    const { id } = await newIncident(now);

    expect((await searchSellerOrganizations(db, `target ${tag}`)).map((o) => o.id)).toEqual([orgA.id]);
    expect((await linkAffectedSeller(db, id, orgA.id, actor, now)).ok).toBe(true);
    expect((await linkAffectedSeller(db, id, orgA.id, actor, now)).ok).toBe(false);

    const mailer = recordingMailer((to) => to === failingOwnerA.email);
    const notice = { title: "Security incident notice", body: "We detected unusual access to order data." };
    const result = await notifyAffectedSellers(db, id, notice, actor, now, mailer);
    expect(result).toEqual({ ok: true, data: { organizationsNotified: 1, emailsSent: 1, emailsFailed: 1 } });
    expect(mailer.sent.map((m) => m.to)).toEqual([ownerA.email]);
    expect((await notifyAffectedSellers(db, id, notice, actor, now, mailer)).ok).toBe(false); // nobody left to notify

    const detail = await getIncidentDetail(db, id, now);
    expect(detail?.affectedSellers).toMatchObject([{ organizationId: orgA.id, emailsSent: 1, emailsFailed: 1, noticeAcknowledgedAt: null }]);
    expect(detail?.affectedSellers[0]?.notifiedAt).not.toBeNull();

    // Tenant isolation: B sees none of A's notices and cannot acknowledge them.
    expect(await listSellerNotices(db, orgB.id)).toEqual([]);
    const noticeA = (await listSellerNotices(db, orgA.id))[0]!;
    expect(noticeA.title).toBe(notice.title);
    expect(await countUnacknowledgedSellerNotices(db, orgA.id)).toBe(1);
    const foreign = await acknowledgeSellerNotice(db, noticeA.id, { userId: ownerB.id, label: "B", organizationId: orgB.id }, now);
    expect(foreign).toEqual({ ok: false, error: "Notice not found." });
    expect((await db.sellerNotice.findUniqueOrThrow({ where: { id: noticeA.id } })).acknowledgedAt).toBeNull();

    // Any seller user of A may acknowledge; audited once.
    expect(await acknowledgeSellerNotice(db, noticeA.id, { userId: memberA.id, label: "member", organizationId: orgA.id }, now)).toEqual({ ok: true });
    expect(await acknowledgeSellerNotice(db, noticeA.id, { userId: ownerA.id, label: "owner", organizationId: orgA.id }, now)).toEqual({ ok: true });
    expect(await countUnacknowledgedSellerNotices(db, orgA.id)).toBe(0);
    expect(await db.auditEvent.count({ where: { targetId: noticeA.id, action: "seller_notice.acknowledged" } })).toBe(1);
    expect((await getIncidentDetail(db, id, now))?.affectedSellers[0]?.noticeAcknowledgedAt).not.toBeNull();
  });
});

describe("closing (I5)", () => {
  it("refuses to close while an action is open (nothing changes), then closes once done", async () => {
    const clock = new ManualClock("2026-12-01T08:00:00Z");
    const owner = await createUser(db, { role: "OPERATOR_SECURITY_ANALYST" });
    const { id } = await newIncident(clock.now());
    for (const phase of ["CONFIRMED", "CONTAINMENT", "ANALYSIS", "RECOVERY", "POST_MORTEM"] as const) {
      expect((await changeIncidentPhase(db, id, { toPhase: phase }, actor, clock.now())).ok).toBe(true);
    }
    await recordAmazonNotification(db, id, { channel: "EMAIL", reference: "AMZ-2" }, actor, clock.now());
    await addIncidentNote(db, id, "Keys rotated.", actor, clock.now());
    const noPostMortem = await changeIncidentPhase(db, id, { toPhase: "CLOSED" }, actor, clock.now());
    expect(noPostMortem.ok).toBe(false);
    await updatePostMortem(db, id, "# Post-mortem\n\n- root cause: leaked token", actor, clock.now());
    const action = await addCorrectiveAction(db, id, { title: "Rotate all tokens", ownerUserId: owner.id, dueDate: new Date("2026-12-15") }, actor, clock.now());
    expect(action.ok).toBe(true);
    if (!action.ok) return;

    const before = await timelineKinds(id);
    const refused = await changeIncidentPhase(db, id, { toPhase: "CLOSED" }, actor, clock.now());
    expect(refused).toEqual({ ok: false, error: expect.stringContaining("1 corrective action is still open or in progress") });
    expect((await db.incident.findUniqueOrThrow({ where: { id } })).phase).toBe("POST_MORTEM");
    expect(await timelineKinds(id)).toEqual(before);

    await updateCorrectiveActionStatus(db, id, { actionId: action.data.id, status: "IN_PROGRESS" }, actor, clock.now());
    expect((await changeIncidentPhase(db, id, { toPhase: "CLOSED" }, actor, clock.now())).ok).toBe(false);
    await updateCorrectiveActionStatus(db, id, { actionId: action.data.id, status: "DONE" }, actor, clock.now());
    clock.advanceHours(1);
    expect(await changeIncidentPhase(db, id, { toPhase: "CLOSED" }, actor, clock.now())).toEqual({ ok: true, data: { phase: "CLOSED" } });
    const closed = await db.incident.findUniqueOrThrow({ where: { id } });
    expect(closed.closedAt?.toISOString()).toBe("2026-12-01T09:00:00.000Z");
    expect(await auditActions(id)).toContain("incident.closed");
    // Closed is final.
    expect((await addIncidentNote(db, id, "late note", actor, clock.now())).ok).toBe(false);
    expect((await changeIncidentPhase(db, id, { toPhase: "POST_MORTEM", note: "reopen" }, actor, clock.now())).ok).toBe(false);
  });

  it("roles accept only active operators", async () => {
    const { id } = await newIncident(new Date());
    const seller = await createUser(db, { role: "SELLER_OWNER", organizationId: (await createOrganization(db)).id });
    expect(await assignIncidentRole(db, id, { role: "scribe", userId: seller.id }, actor, new Date())).toEqual({ ok: false, error: "Choose an active operator." });
    const scribe = await createUser(db, { role: "OPERATOR_SUPPORT", displayName: "Sam Scribe" });
    expect((await assignIncidentRole(db, id, { role: "scribe", userId: scribe.id }, actor, new Date())).ok).toBe(true);
    expect((await getIncidentDetail(db, id, new Date()))?.roles.scribe).toEqual({ userId: scribe.id, name: "Sam Scribe" });
  });
});

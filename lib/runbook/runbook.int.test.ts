// D6: the runbook's versions, review sign-off and who may change it, on the
// shared test database (only this file writes runbook rows; versions are
// compared relative to what exists).
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { disconnectTestPrisma, getTestPrisma } from "@/test/db";
import {
  RUNBOOK_NOT_ALLOWED,
  ensureRunbook,
  getRunbookReviewStatus,
  getRunbookVersion,
  listRunbookVersions,
  saveRunbookVersion,
  signOffRunbookReview,
} from "./runbook";

const prisma = () => getTestPrisma();
afterAll(() => disconnectTestPrisma());

const analyst = () => ({ userId: randomUUID(), role: "OPERATOR_SECURITY_ANALYST" as const, requestId: randomUUID() });

describe("runbook versions", () => {
  it("creates version 1 from docs/incident-response-runbook.md on first use, then each save is n+1", async () => {
    const first = await ensureRunbook(prisma());
    const v1 = await getRunbookVersion(prisma(), 1);
    expect(v1?.markdown).toContain("security@amazon.com");
    expect(v1?.markdown).toContain("{{INCIDENT_CONTACT}}");
    expect(await ensureRunbook(prisma())).toMatchObject({ id: first.id });

    const editor = analyst();
    const saved = await saveRunbookVersion(prisma(), { markdown: "# Runbook\n\nNew text.", changeSummary: "Shorter intro" }, editor);
    expect(saved).toEqual({ ok: true, value: { version: first.version + 1 } });
    const again = await saveRunbookVersion(prisma(), { markdown: "# Runbook\n\nNewer text.", changeSummary: "Even shorter" }, analyst());
    expect(again).toEqual({ ok: true, value: { version: first.version + 2 } });
    // Old versions are kept as they were.
    expect((await getRunbookVersion(prisma(), first.version))?.markdown).toBe(first.markdown);
    expect((await listRunbookVersions(prisma())).slice(0, 2).map((v) => v.changeSummary)).toEqual(["Even shorter", "Shorter intro"]);
    const audited = await prisma().auditEvent.findFirstOrThrow({ where: { action: "runbook.updated", requestId: editor.requestId } });
    expect(audited).toMatchObject({ actorUserId: editor.userId, targetType: "runbook_version" });
    expect(audited.details).toMatchObject({ version: first.version + 1, changeSummary: "Shorter intro" });
  });

  it("concurrent saves get distinct version numbers", async () => {
    await ensureRunbook(prisma());
    const results = await Promise.all(
      [1, 2, 3].map((i) => saveRunbookVersion(prisma(), { markdown: `# v ${i}`, changeSummary: `concurrent ${i}` }, analyst())),
    );
    const versions = results.map((result) => (result.ok ? result.value.version : -1));
    expect(new Set(versions).size).toBe(3);
    expect(versions.every((version) => version > 0)).toBe(true);
  });

  it("refuses empty markdown and a missing change summary", async () => {
    const result = await saveRunbookVersion(prisma(), { markdown: "  ", changeSummary: "" }, analyst());
    expect(result).toMatchObject({ ok: false, fieldErrors: { markdown: expect.any(Array), changeSummary: expect.any(Array) } });
  });
});

describe("runbook review sign-off", () => {
  it("needs notes; next due = reviewedAt + cadence (6 months); overdue after that", async () => {
    expect(await signOffRunbookReview(prisma(), { notes: "" }, analyst(), new Date())).toMatchObject({ ok: false, fieldErrors: { notes: expect.any(Array) } });

    const reviewer = analyst();
    const reviewedAt = new Date("2030-03-31T12:00:00Z");
    const result = await signOffRunbookReview(prisma(), { notes: "Checked the contact and the Amazon address." }, reviewer, reviewedAt);
    expect(result).toMatchObject({ ok: true, value: { nextDueAt: new Date("2030-09-30T12:00:00Z") } });

    const current = await ensureRunbook(prisma());
    expect(await getRunbookReviewStatus(prisma(), new Date("2030-09-30T11:59:59Z"))).toEqual({
      lastReviewedAt: reviewedAt,
      nextDueAt: new Date("2030-09-30T12:00:00Z"),
      overdue: false,
      currentVersion: current.version,
    });
    expect(await getRunbookReviewStatus(prisma(), new Date("2030-09-30T12:00:01Z"))).toMatchObject({ overdue: true });
    const audited = await prisma().auditEvent.findFirstOrThrow({ where: { action: "runbook.reviewed", requestId: reviewer.requestId } });
    expect(audited.details).toMatchObject({ version: current.version, nextDueAt: "2030-09-30T12:00:00.000Z" });
  });
});

describe("runbook authorization (defense in depth below the actions)", () => {
  it("support cannot edit or sign off; the admin can read but not edit; nothing is written", async () => {
    const before = await prisma().runbookVersion.count();
    const reviewsBefore = await prisma().runbookReview.count();
    for (const role of ["OPERATOR_SUPPORT", "OPERATOR_ADMIN", "SELLER_OWNER"] as const) {
      const actor = { userId: randomUUID(), role };
      expect(await saveRunbookVersion(prisma(), { markdown: "# hijack", changeSummary: "not allowed" }, actor)).toEqual({ ok: false, error: RUNBOOK_NOT_ALLOWED });
      expect(await signOffRunbookReview(prisma(), { notes: "not allowed at all" }, actor, new Date())).toEqual({ ok: false, error: RUNBOOK_NOT_ALLOWED });
    }
    expect(await prisma().runbookVersion.count()).toBe(before);
    expect(await prisma().runbookReview.count()).toBe(reviewsBefore);
    // Reading is a plain query (the page checks incidents:view, which the admin holds).
    expect(await ensureRunbook(prisma())).toBeTruthy();
  });
});

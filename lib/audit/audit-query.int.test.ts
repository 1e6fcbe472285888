// The audit log viewer's query and the audited export on the shared test
// database (A5, L2). Each test scopes its rows by a unique target type or
// request id (other files append to the same log concurrently).
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { disconnectTestPrisma, getTestPrisma } from "@/test/db";
import { createOrganization, createUser, uniqueEmail } from "@/test/factories";
import { startAuditExport } from "./audit-export";
import { InvalidAuditCursorError, auditNames, queryAuditEvents, type AuditFilters } from "./audit-query";
import { recordAudit, type AuditEventInput } from "./record-audit";

const prisma = () => getTestPrisma();
afterAll(() => disconnectTestPrisma());

async function append(events: AuditEventInput[]): Promise<void> {
  for (const event of events) await prisma().$transaction((tx) => recordAudit(tx, event));
}

function rowsOf(count: number, base: Partial<AuditEventInput>): AuditEventInput[] {
  return Array.from({ length: count }, (_, i) => ({ action: "auth.sign_in", result: "SUCCESS", details: { i }, ...base }));
}

async function readAll(filters: AuditFilters, pageSize: number) {
  const seen: string[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await queryAuditEvents(prisma(), filters, { cursor, direction: "older", pageSize });
    seen.push(...page.rows.map((row) => row.id.toString()));
    if (!page.olderCursor) return seen;
    cursor = page.olderCursor;
  }
}

describe("queryAuditEvents", () => {
  it("filters by actor (id or e-mail), action (exact or group), target, organization, result and time", async () => {
    const targetType = `t-${randomUUID()}`;
    const organization = await createOrganization(prisma());
    const user = await createUser(prisma(), { email: uniqueEmail("audit-actor"), role: "OPERATOR_SUPPORT", password: null });
    await append([
      { action: "auth.sign_in", result: "SUCCESS", actorUserId: user.id, targetType, targetId: "a" },
      { action: "auth.sign_in_failed", result: "FAILURE", targetType, targetId: "b", actorLabel: "ghost@example.test" },
      { action: "user.role_changed", result: "SUCCESS", actorUserId: user.id, targetType, targetId: "a", organizationId: organization.id },
      { action: "access.denied", result: "DENIED", targetType, targetId: "c" },
    ]);
    const actions = async (filters: AuditFilters) =>
      (await queryAuditEvents(prisma(), { ...filters, targetType })).rows.map((row) => row.action);

    expect(await actions({})).toEqual(["access.denied", "user.role_changed", "auth.sign_in_failed", "auth.sign_in"]);
    expect(await actions({ actor: user.id })).toEqual(["user.role_changed", "auth.sign_in"]);
    expect(await actions({ actor: user.email.toUpperCase() })).toEqual(["user.role_changed", "auth.sign_in"]);
    expect(await actions({ actor: "ghost@example.test" })).toEqual(["auth.sign_in_failed"]);
    expect(await actions({ action: "auth." })).toEqual(["auth.sign_in_failed", "auth.sign_in"]);
    expect(await actions({ action: "auth.sign_in" })).toEqual(["auth.sign_in"]);
    expect(await actions({ action: "auth.sign_in*" })).toEqual(["auth.sign_in_failed", "auth.sign_in"]);
    expect(await actions({ targetId: "a" })).toEqual(["user.role_changed", "auth.sign_in"]);
    expect(await actions({ org: organization.id })).toEqual(["user.role_changed"]);
    expect(await actions({ result: "DENIED" })).toEqual(["access.denied"]);
    const minute = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString().slice(0, 16);
    expect(await actions({ from: minute(-3_600_000), to: minute(3_600_000) })).toHaveLength(4);
    expect(await actions({ from: minute(3_600_000) })).toEqual([]);
    expect(await actions({ to: "2001-01-01" })).toEqual([]);
  });

  it("pages newest first with no duplicates or gaps, and pages stay put when new rows arrive", async () => {
    const targetType = `t-${randomUUID()}`;
    await append(rowsOf(11, { targetType }));
    const all = await readAll({ targetType }, 4);
    expect(all).toHaveLength(11);
    expect(new Set(all).size).toBe(11);
    expect([...all].sort((a, b) => Number(BigInt(b) - BigInt(a)))).toEqual(all);

    const first = await queryAuditEvents(prisma(), { targetType }, { pageSize: 4 });
    expect(first.newerCursor).toBeNull();
    const second = await queryAuditEvents(prisma(), { targetType }, { cursor: first.olderCursor ?? undefined, pageSize: 4 });
    // New rows arrive while the analyst reads page 2.
    await append(rowsOf(3, { targetType }));
    const secondAgain = await queryAuditEvents(prisma(), { targetType }, { cursor: first.olderCursor ?? undefined, pageSize: 4 });
    expect(secondAgain.rows.map((row) => row.id)).toEqual(second.rows.map((row) => row.id));
    const third = await queryAuditEvents(prisma(), { targetType }, { cursor: secondAgain.olderCursor ?? undefined, pageSize: 4 });
    expect(third.rows.map((row) => row.id.toString())).toEqual(all.slice(8, 12));
    // "Newer" from page 2 is exactly page 1 as it was (the new rows are newer still, one more "Newer" away).
    const back = await queryAuditEvents(prisma(), { targetType }, { cursor: second.newerCursor ?? undefined, direction: "newer", pageSize: 4 });
    expect(back.rows.map((row) => row.id)).toEqual(first.rows.map((row) => row.id));
    expect(back.newerCursor).not.toBeNull();
    const newest = await queryAuditEvents(prisma(), { targetType }, { cursor: back.newerCursor ?? undefined, direction: "newer", pageSize: 4 });
    expect(newest.rows).toHaveLength(3);
    expect(newest.newerCursor).toBeNull();
    expect(await readAll({ targetType }, 5)).toHaveLength(14);
  });

  it("refuses an invalid cursor with a clear error", async () => {
    await expect(queryAuditEvents(prisma(), {}, { cursor: "not-a-cursor" })).rejects.toThrow(InvalidAuditCursorError);
    await expect(queryAuditEvents(prisma(), {}, { cursor: "bm9wZQ" })).rejects.toThrow(/not valid/);
  });
});

describe("auditNames", () => {
  it("names the organizations and users the rows point at, so the viewer shows names instead of ids", async () => {
    const request = `req-${randomUUID()}`;
    const organization = await createOrganization(prisma(), { legalName: `Alder Creek Outfitters ${randomUUID().slice(0, 6)} LLC` });
    const target = await createUser(prisma(), { email: uniqueEmail("audit-target"), role: "SELLER_MEMBER", organizationId: organization.id, password: null });
    const unknown = randomUUID();
    await append([
      { action: "user.role_changed", result: "SUCCESS", requestId: request, targetType: "user", targetId: target.id, organizationId: organization.id },
      { action: "onboarding.step_completed", result: "SUCCESS", requestId: request, targetType: "organization", targetId: organization.id },
      { action: "user.removed", result: "SUCCESS", requestId: request, targetType: "user", targetId: "not-a-uuid" },
      { action: "onboarding.step_completed", result: "SUCCESS", requestId: request, targetType: "organization", targetId: unknown },
    ]);
    const { rows } = await queryAuditEvents(prisma(), { request });
    expect(rows).toHaveLength(4);
    const names = await auditNames(prisma(), rows);
    expect(names.organizations.get(organization.id)).toBe(organization.legalName);
    expect(names.emails.get(target.id)).toBe(target.email);
    // An unknown organization, or a target id that is no UUID: no name, and no failed query.
    expect(names.organizations.has(unknown)).toBe(false);
    expect(names.emails.has("not-a-uuid")).toBe(false);
  });
});

async function streamText(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

describe("startAuditExport", () => {
  it("records audit.exported with the filters and row count BEFORE streaming, then streams exactly those rows", async () => {
    const targetType = `t-${randomUUID()}`;
    const actor = await createUser(prisma(), { email: uniqueEmail("exporter"), role: "OPERATOR_SECURITY_ANALYST", password: null });
    await append([...rowsOf(3, { targetType, actorLabel: "=1+1" }), { action: "user.invited", result: "SUCCESS", targetType }]);
    const filters: AuditFilters = { targetType, action: "auth." };
    const requestId = randomUUID();
    const file = await startAuditExport(prisma(), { filters, format: "csv", actor: { userId: actor.id, requestId } });

    // Audited before a byte was read.
    const audited = await prisma().auditEvent.findFirstOrThrow({ where: { action: "audit.exported", requestId } });
    expect(audited).toMatchObject({ actorUserId: actor.id, result: "SUCCESS" });
    expect(audited.details).toMatchObject({ format: "csv", rowCount: 3, truncated: false, filter_targetType: targetType, filter_action: "auth." });

    // Rows appended after the export started are not in it.
    await append(rowsOf(2, { targetType }));
    const text = await streamText(file.body);
    const lines = text.trimEnd().split("\r\n");
    expect(lines[0]).toBe("id,occurredAt,action,result,actorUserId,actorLabel,targetType,targetId,organizationId,ipAddress,userAgent,requestId,details,prevHash,hash");
    expect(lines).toHaveLength(4);
    expect(lines.slice(1).every((line) => line.includes(",'=1+1,"))).toBe(true);
    expect(file.filename).toMatch(/^audit-log-.*\.csv$/);
  });

  it("JSON export: a document with the cap, the count and the rows; the cap is said in the file", async () => {
    const targetType = `t-${randomUUID()}`;
    const actor = await createUser(prisma(), { email: uniqueEmail("exporter"), role: "OPERATOR_SECURITY_ANALYST", password: null });
    await append(rowsOf(5, { targetType }));
    const file = await startAuditExport(prisma(), { filters: { targetType }, format: "json", actor: { userId: actor.id }, rowCap: 3 });
    expect(file).toMatchObject({ rowCount: 3, truncated: true });
    const document = JSON.parse(await streamText(file.body)) as { rows: { id: string; details: unknown }[]; rowCount: number; truncated: boolean; rowCap: number; note: string };
    expect(document).toMatchObject({ rowCount: 3, truncated: true, rowCap: 3 });
    expect(document.note).toMatch(/capped at 3 rows/);
    expect(document.rows).toHaveLength(3);
    expect(document.rows[0]?.details).toEqual({ i: 4 });

    const csv = await startAuditExport(prisma(), { filters: { targetType }, format: "csv", actor: { userId: actor.id }, rowCap: 2 });
    const text = await streamText(csv.body);
    expect(text.trimEnd().split("\r\n").at(-1)).toMatch(/^# Export capped at 2 rows/);
  });

  it("an empty filtered set still exports a header and is audited with 0 rows", async () => {
    const actor = await createUser(prisma(), { email: uniqueEmail("exporter"), role: "OPERATOR_SECURITY_ANALYST", password: null });
    const requestId = randomUUID();
    const file = await startAuditExport(prisma(), { filters: { targetType: `t-${randomUUID()}` }, format: "json", actor: { userId: actor.id, requestId } });
    expect(JSON.parse(await streamText(file.body))).toMatchObject({ rowCount: 0, rows: [] });
    const audited = await prisma().auditEvent.findFirstOrThrow({ where: { action: "audit.exported", requestId } });
    expect(audited.details).toMatchObject({ rowCount: 0 });
  });
});

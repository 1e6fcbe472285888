// Unit: CSV encoding of audit exports (injection-safe) and the viewer's URL filters and cursors (A5, L2).
import { describe, expect, it } from "vitest";
import { csvRowOf, AUDIT_EXPORT_COLUMNS } from "./audit-export";
import {
  InvalidAuditCursorError,
  auditFiltersToParams,
  decodeAuditCursor,
  encodeAuditCursor,
  parseAuditFilters,
  type AuditEventRow,
} from "./audit-query";

describe("audit export rows", () => {
  it("writes whole rows with CRLF and every column in order", () => {
    const row: AuditEventRow = {
      id: 42n,
      occurredAt: new Date("2026-11-29T09:43:12.345Z"),
      action: "orders.pii_revealed",
      result: "SUCCESS",
      actorUserId: "00000000-0000-4000-8000-000000000001",
      actorLabel: "=cmd|' /C calc'!A0",
      targetType: "order",
      targetId: "111-FAKE-0001",
      organizationId: null,
      ipAddress: "203.0.113.5",
      userAgent: "Mozilla, really",
      requestId: null,
      details: { reason: "customer asked, twice" },
      prevHash: "0".repeat(64),
      hash: "f".repeat(64),
    };
    const cells = csvRowOf(row);
    expect(cells.endsWith("\r\n")).toBe(true);
    expect(cells).toContain("42,2026-11-29T09:43:12.345Z,orders.pii_revealed,SUCCESS,");
    expect(cells).toContain("'=cmd|' /C calc'!A0");
    expect(cells).toContain('"Mozilla, really"');
    expect(cells).toContain('"{""reason"":""customer asked, twice""}"');
    expect(AUDIT_EXPORT_COLUMNS).toHaveLength(15);
  });
});

describe("viewer filters and cursors", () => {
  it("reads filters from the URL, dropping empty fields", () => {
    const parsed = parseAuditFilters({ action: "auth.", actor: "", result: "DENIED", from: "2026-11-01", to: "2026-11-29T10:00" });
    expect(parsed).toEqual({
      ok: true,
      filters: expect.objectContaining({ action: "auth.", result: "DENIED", from: "2026-11-01", to: "2026-11-29T10:00", actor: undefined }),
    });
    expect(auditFiltersToParams(parsed.filters).toString()).toBe("action=auth.&result=DENIED&from=2026-11-01&to=2026-11-29T10%3A00");
  });

  it("reports invalid filters and keeps the valid ones", () => {
    const parsed = parseAuditFilters({ action: "DROP TABLE", org: "not-a-uuid", result: "MAYBE", from: "2026-02-31", targetType: "user" });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(Object.keys(parsed.fieldErrors).sort()).toEqual(["action", "from", "org", "result"]);
    expect(parsed.filters.targetType).toBe("user");
    expect(parseAuditFilters({ from: "2026-11-29", to: "2026-11-01" })).toMatchObject({ ok: false, fieldErrors: { to: expect.any(String) } });
  });

  it("round-trips cursors and refuses forged or garbled ones with a clear error", () => {
    const cursor = { occurredAt: new Date("2026-11-29T09:43:12.345Z"), id: 9_007_199_254_740_993n };
    expect(decodeAuditCursor(encodeAuditCursor(cursor))).toEqual(cursor);
    for (const bad of ["", "!!!", Buffer.from("2026-11-29|1").toString("base64url"), Buffer.from("x|1").toString("base64url")]) {
      expect(() => decodeAuditCursor(bad)).toThrow(InvalidAuditCursorError);
    }
    expect(() => decodeAuditCursor("%%%")).toThrow(/not valid/);
  });
});

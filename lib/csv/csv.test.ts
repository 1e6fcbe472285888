import { describe, expect, it } from "vitest";
import { csvCell, csvDocument, csvLine } from "./csv";

describe("CSV cells, quoted as needed (the audit export)", () => {
  it("quotes commas, quotes and line breaks (RFC 4180), and leaves the rest bare", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell(null)).toBe("");
    expect(csvCell(undefined)).toBe("");
    expect(csvCell(42)).toBe("42");
  });

  it("neutralizes formula injection: = + - @ tab CR get a leading apostrophe", () => {
    expect(csvCell('=HYPERLINK("http://evil")')).toBe(`"'=HYPERLINK(""http://evil"")"`);
    expect(csvCell("+1234")).toBe("'+1234");
    expect(csvCell("-2+3")).toBe("'-2+3");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("\tcmd")).toBe("'\tcmd");
    expect(csvCell("\rcmd")).toBe("\"'\rcmd\"");
    expect(csvCell("a=b")).toBe("a=b");
  });

  it("ends every line with CRLF", () => {
    expect(csvLine(["a", null, "=x"])).toBe("a,,'=x\r\n");
  });
});

describe("CSV cells, every one quoted (the access review evidence)", () => {
  it("quotes every cell, empty ones too, and doubles quotes", () => {
    expect(csvCell('say "hi", ok', "every-cell")).toBe('"say ""hi"", ok"');
    expect(csvCell(null, "every-cell")).toBe('""');
    expect(csvCell(new Date("2026-01-02T03:04:05Z"), "every-cell")).toBe('"2026-01-02T03:04:05.000Z"');
  });

  it("neutralizes cells a spreadsheet would run as formulas", () => {
    for (const evil of ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"]) expect(csvCell(evil, "every-cell").startsWith(`"'`)).toBe(true);
    expect(csvCell("a=1", "every-cell")).toBe('"a=1"');
  });

  it("joins lines with CRLF and ends with one", () => {
    expect(csvDocument(["a", "b"], [["1", null]], "every-cell")).toBe('"a","b"\r\n"1",""\r\n');
  });
});

// CSV for evidence exports (RFC 4180), safe to open in a spreadsheet: the one
// encoder of the audit log export and the access review evidence. Plain module.
//
// CSV injection: a cell that starts with = + - @ (or a tab / carriage return
// that some spreadsheets skip before them) is read as a formula. Names, reasons
// and audit details are typed by people, so such a cell is prefixed with an
// apostrophe, which spreadsheets show as text.

export type CsvValue = string | number | boolean | Date | null | undefined;

/**
 * "as-needed" quotes a cell only when it holds a comma, a quote or a line
 * break (the audit export: large files, read by tools); "every-cell" quotes
 * all of them (the access review evidence, read by people in a spreadsheet).
 */
export type CsvQuoting = "as-needed" | "every-cell";

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(value: CsvValue, quoting: CsvQuoting = "as-needed"): string {
  const text = value === null || value === undefined ? "" : value instanceof Date ? value.toISOString() : String(value);
  const safe = FORMULA_START.test(text) ? `'${text}` : text;
  return quoting === "every-cell" || NEEDS_QUOTES.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One record, ending with CRLF. */
export function csvLine(values: readonly CsvValue[], quoting: CsvQuoting = "as-needed"): string {
  return `${values.map((value) => csvCell(value, quoting)).join(",")}\r\n`;
}

/** A header and its rows, each line ending with CRLF. */
export function csvDocument(header: readonly string[], rows: ReadonlyArray<readonly CsvValue[]>, quoting: CsvQuoting = "as-needed"): string {
  return [header, ...rows].map((row) => csvLine(row, quoting)).join("");
}

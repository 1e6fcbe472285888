// CSV for evidence exports (RFC 4180), safe to open in a spreadsheet. Plain module.
//
// CSV injection: a cell that starts with = + - @ (or a tab / carriage return
// that some spreadsheets skip before them) is read as a formula. Justifications
// and names are typed by people, so such a cell is prefixed with an
// apostrophe, which spreadsheets show as text. Every cell is quoted.

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | boolean | Date | null | undefined): string {
  if (value === null || value === undefined) return '""';
  const text = value instanceof Date ? value.toISOString() : String(value);
  const safe = FORMULA_START.test(text) ? `'${text}` : text;
  return `"${safe.replace(/"/g, '""')}"`;
}

export function csvRow(values: ReadonlyArray<string | number | boolean | Date | null | undefined>): string {
  return values.map(csvCell).join(",");
}

/** Lines joined with CRLF (RFC 4180), ending with one. */
export function csvDocument(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number | boolean | Date | null | undefined>>): string {
  return [csvRow(header), ...rows.map(csvRow)].join("\r\n") + "\r\n";
}

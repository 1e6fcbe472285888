// Pure masking of buyer PII for lists and operator views (style: "sensitive
// data is masked until revealed"). No I/O: safe in server and client code.
// A mask keeps just enough to recognise a record (an initial, the last two
// digits) and never the length of the hidden part: every hidden run is "***".

const HIDDEN = "***";

function maskWord(word: string): string {
  const first = Array.from(word)[0];
  return first === undefined ? "" : `${first}${HIDDEN}`;
}

/** "Jane Doe" → "J*** D***". Empty or missing → "". */
export function maskName(name: string | null | undefined): string {
  if (!name) return "";
  return name
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map(maskWord)
    .join(" ");
}

/** "+1 206-555-0142" → "*** *** **42": only the last two digits survive. */
export function maskPhone(phone: string | null | undefined): string {
  if (!phone) return "";
  const digits = phone.replace(/\D/g, "");
  if (digits.length < 4) return `${HIDDEN} ${HIDDEN} **`;
  return `${HIDDEN} ${HIDDEN} **${digits.slice(-2)}`;
}

/** "jane.doe@example.com" → "j***@e***.com": first letters and the top-level domain only. */
export function maskEmail(email: string | null | undefined): string {
  if (!email) return "";
  const at = email.lastIndexOf("@");
  if (at <= 0) return maskWord(email);
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  const dot = domain.lastIndexOf(".");
  const host = dot > 0 ? domain.slice(0, dot) : domain;
  const tld = dot > 0 ? domain.slice(dot) : "";
  return `${maskWord(local)}@${maskWord(host)}${tld}`;
}

/** "123 Main Street Apt 4" → "1*** M*** S*** A*** 4***": an address line word by word. */
export function maskAddressLine(line: string | null | undefined): string {
  return maskName(line);
}

/** "98121-2778" → "98***": the first two characters (a region, not a street). */
export function maskPostalCode(postalCode: string | null | undefined): string {
  if (!postalCode) return "";
  const compact = postalCode.trim();
  if (compact.length <= 2) return HIDDEN;
  return `${compact.slice(0, 2)}${HIDDEN}`;
}

/**
 * Ship-to for a list: the city masked, region and country code in clear (they
 * identify no one on their own and help a seller read the list): "S***, WA, US".
 */
export function maskShipTo(parts: { city?: string | null; stateOrRegion?: string | null; countryCode?: string | null }): string {
  return [maskName(parts.city), parts.stateOrRegion?.trim(), parts.countryCode?.trim()].filter((part) => part).join(", ");
}

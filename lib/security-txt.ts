// Server-side only (pure, no secrets): builds /.well-known/security.txt per
// RFC 9116. No `import "server-only"` so that vitest can load it directly.

export const SECURITY_CONTACT_EMAIL = "security@fire-feed.com";

/** RFC 9116 §2.5.5 recommends an Expires less than a year ahead; we refresh every request, so half a year is ample. */
export const SECURITY_TXT_VALIDITY_DAYS = 180;

const DAY_MS = 24 * 60 * 60 * 1000;

/** `now` + 180 days, truncated to midnight UTC so the value is stable for a whole day (cache friendly). */
export function securityTxtExpiry(now: Date): Date {
  const later = now.getTime() + SECURITY_TXT_VALIDITY_DAYS * DAY_MS;
  return new Date(Math.floor(later / DAY_MS) * DAY_MS);
}

/** RFC 3339 / ISO 8601 timestamp in UTC without milliseconds, e.g. 2026-05-28T00:00:00Z. */
function formatTimestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** The public base URL without a trailing slash. Throws on anything but http(s), which would make a bogus Canonical. */
function normalizeBaseUrl(appUrl: string): string {
  const url = new URL(appUrl);
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new Error("APP_URL must be an http(s) URL");
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}

export type SecurityTxtInput = { appUrl: string; now: Date };

/**
 * The file body. Lines end in LF (RFC 9116 §4 allows CRLF or LF; we use one
 * consistently) and the file ends with a newline.
 */
export function buildSecurityTxt({ appUrl, now }: SecurityTxtInput): string {
  const base = normalizeBaseUrl(appUrl);
  const lines = [
    "# FireFeed Portal security contact (RFC 9116).",
    `# How we protect sellers' and buyers' data: ${base}/security`,
    "",
    `Contact: mailto:${SECURITY_CONTACT_EMAIL}`,
    `Expires: ${formatTimestamp(securityTxtExpiry(now))}`,
    "Preferred-Languages: en",
    `Canonical: ${base}/.well-known/security.txt`,
    `Policy: ${base}/security`,
  ];
  return `${lines.join("\n")}\n`;
}

// The data-use terms a seller accepts during onboarding (issue 4). Versioned:
// an acceptance row stores the version it accepted, so when the text changes
// we bump the version and can tell who accepted what. Plain data (no I/O):
// the wizard's client component renders the same text the server records.

/** Bump whenever TERMS_TEXT changes in substance (date-based, sortable). */
export const CURRENT_TERMS_VERSION = "2026-11-01";

export const TERMS_TITLE = "FireFeed data-use terms";

/** The public page that shows the current terms (linked wherever they are accepted; public in lib/rbac/route-policy.ts). */
export const TERMS_PATH = "/terms";

const dateOfVersion = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

/** The date a (date-based) version took effect, as people write it: "1 November 2026"; null for a version that is not a date. */
export function termsVersionDate(version: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(version)) return null;
  const date = new Date(`${version}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? null : dateOfVersion.format(date);
}

/** Paragraphs of the current terms, shown in full before the seller accepts them. */
export const TERMS_TEXT: readonly string[] = Object.freeze([
  "FireFeed reads your Amazon orders through Amazon's Selling Partner API only to show them to you and your team, and only after you authorize FireFeed on Amazon's own consent screen.",
  "Buyer personal information (names, addresses, phone numbers, e-mail addresses) is encrypted when stored, masked on screen by default, and shown unmasked only to users you allow, for a reason they give. Every reveal is recorded.",
  "Buyer personal information is deleted at most 30 days after an order is delivered; order records are deleted after at most 18 months. FireFeed never sells, shares or uses this data for any other purpose, and never uses it for marketing.",
  "You can disconnect Amazon at any time. FireFeed then stops syncing and deletes your Amazon data, keeping only a record that the deletion happened.",
  "You confirm that you are allowed to accept these terms for your organization and that you will use buyer information only to fulfil and support your orders, as Amazon's Data Protection Policy requires.",
]);

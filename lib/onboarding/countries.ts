// Countries a seller organization can be registered in (ISO 3166-1 alpha-2),
// for the onboarding wizard's select. Plain data. The list covers the
// countries of Amazon's marketplaces and their neighbours; the server accepts
// exactly these codes. People look for their country by its name, so the list
// is in name order (the value stays the code).

/**
 * Compares display names. The locale is fixed so the server-rendered list and
 * the browser's agree whatever the machine's or the visitor's language.
 */
export const compareCountryNames: (a: string, b: string) => number = (a, b) => a.localeCompare(b, "en", { sensitivity: "base" });

export const COUNTRIES: readonly { code: string; name: string }[] = Object.freeze(
  [
    ["AE", "United Arab Emirates"],
    ["AT", "Austria"],
    ["AU", "Australia"],
    ["BE", "Belgium"],
    ["BR", "Brazil"],
    ["CA", "Canada"],
    ["CH", "Switzerland"],
    ["CN", "China"],
    ["CZ", "Czechia"],
    ["DE", "Germany"],
    ["DK", "Denmark"],
    ["EG", "Egypt"],
    ["ES", "Spain"],
    ["FI", "Finland"],
    ["FR", "France"],
    ["GB", "United Kingdom"],
    ["HK", "Hong Kong"],
    ["IE", "Ireland"],
    ["IN", "India"],
    ["IT", "Italy"],
    ["JP", "Japan"],
    ["KR", "South Korea"],
    ["MX", "Mexico"],
    ["NL", "Netherlands"],
    ["NO", "Norway"],
    ["NZ", "New Zealand"],
    ["PL", "Poland"],
    ["PT", "Portugal"],
    ["SA", "Saudi Arabia"],
    ["SE", "Sweden"],
    ["SG", "Singapore"],
    ["TR", "Turkey"],
    ["TW", "Taiwan"],
    ["US", "United States"],
    ["ZA", "South Africa"],
  ]
    .map(([code, name]) => ({ code: code as string, name: name as string }))
    .sort((a, b) => compareCountryNames(a.name, b.name)),
);

const CODES = new Set(COUNTRIES.map((country) => country.code));

export function isKnownCountry(code: string): boolean {
  return CODES.has(code);
}

export function countryName(code: string | null | undefined): string {
  if (!code) return "—";
  return COUNTRIES.find((country) => country.code === code)?.name ?? code;
}

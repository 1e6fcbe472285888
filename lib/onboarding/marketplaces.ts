// Amazon marketplaces a seller can choose during onboarding, grouped by the
// SP-API region that serves them (authorization is regional: one refresh
// token covers all marketplaces of a region; see docs amazon.md §1-2).
// Plain data (no I/O): used by the wizard's client form and by the server's
// validation alike.
import { z } from "zod";
import { compareCountryNames } from "./countries";

export type AmazonRegionCode = "NA" | "EU" | "FE";

export interface Marketplace {
  readonly id: string;
  readonly country: string;
  readonly region: AmazonRegionCode;
}

export const REGION_LABELS: Readonly<Record<AmazonRegionCode, string>> = Object.freeze({
  NA: "North America",
  EU: "Europe, Middle East and India",
  FE: "Far East",
});

// Amazon's published marketplace ids.
export const MARKETPLACES: readonly Marketplace[] = Object.freeze([
  { id: "ATVPDKIKX0DER", country: "United States", region: "NA" },
  { id: "A2EUQ1WTGCTBG2", country: "Canada", region: "NA" },
  { id: "A1AM78C64UM0Y8", country: "Mexico", region: "NA" },
  { id: "A2Q3Y263D00KWC", country: "Brazil", region: "NA" },
  { id: "A1F83G8C2ARO7P", country: "United Kingdom", region: "EU" },
  { id: "A1PA6795UKMFR9", country: "Germany", region: "EU" },
  { id: "A13V1IB3VIYZZH", country: "France", region: "EU" },
  { id: "APJ6JRA9NG5V4", country: "Italy", region: "EU" },
  { id: "A1RKKUPIHCS9HS", country: "Spain", region: "EU" },
  { id: "A1805IZSGTT6HS", country: "Netherlands", region: "EU" },
  { id: "A2NODRKZP88ZB9", country: "Sweden", region: "EU" },
  { id: "A1C3SOZRARQ6R3", country: "Poland", region: "EU" },
  { id: "AMEN7PMS3EDWL", country: "Belgium", region: "EU" },
  { id: "A28R8C7NBKEWEA", country: "Ireland", region: "EU" },
  { id: "A33AVAJ2PDY3EV", country: "Turkey", region: "EU" },
  { id: "A2VIGQ35RCS4UG", country: "United Arab Emirates", region: "EU" },
  { id: "A17E79C6D8DWNP", country: "Saudi Arabia", region: "EU" },
  { id: "ARBP9OOSHTCHU", country: "Egypt", region: "EU" },
  { id: "A21TJRUUN4KGV", country: "India", region: "EU" },
  { id: "AE08WJ6YKNBMC", country: "South Africa", region: "EU" },
  { id: "A1VC38T7YXB528", country: "Japan", region: "FE" },
  { id: "A39IBJ37TRP1C6", country: "Australia", region: "FE" },
  { id: "A19VAU5U5O7RUS", country: "Singapore", region: "FE" },
]);

const MARKETPLACE_BY_ID: ReadonlyMap<string, Marketplace> = new Map(MARKETPLACES.map((marketplace) => [marketplace.id, marketplace]));

export const marketplaceIdSchema = z.string().refine((id) => MARKETPLACE_BY_ID.has(id), "Choose marketplaces from the list.");

export function marketplaceLabel(id: string | null | undefined): string {
  if (!id) return "—";
  return MARKETPLACE_BY_ID.get(id)?.country ?? id;
}

/** The regions a seller must authorize for the marketplaces they chose, in NA, EU, FE order. */
export function regionsForMarketplaces(ids: readonly string[]): AmazonRegionCode[] {
  const regions = new Set(ids.map((id) => MARKETPLACE_BY_ID.get(id)?.region).filter((region) => region !== undefined));
  return (["NA", "EU", "FE"] as const).filter((region) => regions.has(region));
}

/** The marketplaces grouped by region (NA, EU, FE), each group in country-name order as people look for them. */
export function marketplacesByRegion(): { region: AmazonRegionCode; label: string; marketplaces: Marketplace[] }[] {
  return (["NA", "EU", "FE"] as const).map((region) => ({
    region,
    label: REGION_LABELS[region],
    marketplaces: MARKETPLACES.filter((marketplace) => marketplace.region === region).sort((a, b) => compareCountryNames(a.country, b.country)),
  }));
}

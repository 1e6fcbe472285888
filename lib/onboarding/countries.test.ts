import { describe, expect, it } from "vitest";
import { COUNTRIES, countryName, isKnownCountry } from "./countries";
import { MARKETPLACES, marketplacesByRegion } from "./marketplaces";

const byName = (a: string, b: string) => a.localeCompare(b, "en");

describe("countries", () => {
  it("are listed by display name, not by ISO code", () => {
    const names = COUNTRIES.map((country) => country.name);
    expect(names).toEqual([...names].sort(byName));
    // Sorted by code, "United Arab Emirates" (AE) came first and "Switzerland" (CH) before "China".
    expect(names[0]).toBe("Australia");
    expect(names.indexOf("China")).toBeLessThan(names.indexOf("Switzerland"));
    expect(names.at(-1)).toBe("United States");
  });

  it("keep the ISO code as the value, each once", () => {
    const codes = COUNTRIES.map((country) => country.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes.every((code) => /^[A-Z]{2}$/.test(code))).toBe(true);
    expect(COUNTRIES.find((country) => country.name === "United Kingdom")?.code).toBe("GB");
    expect(isKnownCountry("GB")).toBe(true);
    expect(countryName("CH")).toBe("Switzerland");
  });

  it("the marketplace choices are in country-name order within each region, every marketplace once", () => {
    const groups = marketplacesByRegion();
    for (const group of groups) {
      const countries = group.marketplaces.map((marketplace) => marketplace.country);
      expect(countries, group.label).toEqual([...countries].sort(byName));
    }
    expect(groups.flatMap((group) => group.marketplaces.map((marketplace) => marketplace.id)).sort()).toEqual(MARKETPLACES.map((marketplace) => marketplace.id).sort());
  });
});

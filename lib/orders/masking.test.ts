import { describe, expect, it } from "vitest";
import { maskAddressLine, maskEmail, maskName, maskPhone, maskPostalCode, maskShipTo } from "./masking";

describe("masking", () => {
  it("masks names to initials", () => {
    expect(maskName("Jane Doe")).toBe("J*** D***");
    expect(maskName("  Élodie   de la Cruz ")).toBe("É*** d*** l*** C***");
    expect(maskName("")).toBe("");
    expect(maskName(null)).toBe("");
  });

  it("keeps only the last two digits of a phone number", () => {
    expect(maskPhone("+1 206-555-0142")).toBe("*** *** **42");
    expect(maskPhone("12")).toBe("*** *** **");
    expect(maskPhone(undefined)).toBe("");
  });

  it("masks e-mail local part and host, keeps the top-level domain", () => {
    expect(maskEmail("jane.doe@example.com")).toBe("j***@e***.com");
    expect(maskEmail("x7k2@marketplace.amazon.com")).toBe("x***@m***.com");
    expect(maskEmail("not-an-email")).toBe("n***");
    expect(maskEmail("")).toBe("");
  });

  it("masks address lines and postal codes", () => {
    expect(maskAddressLine("123 Main Street Apt 4")).toBe("1*** M*** S*** A*** 4***");
    expect(maskPostalCode("98121-2778")).toBe("98***");
    expect(maskPostalCode("1")).toBe("***");
  });

  it("never reveals the hidden length", () => {
    expect(maskName("Al")).toBe(maskName("Alexandria").replace("A", "A"));
  });

  it("builds a masked ship-to", () => {
    expect(maskShipTo({ city: "Seattle", stateOrRegion: "WA", countryCode: "US" })).toBe("S***, WA, US");
    expect(maskShipTo({ city: null, stateOrRegion: null, countryCode: "DE" })).toBe("DE");
  });
});

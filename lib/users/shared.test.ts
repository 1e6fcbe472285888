import { describe, expect, it } from "vitest";
import { ROLES } from "@/lib/rbac/roles";
import { OPERATOR_ROLES, ROLE_SHORT_LABELS, SELLER_ROLES, describeUserAgent, displayNameSchema, reasonSchema } from "./shared";
import { isUuid } from "@/lib/validation/input";

describe("describeUserAgent", () => {
  it.each([
    ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36", "Chrome on Windows"],
    ["Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15", "Safari on macOS"],
    ["Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0", "Firefox on Linux"],
    ["Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 Chrome/126.0 Safari/537.36 Edg/126.0", "Edge on Windows"],
    ["Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile Safari/604.1", "Safari on iOS"],
    ["Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36", "Chrome on Android"],
    ["curl/8.5.0", "curl"],
    ["something else", "Unknown browser"],
    [null, "Unknown device"],
  ])("%s → %s", (userAgent, expected) => {
    expect(describeUserAgent(userAgent)).toBe(expected);
  });
});

describe("schemas", () => {
  it("requires a reason of 10 to 500 characters after trimming", () => {
    expect(reasonSchema.safeParse("   too short  ").success).toBe(false);
    expect(reasonSchema.safeParse("Lost phone, ticket 12").success).toBe(true);
    expect(reasonSchema.safeParse("x".repeat(501)).success).toBe(false);
  });

  it("accepts normal display names and refuses empty ones or control characters", () => {
    expect(displayNameSchema.parse("  Ada Lovelace ")).toBe("Ada Lovelace");
    expect(displayNameSchema.safeParse("   ").success).toBe(false);
    expect(displayNameSchema.safeParse("Ada\nLovelace").success).toBe(false);
  });

  it("recognizes uuids only", () => {
    expect(isUuid("3f1c2a9e-8d4b-4c3e-9a1f-2b3c4d5e6f70")).toBe(true);
    expect(isUuid("../admin")).toBe(false);
    expect(isUuid(undefined)).toBe(false);
  });
});

describe("role lists", () => {
  it("split every role into exactly one of the seller and operator lists, each with a label", () => {
    expect([...SELLER_ROLES, ...OPERATOR_ROLES].sort()).toEqual([...ROLES].sort());
    for (const role of ROLES) expect(ROLE_SHORT_LABELS[role]).toBeTruthy();
  });
});

describe("formatUtc", () => {
  it("formats to the minute in UTC, with a placeholder for null", async () => {
    const { formatUtc } = await import("./shared");
    expect(formatUtc(new Date("2026-11-29T09:43:59.999Z"))).toBe("2026-11-29 09:43 UTC");
    expect(formatUtc(null)).toBe("Never");
    expect(formatUtc(undefined, "—")).toBe("—");
  });
});

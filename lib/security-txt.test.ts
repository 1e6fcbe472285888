import { describe, expect, it } from "vitest";
import { buildSecurityTxt, securityTxtExpiry, SECURITY_TXT_VALIDITY_DAYS } from "./security-txt";

const now = new Date("2025-03-10T15:42:17.123Z");

function fields(body: string): Map<string, string[]> {
  const result = new Map<string, string[]>();
  for (const line of body.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const match = /^([A-Za-z-]+): (.+)$/.exec(line);
    expect(match, `line is "Field: value": ${line}`).not.toBeNull();
    const [, name, value] = match!;
    result.set(name!, [...(result.get(name!) ?? []), value!]);
  }
  return result;
}

describe("security.txt (RFC 9116)", () => {
  it("has the required and recommended fields", () => {
    const parsed = fields(buildSecurityTxt({ appUrl: "https://portal.fire-feed.com", now }));
    expect(parsed.get("Contact")).toEqual(["mailto:security@fire-feed.com"]);
    expect(parsed.get("Preferred-Languages")).toEqual(["en"]);
    expect(parsed.get("Canonical")).toEqual(["https://portal.fire-feed.com/.well-known/security.txt"]);
    expect(parsed.get("Policy")).toEqual(["https://portal.fire-feed.com/security"]);
    // Expires must appear exactly once (RFC 9116 §2.5.5).
    expect(parsed.get("Expires")).toHaveLength(1);
  });

  it("expires in the future but less than a year ahead, as an ISO 8601 UTC timestamp", () => {
    const parsed = fields(buildSecurityTxt({ appUrl: "http://localhost:3000", now }));
    const expires = parsed.get("Expires")![0]!;
    expect(expires).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    const expiresAt = Date.parse(expires);
    expect(expiresAt).toBeGreaterThan(now.getTime());
    expect(expiresAt - now.getTime()).toBeLessThan(365 * 24 * 60 * 60 * 1000);
  });

  it("rounds Expires to a day so the body is stable through the day", () => {
    expect(securityTxtExpiry(now).toISOString()).toBe("2025-09-06T00:00:00.000Z");
    const laterSameDay = new Date("2025-03-10T23:59:59.999Z");
    expect(securityTxtExpiry(laterSameDay)).toEqual(securityTxtExpiry(now));
    const days = (securityTxtExpiry(now).getTime() - now.getTime()) / 86_400_000;
    expect(days).toBeGreaterThan(SECURITY_TXT_VALIDITY_DAYS - 1);
    expect(days).toBeLessThanOrEqual(SECURITY_TXT_VALIDITY_DAYS);
  });

  it("uses LF line endings consistently and ends with a newline", () => {
    const body = buildSecurityTxt({ appUrl: "http://localhost:3000", now });
    expect(body).not.toContain("\r");
    expect(body.endsWith("\n")).toBe(true);
  });

  it("strips a trailing slash from APP_URL and keeps a path prefix", () => {
    const parsed = fields(buildSecurityTxt({ appUrl: "https://example.com/portal/", now }));
    expect(parsed.get("Canonical")).toEqual(["https://example.com/portal/.well-known/security.txt"]);
  });

  it("refuses a base URL that is not http(s)", () => {
    expect(() => buildSecurityTxt({ appUrl: "javascript:alert(1)", now })).toThrow();
  });
});

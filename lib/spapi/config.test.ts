import { describe, expect, it } from "vitest";
import {
  DEFAULT_USER_AGENT,
  PRODUCTION_ENDPOINTS,
  SANDBOX_ENDPOINTS,
  assertSecureUrl,
  consentUrl,
  parseSpApiConfig,
} from "./config";
import { InsecureEndpointError, SpApiConfigError } from "./errors";

const SECRET = "amzn1.oa2-cs.v1.FAKEconfigtestsecret0123456789abcdef";
const base = {
  clientId: "amzn1.application-oa2-client.0123456789abcdef",
  clientSecret: SECRET,
  applicationId: "amzn1.sp.solution.11111111-2222-3333-4444-555555555555",
  redirectUri: "https://portal.example.com/api/amazon/callback",
};

describe("SP-API config", () => {
  it("defaults to the production endpoints, LWA host and user agent", () => {
    const config = parseSpApiConfig(base);
    expect(config.endpoints).toEqual(PRODUCTION_ENDPOINTS);
    expect(config.lwaTokenUrl).toBe("https://api.amazon.com/auth/o2/token");
    expect(config.userAgent).toBe(DEFAULT_USER_AGENT);
    expect(config.allowInsecureHttp).toBe(false);
  });

  it("uses the sandbox endpoints when sandbox is set", () => {
    expect(parseSpApiConfig({ ...base, sandbox: true }).endpoints).toEqual(SANDBOX_ENDPOINTS);
  });

  it("refuses http:// endpoints unless insecure HTTP is allowed, and then only to loopback", () => {
    const http = { NA: "http://127.0.0.1:4555", EU: "http://localhost:4555", FE: "http://[::1]:4555" };
    expect(() => parseSpApiConfig({ ...base, endpoints: http })).toThrow(InsecureEndpointError);
    expect(parseSpApiConfig({ ...base, endpoints: http, allowInsecureHttp: true }).endpoints).toEqual(http);
    expect(() =>
      parseSpApiConfig({ ...base, endpoints: { ...http, NA: "http://sellingpartnerapi-na.amazon.com" }, allowInsecureHttp: true }),
    ).toThrow(InsecureEndpointError);
    expect(() => parseSpApiConfig({ ...base, lwaTokenUrl: "http://api.amazon.com/auth/o2/token" })).toThrow(InsecureEndpointError);
    expect(() => assertSecureUrl("ftp://127.0.0.1/x", true, "x")).toThrow(InsecureEndpointError);
    expect(() => assertSecureUrl("https://user:pw@example.com", false, "x")).toThrow(SpApiConfigError);
  });

  it("rejects a user agent without Language= and names fields, never values, in errors", () => {
    let message = "";
    try {
      parseSpApiConfig({ ...base, clientSecret: SECRET, clientId: "", userAgent: "curl/8" });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain("clientId");
    expect(message).toContain("userAgent");
    expect(message).not.toContain(SECRET);
  });

  it("builds the consent URL with version=beta for a draft app", () => {
    const config = parseSpApiConfig({ ...base, draftApp: true });
    const url = new URL(consentUrl(config, { region: "EU", state: "s-123" }));
    expect(url.origin).toBe("https://sellercentral-europe.amazon.com");
    expect(url.pathname).toBe("/apps/authorize/consent");
    expect(url.searchParams.get("application_id")).toBe(base.applicationId);
    expect(url.searchParams.get("state")).toBe("s-123");
    expect(url.searchParams.get("redirect_uri")).toBe(base.redirectUri);
    expect(url.searchParams.get("version")).toBe("beta");
    expect(new URL(consentUrl(config, { region: "NA", state: "s", beta: false })).searchParams.has("version")).toBe(false);
  });
});

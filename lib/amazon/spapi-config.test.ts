import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { loadEnv } from "@/lib/env";
import { PRODUCTION_ENDPOINTS } from "@/lib/spapi/config";
import { InsecureEndpointError } from "@/lib/spapi/errors";
import { spapiConfigFromSettings } from "./spapi-config";

// Random for each run: they protect nothing (lib/secrets/secret-strength.ts refuses fixed ones).
const secrets = { NEXTAUTH_SECRET: randomBytes(48).toString("base64url"), DATA_ENCRYPTION_KEY: randomBytes(32).toString("base64") };
const amazonApp = {
  SPAPI_CLIENT_ID: "amzn1.application-oa2-client.0123456789abcdef",
  SPAPI_CLIENT_SECRET: "amzn1.oa2-cs.v1.FAKEconfigtestsecret0123456789abcdef",
  SPAPI_APPLICATION_ID: "amzn1.sp.solution.11111111-2222-3333-4444-555555555555",
};

describe("the portal's SP-API configuration (from lib/env's validated settings)", () => {
  it("development may point one region at the loopback fake; the others keep Amazon's endpoints", () => {
    const settings = loadEnv({
      ...secrets,
      ...amazonApp,
      NODE_ENV: "development",
      APP_ENV: "development",
      SPAPI_ENDPOINT_NA: "http://127.0.0.1:4555",
      SPAPI_LWA_TOKEN_URL: "http://127.0.0.1:4555/auth/o2/token",
      SPAPI_DRAFT_APP: "true",
    });
    const config = spapiConfigFromSettings(settings);
    expect(config.endpoints.NA).toBe("http://127.0.0.1:4555");
    expect(config.endpoints.EU).toBe(PRODUCTION_ENDPOINTS.EU);
    expect(config.draftApp).toBe(true);
    expect(config.clientSecret).toBe(amazonApp.SPAPI_CLIENT_SECRET);
    expect(config.redirectUri).toBe(`${settings.APP_URL.replace(/\/+$/, "")}/api/amazon/callback`);
  });

  it("outside development and tests, plain HTTP is refused even when the settings got past lib/env", () => {
    const settings = loadEnv({ ...secrets, ...amazonApp, NODE_ENV: "development", APP_ENV: "development", SPAPI_ENDPOINT_EU: "http://127.0.0.1:4555" });
    expect(() => spapiConfigFromSettings({ ...settings, APP_ENV: "staging", NODE_ENV: "production" })).toThrow(InsecureEndpointError);
  });

  it("SPAPI_REDIRECT_URI overrides the callback derived from APP_URL", () => {
    const settings = loadEnv({ ...secrets, ...amazonApp, NODE_ENV: "development", APP_ENV: "development", SPAPI_REDIRECT_URI: "https://portal.example.com/prefix/api/amazon/callback" });
    expect(spapiConfigFromSettings(settings).redirectUri).toBe("https://portal.example.com/prefix/api/amazon/callback");
  });
});

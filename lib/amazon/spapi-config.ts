// Server-side only (no "server-only" import: the scheduler loads it outside Next's bundler).
// The portal's SP-API configuration, in one place: lib/env's VALIDATED
// settings (secrets may have come from SPAPI_CLIENT_SECRET_FILE; raw
// process.env would leave them empty) mapped onto lib/spapi's client
// configuration, with our callback route as the redirect_uri (it must match one
// registered on Amazon, else the consent page fails with MD5101).
// SPAPI_REDIRECT_URI overrides it for deployments whose public callback differs
// (e.g. behind a path prefix). lib/spapi itself never reads the environment.
import { getEnv, type Env } from "@/lib/env";
import { parseSpApiConfig, type SpApiConfig } from "@/lib/spapi/config";

export const AMAZON_CALLBACK_PATH = "/api/amazon/callback";

export function amazonCallbackUrl(appUrl: string): string {
  return `${appUrl.replace(/\/+$/, "")}${AMAZON_CALLBACK_PATH}`;
}

/** The settings the SP-API client is built from (a subset of lib/env's Env; tests pass their own). */
export type SpApiSettings = Pick<
  Env,
  | "NODE_ENV"
  | "APP_ENV"
  | "APP_URL"
  | "SPAPI_CLIENT_ID"
  | "SPAPI_CLIENT_SECRET"
  | "SPAPI_APPLICATION_ID"
  | "SPAPI_REDIRECT_URI"
  | "SPAPI_LWA_TOKEN_URL"
  | "SPAPI_ENDPOINT_NA"
  | "SPAPI_ENDPOINT_EU"
  | "SPAPI_ENDPOINT_FE"
  | "SPAPI_CONSENT_BASE_NA"
  | "SPAPI_CONSENT_BASE_EU"
  | "SPAPI_CONSENT_BASE_FE"
  | "SPAPI_DRAFT_APP"
>;

/**
 * Insecure HTTP is allowed only when APP_ENV is development or NODE_ENV is
 * test, and even then only to loopback hosts (lib/spapi/config enforces the
 * host rule); staging and production always require HTTPS (T5).
 */
export function spapiConfigFromSettings(settings: SpApiSettings): SpApiConfig {
  return parseSpApiConfig({
    lwaTokenUrl: settings.SPAPI_LWA_TOKEN_URL,
    endpoints: { NA: settings.SPAPI_ENDPOINT_NA, EU: settings.SPAPI_ENDPOINT_EU, FE: settings.SPAPI_ENDPOINT_FE },
    sellerCentralConsentBase: {
      NA: settings.SPAPI_CONSENT_BASE_NA,
      EU: settings.SPAPI_CONSENT_BASE_EU,
      FE: settings.SPAPI_CONSENT_BASE_FE,
    },
    clientId: settings.SPAPI_CLIENT_ID ?? "",
    clientSecret: settings.SPAPI_CLIENT_SECRET ?? "",
    applicationId: settings.SPAPI_APPLICATION_ID ?? "",
    redirectUri: settings.SPAPI_REDIRECT_URI ?? amazonCallbackUrl(settings.APP_URL),
    draftApp: settings.SPAPI_DRAFT_APP,
    allowInsecureHttp: settings.APP_ENV === "development" || settings.NODE_ENV === "test",
  });
}

let cached: SpApiConfig | undefined;

/** The running portal's configuration (validated once, then cached). */
export function getSpApiConfig(): SpApiConfig {
  cached ??= spapiConfigFromSettings(getEnv());
  return cached;
}

/** Tests only: forget the cached configuration (after changing the environment and resetEnvCacheForTests). */
export function resetSpApiConfigCacheForTests(): void {
  cached = undefined;
}

// Server-side only (no "server-only" import: tests load it under vitest).
// The portal's SP-API configuration: lib/spapi's spapiConfigFromEnv over the
// process environment, with the validated APP_ENV/APP_URL from lib/env and our
// callback route as the redirect_uri (it must match one registered on Amazon,
// else the consent page fails with MD5101). SPAPI_REDIRECT_URI overrides it
// for deployments whose public callback differs (e.g. behind a path prefix).
import { getEnv } from "@/lib/env";
import { spapiConfigFromEnv, type SpApiConfig } from "@/lib/spapi/config";

export const AMAZON_CALLBACK_PATH = "/api/amazon/callback";

export function amazonCallbackUrl(appUrl: string): string {
  return `${appUrl.replace(/\/+$/, "")}${AMAZON_CALLBACK_PATH}`;
}

let cached: SpApiConfig | undefined;

export function getSpApiConfig(): SpApiConfig {
  if (cached) return cached;
  const env = getEnv();
  // The validated values (secrets may have come from SPAPI_CLIENT_SECRET_FILE),
  // not raw process.env.
  const spapiSettings = Object.fromEntries(
    Object.entries(env)
      .filter(([name, value]) => name.startsWith("SPAPI_") && value !== undefined)
      .map(([name, value]) => [name, String(value)]),
  );
  cached = spapiConfigFromEnv({
    ...spapiSettings,
    NODE_ENV: env.NODE_ENV,
    APP_ENV: env.APP_ENV,
    APP_URL: env.APP_URL,
    SPAPI_REDIRECT_URI: env.SPAPI_REDIRECT_URI ?? amazonCallbackUrl(env.APP_URL),
  });
  return cached;
}

/** Tests only: forget the cached configuration (after changing the environment and resetEnvCacheForTests). */
export function resetSpApiConfigCacheForTests(): void {
  cached = undefined;
}

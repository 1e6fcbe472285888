// Server-side only (see deps.ts for why lib/spapi does not import "server-only").
//
// Client configuration: where LWA and SP-API live, who we are, and the
// transport rule of control T5: every Amazon endpoint is HTTPS; plain HTTP is
// accepted only when `allowInsecureHttp` is set AND the host is loopback (the
// local fake in tests and development). Endpoint base URLs come from
// configuration so tests, the fake and the sandbox need no code change.
import { z } from "zod";
import { InsecureEndpointError, SpApiConfigError } from "./errors";

export const SPAPI_REGIONS = ["NA", "EU", "FE"] as const;
export type SpApiRegion = (typeof SPAPI_REGIONS)[number];

export const DEFAULT_LWA_TOKEN_URL = "https://api.amazon.com/auth/o2/token";

export const PRODUCTION_ENDPOINTS: Readonly<Record<SpApiRegion, string>> = {
  NA: "https://sellingpartnerapi-na.amazon.com",
  EU: "https://sellingpartnerapi-eu.amazon.com",
  FE: "https://sellingpartnerapi-fe.amazon.com",
};

export const SANDBOX_ENDPOINTS: Readonly<Record<SpApiRegion, string>> = {
  NA: "https://sandbox.sellingpartnerapi-na.amazon.com",
  EU: "https://sandbox.sellingpartnerapi-eu.amazon.com",
  FE: "https://sandbox.sellingpartnerapi-fe.amazon.com",
};

export const DEFAULT_CONSENT_BASES: Readonly<Record<SpApiRegion, string>> = {
  NA: "https://sellercentral.amazon.com",
  EU: "https://sellercentral-europe.amazon.com",
  FE: "https://sellercentral.amazon.co.jp",
};

export const DEFAULT_USER_AGENT = "FireFeedPortal/0.1 (Language=TypeScript/5; Platform=Node/20)";

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

export function isLoopbackHost(hostname: string): boolean {
  const octets = hostname.split(".");
  return (
    LOOPBACK_HOSTS.has(hostname.toLowerCase()) ||
    (octets.length === 4 && octets[0] === "127" && octets.every((octet) => /^\d{1,3}$/.test(octet) && Number(octet) <= 255))
  );
}

/**
 * Throws unless `url` is https://, or http:// to a loopback host while
 * insecure HTTP is allowed. Called at configuration time AND before every
 * request, so a URL assembled later cannot slip through.
 */
export function assertSecureUrl(url: string, allowInsecureHttp: boolean, what: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new SpApiConfigError(`${what} is not a valid URL`);
  }
  if (parsed.username || parsed.password) throw new SpApiConfigError(`${what} must not contain credentials`);
  if (parsed.protocol === "https:") return parsed;
  if (parsed.protocol === "http:" && allowInsecureHttp && isLoopbackHost(parsed.hostname)) return parsed;
  throw new InsecureEndpointError(
    `${what} must use https:// (plain http:// is only allowed to a loopback host in tests or development)`,
  );
}

const regionalUrls = z.object({ NA: z.string(), EU: z.string(), FE: z.string() });

export const spApiConfigSchema = z
  .object({
    lwaTokenUrl: z.string().default(DEFAULT_LWA_TOKEN_URL),
    sandbox: z.boolean().default(false),
    /** Defaults to the production or sandbox endpoints depending on `sandbox`. */
    endpoints: regionalUrls.optional(),
    sellerCentralConsentBase: regionalUrls.default({ ...DEFAULT_CONSENT_BASES }),
    clientId: z.string().min(1),
    clientSecret: z.string().min(1),
    applicationId: z.string().min(1),
    redirectUri: z.string().min(1),
    /** Amazon requires `Language=`; it rejects user agents over 500 characters. */
    userAgent: z
      .string()
      .max(500)
      .refine((ua) => ua.includes("Language="), "the user agent must name the Language")
      .refine((ua) => !/[\r\n]/.test(ua), "the user agent must be one line")
      .default(DEFAULT_USER_AGENT),
    /** While the app is in Draft the consent URL needs `version=beta` (else MD1000). */
    draftApp: z.boolean().default(false),
    /** Only for the local fake: permits http:// to loopback hosts. Never set in staging/production. */
    allowInsecureHttp: z.boolean().default(false),
  })
  .transform((config) => ({
    ...config,
    endpoints: config.endpoints ?? { ...(config.sandbox ? SANDBOX_ENDPOINTS : PRODUCTION_ENDPOINTS) },
  }));

export type SpApiConfigInput = z.input<typeof spApiConfigSchema>;
export type SpApiConfig = Readonly<z.output<typeof spApiConfigSchema>>;

/** Validates the configuration; errors name the fields, never their values (one is a secret). */
export function parseSpApiConfig(input: SpApiConfigInput): SpApiConfig {
  const result = spApiConfigSchema.safeParse(input);
  if (!result.success) {
    const fields = result.error.issues.map((issue) => issue.path.join(".") || "(root)");
    throw new SpApiConfigError(`invalid SP-API configuration: ${[...new Set(fields)].join(", ")}`);
  }
  const config = result.data;
  const allow = config.allowInsecureHttp;
  assertSecureUrl(config.lwaTokenUrl, allow, "lwaTokenUrl");
  for (const region of SPAPI_REGIONS) {
    assertSecureUrl(config.endpoints[region], allow, `endpoints.${region}`);
    assertSecureUrl(config.sellerCentralConsentBase[region], allow, `sellerCentralConsentBase.${region}`);
  }
  // redirect_uri is where Amazon sends the authorization code: HTTPS as well.
  assertSecureUrl(config.redirectUri, allow, "redirectUri");
  return Object.freeze(config);
}

/** Base URL of a region's SP-API endpoint, without a trailing slash. */
export function endpointFor(config: SpApiConfig, region: SpApiRegion): string {
  return config.endpoints[region].replace(/\/+$/, "");
}

/**
 * Step 1 of the website authorization workflow: the Seller Central consent
 * page. `state` must be short-lived and bound to the user's session (the
 * caller's job); `beta` defaults to the app's Draft status.
 */
export function consentUrl(
  config: SpApiConfig,
  { region, state, beta = config.draftApp }: { region: SpApiRegion; state: string; beta?: boolean },
): string {
  if (!state) throw new SpApiConfigError("consentUrl needs a state value");
  const base = assertSecureUrl(config.sellerCentralConsentBase[region], config.allowInsecureHttp, "consent base");
  const url = new URL("/apps/authorize/consent", base);
  url.searchParams.set("application_id", config.applicationId);
  url.searchParams.set("state", state);
  url.searchParams.set("redirect_uri", config.redirectUri);
  if (beta) url.searchParams.set("version", "beta");
  return url.toString();
}

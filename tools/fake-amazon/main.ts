// `npx tsx tools/fake-amazon/main.ts --port 4555`: runs the local fake of LWA + SP-API until
// Ctrl-C/SIGTERM and prints the environment a portal needs to point at it. Dev/test only.
import { parseArgs } from "node:util";
import {
  FAKE_LWA_CLIENT_ID,
  FAKE_LWA_CLIENT_SECRET,
  FAKE_SPAPI_APP_ID,
  startFakeAmazon,
} from "./server";

/** The environment (lib/env.ts names) a portal needs to use the fake at `url`, for every region. */
export function portalEnvForFake(url: string): Record<string, string> {
  return {
    SPAPI_LWA_TOKEN_URL: `${url}/auth/o2/token`,
    SPAPI_ENDPOINT_NA: url,
    SPAPI_ENDPOINT_EU: url,
    SPAPI_ENDPOINT_FE: url,
    SPAPI_CONSENT_BASE_NA: url,
    SPAPI_CONSENT_BASE_EU: url,
    SPAPI_CONSENT_BASE_FE: url,
    SPAPI_CLIENT_ID: FAKE_LWA_CLIENT_ID,
    SPAPI_CLIENT_SECRET: FAKE_LWA_CLIENT_SECRET,
    SPAPI_APPLICATION_ID: FAKE_SPAPI_APP_ID,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: "4555" },
      host: { type: "string", default: "127.0.0.1" },
      seed: { type: "string" },
      orders: { type: "string" },
      "redirect-uri": { type: "string", multiple: true },
      draft: { type: "boolean", default: false },
      "time-scale": { type: "string" },
      "settle-lag-ms": { type: "string" },
    },
  });
  const toNumber = (name: string, raw: string | undefined): number | undefined => {
    if (raw === undefined) return undefined;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a non-negative number`);
    return value;
  };
  const redirectUris = values["redirect-uri"] ?? process.env.FAKE_AMAZON_REDIRECT_URIS?.split(",").filter(Boolean);
  const fake = await startFakeAmazon({
    port: toNumber("port", values.port),
    host: values.host,
    seed: toNumber("seed", values.seed),
    orderCount: toNumber("orders", values.orders),
    redirectUris: redirectUris === undefined || redirectUris.length === 0 ? undefined : redirectUris,
    scenario: {
      draftApp: values.draft,
      ...(values["time-scale"] === undefined ? {} : { timeScale: toNumber("time-scale", values["time-scale"]) }),
      ...(values["settle-lag-ms"] === undefined ? {} : { settleLagMs: toNumber("settle-lag-ms", values["settle-lag-ms"]) }),
    },
  });
  console.log(`Fake Amazon (LWA + SP-API) listening at ${fake.url} with ${fake.state.orders.length} fake orders.`);
  console.log("Point the portal at it with:");
  for (const [name, value] of Object.entries(portalEnvForFake(fake.url))) console.log(`${name}=${value}`);
  console.log(`Switches: POST ${fake.url}/__control {"action":"fail429Next","n":3}; counters: GET ${fake.url}/__state. Ctrl-C stops it.`);

  const shutdown = (signal: NodeJS.Signals) => {
    console.log(`${signal}: stopping the fake Amazon...`);
    fake.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error instanceof Error ? error.message : error);
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}

// Run only as a CLI, so tests can import portalEnvForFake.
if (process.argv[1] !== undefined && /main\.ts$/.test(process.argv[1])) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}

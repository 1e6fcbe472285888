// Test helpers for lib/spapi (imported by *.test.ts only): a scripted fetch and
// a virtual clock, so retry, backoff and token-expiry logic run without waiting.
import { FAKE_LWA_CLIENT_ID, FAKE_LWA_CLIENT_SECRET, FAKE_SPAPI_APP_ID } from "@/tools/fake-amazon/server";
import { parseSpApiConfig, type SpApiConfig } from "./config";
import type { SpApiDeps, SpApiLogger } from "./deps";

export const TEST_CLIENT_SECRET = "amzn1.oa2-cs.v1.FAKEtestsecret0123456789abcdef0123456789";
export const TEST_REFRESH_TOKEN = "Atzr|FAKE-TESTREFRESHTOKEN0123456789abcdefghijklmnop";

export function testConfig(overrides: Partial<Parameters<typeof parseSpApiConfig>[0]> = {}): SpApiConfig {
  return parseSpApiConfig({
    clientId: "amzn1.application-oa2-client.test0123",
    clientSecret: TEST_CLIENT_SECRET,
    applicationId: "amzn1.sp.solution.test",
    redirectUri: "https://portal.example.com/api/amazon/callback",
    ...overrides,
  });
}

/** The redirect_uri the tests register with the fake (the portal's callback on the default APP_URL). */
export const FAKE_REDIRECT_URI = "http://localhost:3000/api/amazon/callback";

/** The client configuration for the local fake of Amazon listening at `url` (every region, plain HTTP to loopback). */
export function fakeAmazonConfig(url: string): SpApiConfig {
  return parseSpApiConfig({
    lwaTokenUrl: `${url}/auth/o2/token`,
    endpoints: { NA: url, EU: url, FE: url },
    sellerCentralConsentBase: { NA: url, EU: url, FE: url },
    clientId: FAKE_LWA_CLIENT_ID,
    clientSecret: FAKE_LWA_CLIENT_SECRET,
    applicationId: FAKE_SPAPI_APP_ID,
    redirectUri: FAKE_REDIRECT_URI,
    allowInsecureHttp: true, // loopback fake only
  });
}

export interface RecordedRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
}

export type ScriptedResponse = Response | Error | ((request: RecordedRequest) => Response | Promise<Response>);

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}

/** A fetch that answers from a script (the last entry repeats) and records every request. */
export function scriptedFetch(script: ScriptedResponse[]) {
  const requests: RecordedRequest[] = [];
  const fetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, key) => {
      headers[key] = value;
    });
    const request: RecordedRequest = {
      url: input instanceof Request ? input.url : input.toString(),
      method: init.method ?? "GET",
      headers,
      body: typeof init.body === "string" ? init.body : undefined,
    };
    requests.push(request);
    const entry = script[Math.min(requests.length - 1, script.length - 1)];
    if (entry === undefined) throw new Error("empty script");
    if (entry instanceof Error) throw entry;
    if (typeof entry === "function") return entry(request);
    return entry.clone();
  };
  return { fetch, requests };
}

/** A clock that only moves when something sleeps (or the test advances it). */
export function virtualClock(start = Date.parse("2026-11-01T00:00:00Z")) {
  let now = start;
  const sleeps: number[] = [];
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
    sleep: (ms: number) => {
      sleeps.push(ms);
      now += ms;
      return Promise.resolve();
    },
    sleeps,
  };
}

export function capturingLogger() {
  const lines: { level: string; fields: Record<string, unknown>; message: string }[] = [];
  const logger: SpApiLogger = {
    debug: (fields, message) => lines.push({ level: "debug", fields, message }),
    info: (fields, message) => lines.push({ level: "info", fields, message }),
    warn: (fields, message) => lines.push({ level: "warn", fields, message }),
  };
  return { logger, lines };
}

export function testDeps(fetch: typeof globalThis.fetch, clock = virtualClock(), random = () => 0.5): SpApiDeps & { clock: ReturnType<typeof virtualClock> } {
  return { fetch, now: clock.now, sleep: clock.sleep, random, logger: capturingLogger().logger, clock };
}

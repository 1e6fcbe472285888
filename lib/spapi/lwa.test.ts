import { describe, expect, it } from "vitest";
import { LwaError, LwaInvalidClientError, LwaInvalidGrantError } from "./errors";
import { LwaAccessTokenCache, exchangeAuthorizationCode, refreshAccessToken, refreshTokenFingerprint } from "./lwa";
import {
  TEST_CLIENT_SECRET,
  TEST_REFRESH_TOKEN,
  capturingLogger,
  jsonResponse,
  scriptedFetch,
  testConfig,
  testDeps,
  virtualClock,
} from "./spapi.test-support";

const CODE = "ANdNAVhyhqirUelHGEHA";
const tokenBody = (n: number, refresh = TEST_REFRESH_TOKEN) => ({
  access_token: `Atza|FAKE-access${n}`,
  refresh_token: refresh,
  token_type: "bearer",
  expires_in: 3600,
});

describe("exchangeAuthorizationCode", () => {
  it("posts the authorization_code grant form and returns the tokens with an expiry", async () => {
    const { fetch, requests } = scriptedFetch([jsonResponse(200, tokenBody(1), { "cache-control": "no-store" })]);
    const deps = testDeps(fetch);
    const result = await exchangeAuthorizationCode(testConfig(), CODE, { deps });
    expect(result.refreshToken).toBe(TEST_REFRESH_TOKEN);
    expect(result.accessToken).toBe("Atza|FAKE-access1");
    expect(result.expiresAt.getTime()).toBe(deps.clock.now() + 3_600_000);
    const sent = requests[0]!;
    expect(sent.url).toBe("https://api.amazon.com/auth/o2/token");
    expect(sent.method).toBe("POST");
    expect(sent.headers["content-type"]).toBe("application/x-www-form-urlencoded;charset=UTF-8");
    const form = new URLSearchParams(sent.body);
    expect(Object.fromEntries(form)).toEqual({
      grant_type: "authorization_code",
      code: CODE,
      redirect_uri: "https://portal.example.com/api/amazon/callback",
      client_id: "amzn1.application-oa2-client.test0123",
      client_secret: TEST_CLIENT_SECRET,
    });
  });

  it("maps invalid_grant and invalid_client to typed errors whose messages hold no secret", async () => {
    const invalidGrant = scriptedFetch([
      jsonResponse(400, { error: "invalid_grant", error_description: `The request has an invalid grant parameter : code ${CODE}` }),
    ]);
    const { logger, lines } = capturingLogger();
    const clock = virtualClock();
    const error = (await exchangeAuthorizationCode(testConfig(), CODE, {
      deps: { fetch: invalidGrant.fetch, now: clock.now, sleep: clock.sleep, random: () => 0.5, logger },
    }).catch((e: unknown) => e)) as LwaInvalidGrantError;
    expect(error).toBeInstanceOf(LwaInvalidGrantError);
    expect(error.oauthError).toBe("invalid_grant");

    const invalidClient = scriptedFetch([jsonResponse(401, { error: "invalid_client", error_description: TEST_CLIENT_SECRET })]);
    const clientError = (await refreshAccessToken(testConfig(), TEST_REFRESH_TOKEN, {
      deps: { fetch: invalidClient.fetch, now: clock.now, sleep: clock.sleep, random: () => 0.5, logger },
    }).catch((e: unknown) => e)) as Error;
    expect(clientError).toBeInstanceOf(LwaInvalidClientError);

    const revoked = scriptedFetch([
      jsonResponse(400, { error: "invalid_grant", error_description: `bad refresh_token ${TEST_REFRESH_TOKEN}` }),
    ]);
    const revokedError = (await refreshAccessToken(testConfig(), TEST_REFRESH_TOKEN, {
      deps: { fetch: revoked.fetch, now: clock.now, sleep: clock.sleep, random: () => 0.5, logger },
    }).catch((e: unknown) => e)) as Error;
    expect(revokedError).toBeInstanceOf(LwaInvalidGrantError);

    const everything = [error, clientError, revokedError].map((e) => `${e.message}\n${e.stack}\n${JSON.stringify(e)}`).join() + JSON.stringify(lines);
    for (const secret of [CODE, TEST_CLIENT_SECRET, TEST_REFRESH_TOKEN, "Atzr|", "amzn1.oa2-cs"]) {
      expect(everything).not.toContain(secret);
    }
  });

  it("retries LWA 5xx/429 with backoff, fails typed on a bad shape", async () => {
    const flaky = scriptedFetch([jsonResponse(503, {}), jsonResponse(429, {}), jsonResponse(200, tokenBody(2))]);
    const deps = testDeps(flaky.fetch);
    expect((await refreshAccessToken(testConfig(), TEST_REFRESH_TOKEN, { deps })).accessToken).toBe("Atza|FAKE-access2");
    expect(deps.clock.sleeps).toEqual([500, 1000]);

    const weird = scriptedFetch([jsonResponse(200, { access_token: 42 })]);
    await expect(refreshAccessToken(testConfig(), TEST_REFRESH_TOKEN, { deps: testDeps(weird.fetch) })).rejects.toBeInstanceOf(LwaError);
  });
});

describe("LwaAccessTokenCache", () => {
  it("keys by a fingerprint, never the raw refresh token", () => {
    const fingerprint = refreshTokenFingerprint("client", TEST_REFRESH_TOKEN);
    expect(fingerprint).not.toContain("Atzr");
    expect(fingerprint).toHaveLength(43);
    expect(refreshTokenFingerprint("other-client", TEST_REFRESH_TOKEN)).not.toBe(fingerprint);
  });

  it("shares one refresh among concurrent callers (single-flight)", async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { fetch, requests } = scriptedFetch([
      async () => {
        await gate;
        return jsonResponse(200, tokenBody(1));
      },
    ]);
    const cache = new LwaAccessTokenCache(testConfig(), { deps: testDeps(fetch) });
    const callers = Array.from({ length: 10 }, () => cache.getAccessToken(TEST_REFRESH_TOKEN));
    release();
    expect(new Set(await Promise.all(callers))).toEqual(new Set(["Atza|FAKE-access1"]));
    expect(requests).toHaveLength(1);
  });

  it("reuses the token until less than 60 s is left, then refreshes", async () => {
    let n = 0;
    const { fetch, requests } = scriptedFetch([() => jsonResponse(200, tokenBody(++n))]);
    const deps = testDeps(fetch);
    const cache = new LwaAccessTokenCache(testConfig(), { deps });
    expect(await cache.getAccessToken(TEST_REFRESH_TOKEN)).toBe("Atza|FAKE-access1");
    deps.clock.advance(3_600_000 - 61_000);
    expect(await cache.getAccessToken(TEST_REFRESH_TOKEN)).toBe("Atza|FAKE-access1");
    deps.clock.advance(2_000); // 59 s left
    expect(await cache.getAccessToken(TEST_REFRESH_TOKEN)).toBe("Atza|FAKE-access2");
    expect(await cache.getAccessToken(TEST_REFRESH_TOKEN, { forceRefresh: true })).toBe("Atza|FAKE-access3");
    expect(requests).toHaveLength(3);
    expect(requests.every((r) => new URLSearchParams(r.body).get("grant_type") === "refresh_token")).toBe(true);
  });

  it("does not cache failures", async () => {
    const { fetch, requests } = scriptedFetch([jsonResponse(400, { error: "invalid_grant" }), jsonResponse(200, tokenBody(1))]);
    const cache = new LwaAccessTokenCache(testConfig(), { deps: testDeps(fetch) });
    await expect(cache.getAccessToken(TEST_REFRESH_TOKEN)).rejects.toBeInstanceOf(LwaInvalidGrantError);
    expect(await cache.getAccessToken(TEST_REFRESH_TOKEN)).toBe("Atza|FAKE-access1");
    expect(requests).toHaveLength(2);
    expect(cache.size).toBe(1);
  });
});

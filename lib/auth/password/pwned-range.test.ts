import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { checkPwnedPasswordRange, isPwnedRangeApiEnabled, pwnedRangeKey } from "./pwned-range";

const sha1 = (text: string) => createHash("sha1").update(text).digest("hex").toUpperCase();

interface RecordedCall {
  url: string;
  headers: Record<string, string>;
}

/** A fake of the range API: answers with the given lines and records what was sent. */
function fakeRangeApi(lines: string[], status = 200) {
  const calls: RecordedCall[] = [];
  const fakeFetch = ((input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    calls.push({ url, headers: Object.fromEntries(new Headers(init?.headers).entries()) });
    return Promise.resolve(new Response(lines.join("\r\n"), { status }));
  }) as typeof fetch;
  return { fakeFetch, calls };
}

function paddingLines(count: number): string[] {
  return Array.from({ length: count }, (_, index) => `${index.toString(16).toUpperCase().padStart(35, "F")}:0`);
}

describe("pwnedRangeKey", () => {
  it("splits the upper-case SHA-1 into a 5-character prefix and the rest", () => {
    const digest = sha1("password");
    expect(digest).toBe("5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8");
    expect(pwnedRangeKey("password")).toEqual({ prefix: "5BAA6", suffix: digest.slice(5) });
  });
});

describe("checkPwnedPasswordRange", () => {
  it("does nothing at all when disabled", async () => {
    const { fakeFetch, calls } = fakeRangeApi([]);
    await expect(checkPwnedPasswordRange("password", { enabled: false, fetch: fakeFetch })).resolves.toEqual({ status: "disabled" });
    expect(calls).toHaveLength(0);
  });

  it("sends only the 5-character prefix, asks for padding, and finds a breached suffix", async () => {
    const { prefix, suffix } = pwnedRangeKey("password");
    const { fakeFetch, calls } = fakeRangeApi([...paddingLines(5), `${suffix}:9659365`, ...paddingLines(3)]);
    await expect(checkPwnedPasswordRange("password", { enabled: true, fetch: fakeFetch })).resolves.toEqual({
      status: "breached",
      count: 9659365,
    });
    expect(calls).toHaveLength(1);
    expect(calls[0]?.url).toBe(`https://api.pwnedpasswords.com/range/${prefix}`);
    expect(calls[0]?.url).not.toContain(suffix);
    expect(calls[0]?.headers["add-padding"]).toBe("true");
  });

  it("matches suffixes case-insensitively (lower-case lines)", async () => {
    const { suffix } = pwnedRangeKey("password");
    const { fakeFetch } = fakeRangeApi([`${suffix.toLowerCase()}:3`]);
    await expect(checkPwnedPasswordRange("password", { enabled: true, fetch: fakeFetch })).resolves.toEqual({ status: "breached", count: 3 });
  });

  it("reports not-found when the suffix is absent or only present as zero-count padding", async () => {
    const { suffix } = pwnedRangeKey("mellow quartz tandem violet");
    const absent = fakeRangeApi(paddingLines(10));
    await expect(checkPwnedPasswordRange("mellow quartz tandem violet", { enabled: true, fetch: absent.fakeFetch })).resolves.toEqual({
      status: "not-found",
    });
    const padded = fakeRangeApi([...paddingLines(2), `${suffix}:0`]);
    await expect(checkPwnedPasswordRange("mellow quartz tandem violet", { enabled: true, fetch: padded.fakeFetch })).resolves.toEqual({
      status: "not-found",
    });
  });

  it("fails open as unknown on an error status or an unreadable body", async () => {
    const down = fakeRangeApi(["Service Unavailable"], 503);
    await expect(checkPwnedPasswordRange("password", { enabled: true, fetch: down.fakeFetch })).resolves.toEqual({
      status: "unknown",
      reason: "bad-response",
    });
    const captivePortal = fakeRangeApi(["<html>please sign in to the Wi-Fi</html>"]);
    await expect(checkPwnedPasswordRange("password", { enabled: true, fetch: captivePortal.fakeFetch })).resolves.toEqual({
      status: "unknown",
      reason: "bad-response",
    });
  });

  it("fails open as unknown on a network error", async () => {
    const failing = (() => Promise.reject(new TypeError("fetch failed"))) as typeof fetch;
    await expect(checkPwnedPasswordRange("password", { enabled: true, fetch: failing })).resolves.toEqual({
      status: "unknown",
      reason: "network",
    });
  });

  it("gives up after the time-out and reports unknown", async () => {
    // Never answers; settles only when the abort signal fires, like a real fetch.
    const hanging = ((_input: RequestInfo | URL, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => {
        init?.signal?.addEventListener("abort", () => reject(new DOMException("The operation timed out.", "TimeoutError")));
      })) as typeof fetch;
    await expect(checkPwnedPasswordRange("password", { enabled: true, fetch: hanging, timeoutMs: 50 })).resolves.toEqual({
      status: "unknown",
      reason: "timeout",
    });
  });
});

describe("isPwnedRangeApiEnabled", () => {
  it("is on only for the word 'on'", () => {
    expect(isPwnedRangeApiEnabled("on")).toBe(true);
    expect(isPwnedRangeApiEnabled(" ON ")).toBe(true);
    for (const value of [undefined, "", "off", "true", "1", "yes"]) expect(isPwnedRangeApiEnabled(value)).toBe(false);
  });
});

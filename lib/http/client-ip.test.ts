import { describe, expect, it } from "vitest";
import { CLIENT_IP_HEADER, clientIpFromHeaders, normalizeIpAddress } from "./client-ip";

const headersOf = (values: Record<string, string>) => new Headers(values);

describe("client address", () => {
  it("without a trusted proxy uses only the socket header set by server/main.ts", () => {
    const headers = headersOf({ "x-forwarded-for": "1.1.1.1", "x-real-ip": "2.2.2.2", [CLIENT_IP_HEADER]: "::ffff:10.0.0.7" });
    expect(clientIpFromHeaders(headers, false)).toBe("10.0.0.7");
  });

  it("behind a trusted proxy uses the last X-Forwarded-For hop (the one the proxy added)", () => {
    const headers = headersOf({ "x-forwarded-for": "6.6.6.6, 203.0.113.4", [CLIENT_IP_HEADER]: "10.0.0.2" });
    expect(clientIpFromHeaders(headers, true)).toBe("203.0.113.4");
  });

  it("behind a trusted proxy falls back to X-Real-IP, then the socket", () => {
    expect(clientIpFromHeaders(headersOf({ "x-real-ip": "203.0.113.8", [CLIENT_IP_HEADER]: "10.0.0.2" }), true)).toBe("203.0.113.8");
    expect(clientIpFromHeaders(headersOf({ "x-forwarded-for": "garbage", [CLIENT_IP_HEADER]: "10.0.0.2" }), true)).toBe("10.0.0.2");
    expect(clientIpFromHeaders(headersOf({}), true)).toBeNull();
  });

  it("accepts only real addresses", () => {
    expect(normalizeIpAddress("2001:DB8::1")).toBe("2001:db8::1");
    expect(normalizeIpAddress("[2001:db8::1]:443")).toBe("2001:db8::1");
    expect(normalizeIpAddress("198.51.100.1:8080")).toBe("198.51.100.1");
    expect(normalizeIpAddress("fe80::1%eth0")).toBe("fe80::1");
    for (const bad of ["", "localhost", "1.2.3", "<script>", "1.2.3.4, 5.6.7.8", null, undefined]) expect(normalizeIpAddress(bad)).toBeNull();
  });
});

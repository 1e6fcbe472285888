import { describe, it, expect } from "vitest";
import { durationMsSince, routeOf } from "./access-log";

describe("access log fields", () => {
  it.each([
    ["/api/amazon/callback?spapi_oauth_code=secret-code&state=abc", "/api/amazon/callback"],
    ["/seller/orders#frag", "/seller/orders"],
    ["/", "/"],
    [undefined, "/"],
    ["/a?b?c", "/a"],
  ])("route of %s is %s (no query string)", (url, route) => {
    expect(routeOf(url)).toBe(route);
  });

  it("measures durations in ms", () => {
    expect(durationMsSince(0n, 12_345_678n)).toBe(12.35);
  });
});

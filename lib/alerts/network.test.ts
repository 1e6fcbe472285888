import { describe, expect, it } from "vitest";
import { networkOf } from "./network";

describe("networkOf", () => {
  it("groups IPv4 addresses by /24", () => {
    expect(networkOf("203.0.113.77")).toBe("203.0.113.0/24");
    expect(networkOf("203.0.113.1")).toBe(networkOf("203.0.113.254"));
    expect(networkOf("203.0.114.1")).not.toBe(networkOf("203.0.113.1"));
  });

  it("folds IPv4-mapped IPv6 to the IPv4 network", () => {
    expect(networkOf("::ffff:198.51.100.9")).toBe("198.51.100.0/24");
  });

  it("groups IPv6 addresses by /64", () => {
    expect(networkOf("2001:db8:1:2::abcd")).toBe("2001:db8:1:2::/64");
    expect(networkOf("2001:0db8:0001:0002:ffff:1:2:3")).toBe("2001:db8:1:2::/64");
    expect(networkOf("2001:db8:1:3::1")).not.toBe(networkOf("2001:db8:1:2::1"));
    expect(networkOf("::1")).toBe("0:0:0:0::/64");
  });

  it("returns null for missing or unparseable addresses", () => {
    expect(networkOf(null)).toBeNull();
    expect(networkOf("")).toBeNull();
    expect(networkOf("unknown")).toBeNull();
    expect(networkOf("300.1.1.1")).toBeNull();
  });
});

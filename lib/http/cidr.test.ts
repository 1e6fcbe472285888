import { describe, expect, it } from "vitest";
import { isIpInCidrs, parseIp } from "./cidr";

describe("isIpInCidrs", () => {
  it("matches IPv4 ranges at the prefix boundary", () => {
    expect(isIpInCidrs("10.1.2.3", ["10.0.0.0/8"])).toBe(true);
    expect(isIpInCidrs("11.0.0.1", ["10.0.0.0/8"])).toBe(false);
    expect(isIpInCidrs("192.168.1.255", ["192.168.1.0/24"])).toBe(true);
    expect(isIpInCidrs("192.168.2.0", ["192.168.1.0/24"])).toBe(false);
    expect(isIpInCidrs("203.0.113.7", ["203.0.113.7/32"])).toBe(true);
    expect(isIpInCidrs("203.0.113.8", ["203.0.113.7/32"])).toBe(false);
    expect(isIpInCidrs("8.8.8.8", ["0.0.0.0/0"])).toBe(true);
  });

  it("matches IPv6 ranges, including compressed forms", () => {
    expect(isIpInCidrs("2001:db8::1", ["2001:db8::/32"])).toBe(true);
    expect(isIpInCidrs("2001:db8:ffff:ffff::1", ["2001:db8::/32"])).toBe(true);
    expect(isIpInCidrs("2001:db9::1", ["2001:db8::/32"])).toBe(false);
    expect(isIpInCidrs("::1", ["::1/128"])).toBe(true);
    expect(isIpInCidrs("fd12:3456::1", ["fc00::/7"])).toBe(true);
    expect(isIpInCidrs("[2001:db8::1]", ["2001:db8::/64"])).toBe(true);
  });

  it("treats IPv4-mapped IPv6 addresses as the IPv4 address they carry", () => {
    expect(isIpInCidrs("::ffff:10.1.2.3", ["10.0.0.0/8"])).toBe(true);
    expect(isIpInCidrs("::ffff:0a01:0203", ["10.0.0.0/8"])).toBe(true);
    expect(isIpInCidrs("::ffff:11.1.2.3", ["10.0.0.0/8"])).toBe(false);
    expect(isIpInCidrs("10.1.2.3", ["::ffff:10.0.0.0/104"])).toBe(true);
  });

  it("never matches across families or on garbage (fail closed)", () => {
    expect(isIpInCidrs("10.1.2.3", ["::/0"])).toBe(false);
    expect(isIpInCidrs("2001:db8::1", ["0.0.0.0/0"])).toBe(false);
    expect(isIpInCidrs(null, ["0.0.0.0/0"])).toBe(false);
    expect(isIpInCidrs("", ["0.0.0.0/0"])).toBe(false);
    expect(isIpInCidrs("999.1.1.1", ["0.0.0.0/0"])).toBe(false);
    expect(isIpInCidrs("10.1.2.3", ["10.0.0.0/33"])).toBe(false);
    expect(isIpInCidrs("10.1.2.3", ["not-a-cidr"])).toBe(false);
    expect(isIpInCidrs("10.1.2.3", [])).toBe(false);
  });

  it("parses what it is given, nothing more", () => {
    expect(parseIp("1.2.3.4")).toEqual({ family: 4, value: 0x01020304n });
    expect(parseIp("1.2.3")).toBeNull();
    expect(parseIp("01.2.3.4.5")).toBeNull();
    expect(parseIp("fe80::1%eth0")).toEqual({ family: 6, value: (0xfe80n << 112n) | 1n });
  });
});

import { describe, expect, it } from "vitest";
import { nextInternalHostname } from "./next-hostname";

describe("nextInternalHostname (issue 9, finding 4)", () => {
  it.each(["127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost", "LOCALHOST"])("names loopback %s as localhost, as NextURL does", (host) => {
    expect(nextInternalHostname(host)).toBe("localhost");
  });

  it.each(["0.0.0.0", "::", "10.0.0.5", "portal-1", "128.0.0.1", "127.0.0.256"])("leaves %s alone", (host) => {
    expect(nextInternalHostname(host)).toBe(host);
  });
});

import { describe, expect, it } from "vitest";
import { errorDigest } from "./error-panel";

describe("errorDigest", () => {
  it("returns only a well-formed digest, never the message", () => {
    const error = Object.assign(new Error("password=hunter2 for buyer@example.com"), { digest: "2846219371" });
    expect(errorDigest(error)).toBe("2846219371");
    expect(errorDigest(new Error("secret"))).toBeNull();
    expect(errorDigest({ digest: "<script>alert(1)</script>" })).toBeNull();
    expect(errorDigest("boom")).toBeNull();
  });
});

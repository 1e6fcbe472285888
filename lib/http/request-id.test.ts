import { describe, it, expect } from "vitest";
import { isValidRequestId, resolveRequestId } from "./request-id";

describe("request ids", () => {
  it("keeps a well-formed incoming UUID", () => {
    const id = "3F2504E0-4F89-41D3-9A0C-0305E82C3301";
    expect(resolveRequestId(id)).toBe(id.toLowerCase());
  });

  it.each(["", "abc", "3f2504e0-4f89-41d3-9a0c-0305e82c3301\n{\"level\":60}", "' OR 1=1 --", "3f2504e04f8941d39a0c0305e82c3301", null, undefined])(
    "replaces %j with a fresh UUID",
    (incoming) => {
      const id = resolveRequestId(incoming);
      expect(isValidRequestId(id)).toBe(true);
      expect(id).not.toBe(incoming);
    },
  );

  it("generates distinct ids", () => {
    expect(resolveRequestId(null)).not.toBe(resolveRequestId(null));
  });
});

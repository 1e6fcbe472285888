import { describe, expect, it } from "vitest";
import { requireAreaAccess } from "./require-area-access";

// Until the identity issue lands nobody holds a session: every area denies by redirecting to sign-in.
describe("requireAreaAccess (deny-by-default placeholder)", () => {
  it.each([
    ["seller", "/sign-in?next=%2Fseller"],
    ["admin", "/sign-in?next=%2Fadmin"],
  ] as const)("redirects %s to sign-in", async (area, target) => {
    const failure: unknown = await requireAreaAccess(area).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as { digest?: string }).digest).toContain(target);
  });
});

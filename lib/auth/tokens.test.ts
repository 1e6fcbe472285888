import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createOpaqueToken, hashOpaqueToken } from "./tokens";

describe("opaque tokens", () => {
  it("are 32 random bytes in base64url with a sha256 hex hash", () => {
    const { token, tokenHash } = createOpaqueToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, "base64url")).toHaveLength(32);
    expect(tokenHash).toBe(createHash("sha256").update(token).digest("hex"));
    expect(tokenHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("are different every time", () => {
    const tokens = new Set(Array.from({ length: 100 }, () => createOpaqueToken().token));
    expect(tokens.size).toBe(100);
  });

  it("hash deterministically and never return the token itself", () => {
    const { token, tokenHash } = createOpaqueToken();
    expect(hashOpaqueToken(token)).toBe(tokenHash);
    expect(tokenHash).not.toContain(token);
    expect(hashOpaqueToken(`${token}x`)).not.toBe(tokenHash);
  });
});

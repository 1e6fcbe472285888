// Issue 9, finding 1: no published, placeholder or weak secret is accepted.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { isPublishedSecret, keySecretProblem, secretFingerprint, textSecretProblem } from "./secret-strength";

// The demo values of releases before issue 9: public in git history forever.
const FORMER_DEMO_SESSION_SECRET = "development-only-demo-nextauth-secret-NOT-SECRET";
const FORMER_DEMO_DATA_KEY = "ZmlyZWZlZWQtZGV2LWRlbW8ta2V5LU5PVC1TRUNSRVQ=";

describe("published secrets", () => {
  it("recognises the former demo values by fingerprint", () => {
    expect(isPublishedSecret(FORMER_DEMO_SESSION_SECRET)).toBe(true);
    expect(isPublishedSecret(FORMER_DEMO_DATA_KEY)).toBe(true);
    expect(textSecretProblem(FORMER_DEMO_SESSION_SECRET)).toMatch(/published/);
    expect(keySecretProblem(FORMER_DEMO_DATA_KEY)).toMatch(/published/);
    expect(secretFingerprint("a")).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe("textSecretProblem", () => {
  it.each([
    ["too short", randomBytes(12).toString("base64url")],
    ["a placeholder", "my-session-SECRET-for-the-portal-1234567890"],
    ["a placeholder", "changeme-changeme-changeme-changeme-0123456789"],
    ["an example value", "example-Ab3dEfGh1jKlMn0pQrStUvWxYz-0123456789"],
    ["repetitive", "ab".repeat(40)],
    ["a repeated pattern with many distinct characters", "0123456789abcdef".repeat(3)],
    ["a repeated base64 pattern", "Zm9vYmFyQmF6".repeat(4)],
  ])("refuses a value that is %s, without echoing it", (_kind, value) => {
    const problem = textSecretProblem(value);
    expect(problem).not.toBeNull();
    expect(problem).not.toContain(value);
  });

  it("accepts what `openssl rand -base64 48`, `openssl rand -hex 16` and npm start's key files produce (10,000 draws each)", () => {
    // Counted, not asserted one by one: a refusal of a random draw is the bug (it once refused ~1 in 1,000 hex secrets).
    let refused = 0;
    for (let i = 0; i < 10_000; i += 1) {
      for (const value of [randomBytes(48).toString("base64"), randomBytes(48).toString("base64url"), randomBytes(24).toString("hex"), randomBytes(16).toString("hex")]) {
        if (textSecretProblem(value) !== null) refused += 1;
      }
    }
    expect(refused).toBe(0);
  });
});

describe("keySecretProblem", () => {
  it("refuses keys that are not random bytes", () => {
    expect(keySecretProblem(Buffer.alloc(32).toString("base64"))).toMatch(/repetitive/);
    expect(keySecretProblem(Buffer.alloc(32, 7).toString("base64"))).toMatch(/repetitive/);
    // Typed text with enough distinct characters to pass the first rule.
    expect(keySecretProblem(Buffer.from("Quartz-Jumps_Over9Lazy*Dogs!Wv#K").toString("base64"))).toMatch(/typed text/);
  });

  it("accepts random 32-byte keys (1,000 draws)", () => {
    for (let i = 0; i < 1000; i += 1) expect(keySecretProblem(randomBytes(32).toString("base64"))).toBeNull();
  });
});

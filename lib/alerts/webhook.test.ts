import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { MAX_WEBHOOK_ATTEMPTS, signWebhookBody, verifyWebhookSignature, webhookRetryDelayMs } from "./webhook";

const SECRET = "FAKE-webhook-secret-for-tests-0123456789";

describe("webhook signature", () => {
  it("is t=<unix>,v1=<hex HMAC-SHA-256 of '<t>.<body>'>", () => {
    const body = '{"id":"a"}';
    const expected = createHmac("sha256", SECRET).update(`1767225600.${body}`).digest("hex");
    expect(signWebhookBody(SECRET, body, 1767225600)).toBe(`t=1767225600,v1=${expected}`);
  });

  it("verifies within the tolerance and refuses tampering, other secrets and replays", () => {
    const body = '{"id":"a","severity":"HIGH"}';
    const now = new Date("2026-01-01T00:00:00Z");
    const header = signWebhookBody(SECRET, body, now.getTime() / 1000);
    expect(verifyWebhookSignature(SECRET, header, body, now)).toBe(true);
    expect(verifyWebhookSignature(SECRET, header, body.replace("HIGH", "LOW"), now)).toBe(false);
    expect(verifyWebhookSignature("FAKE-another-secret-0123456789abcdef", header, body, now)).toBe(false);
    expect(verifyWebhookSignature(SECRET, header, body, new Date(now.getTime() + 10 * 60_000))).toBe(false);
    expect(verifyWebhookSignature(SECRET, "t=abc,v1=zz", body, now)).toBe(false);
    expect(verifyWebhookSignature(SECRET, null, body, now)).toBe(false);
  });
});

describe("retry backoff", () => {
  it("doubles from 30 s, stays within the upper half of each step (jitter) and caps at 1 h", () => {
    expect(webhookRetryDelayMs(1, () => 0)).toBe(15_000);
    expect(webhookRetryDelayMs(1, () => 0.999_999)).toBeCloseTo(30_000, -1);
    expect(webhookRetryDelayMs(2, () => 0)).toBe(30_000);
    expect(webhookRetryDelayMs(4, () => 0.5)).toBe(180_000);
    expect(webhookRetryDelayMs(20, () => 1)).toBe(3_600_000);
    const total = Array.from({ length: MAX_WEBHOOK_ATTEMPTS - 1 }, (_, index) => webhookRetryDelayMs(index + 1, () => 1)).reduce((a, b) => a + b, 0);
    expect(total).toBeLessThan(2 * 3_600_000); // gives up within about an hour or two
  });
});

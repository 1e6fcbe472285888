import { describe, expect, it } from "vitest";
import { EmailSendTimeoutError, MAX_EMAIL_ATTEMPTS, emailRetryDelayMs, errorClassOf } from "./outbox-delivery";

describe("emailRetryDelayMs", () => {
  it("backs off 30 s, 2 min, 8 min, 32 min, then hourly", () => {
    const delays = Array.from({ length: MAX_EMAIL_ATTEMPTS - 1 }, (_, index) => emailRetryDelayMs(index + 1));
    expect(delays).toEqual([30_000, 120_000, 480_000, 1_920_000, 3_600_000, 3_600_000, 3_600_000]);
  });
});

describe("errorClassOf", () => {
  it("keeps the class and a short code, never the message", () => {
    const smtp = Object.assign(new Error("550 <jane@example.com>: Recipient address rejected"), { code: "EENVELOPE" });
    expect(errorClassOf(smtp)).toBe("Error:EENVELOPE");
    expect(errorClassOf(new EmailSendTimeoutError("no answer"))).toBe("EmailSendTimeoutError");
    expect(errorClassOf(new TypeError("x"))).toBe("TypeError");
  });

  it("does not store an odd name or code as it is", () => {
    const odd = Object.assign(new Error("x"), { name: "jane@example.com said no", code: "a code with spaces" });
    expect(errorClassOf(odd)).toBe("Error");
    expect(errorClassOf("a thrown string with jane@example.com")).toBe("string");
    expect(errorClassOf(null)).toBe("object");
  });
});

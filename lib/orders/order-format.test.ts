import { describe, expect, it } from "vitest";
import { formatMoney, orderStatusLabel } from "./order-format";

describe("order formatting", () => {
  it("writes amounts in their currency, and keeps Amazon's text for an unknown code", () => {
    expect(formatMoney("27.5", "USD")).toBe("$27.50");
    expect(formatMoney("1200", "JPY")).toBe("¥1,200");
    expect(formatMoney("8.49", "EUR")).toBe("€8.49");
    expect(formatMoney("8.49", "NOT-A-CODE")).toBe("8.49 NOT-A-CODE");
    expect(formatMoney("8.49", null)).toBe("8.49");
    expect(formatMoney(null, "USD")).toBe("—");
  });

  it("names statuses in words, and shows an unknown one as Amazon sent it", () => {
    expect(orderStatusLabel("PARTIALLY_SHIPPED")).toBe("Partially shipped");
    expect(orderStatusLabel("SOMETHING_NEW")).toBe("SOMETHING_NEW");
  });
});

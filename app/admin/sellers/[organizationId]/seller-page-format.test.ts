import { describe, expect, it } from "vitest";
import { deletionReasonLabel } from "./seller-page-format";

describe("deletionReasonLabel", () => {
  it("words the known reasons and shows an unknown one as stored", () => {
    expect(deletionReasonLabel("seller_disconnected")).toBe("The seller disconnected Amazon");
    expect(deletionReasonLabel("amazon_revoked")).toBe("The authorization was revoked on Amazon");
    expect(deletionReasonLabel("access_review_revoked")).toBe("Revoked in an access review");
    expect(deletionReasonLabel("legacy_cleanup")).toBe("legacy_cleanup");
    expect(deletionReasonLabel("__proto__")).toBe("__proto__");
  });
});

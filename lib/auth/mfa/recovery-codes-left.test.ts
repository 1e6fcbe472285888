import { describe, expect, it } from "vitest";
import { FEW_RECOVERY_CODES_LEFT, recoveryCodesLeftNotice } from "./recovery-codes-left";

describe("recoveryCodesLeftNotice", () => {
  it("says how many codes are left, in words, and nothing more while there are plenty", () => {
    expect(recoveryCodesLeftNotice(9)).toEqual({ summary: "You have 9 recovery codes left.", warning: null });
    expect(recoveryCodesLeftNotice(FEW_RECOVERY_CODES_LEFT + 1).warning).toBeNull();
  });

  it("urges new codes from 3 left down, singular for one", () => {
    expect(FEW_RECOVERY_CODES_LEFT).toBe(3);
    expect(recoveryCodesLeftNotice(3)).toEqual({
      summary: "You have 3 recovery codes left.",
      warning: "Only 3 are left. Generate new ones now, so you can still sign in when your authenticator app is not at hand.",
    });
    expect(recoveryCodesLeftNotice(1)).toEqual({
      summary: "You have 1 recovery code left.",
      warning: "Only 1 is left. Generate new ones now, so you can still sign in when your authenticator app is not at hand.",
    });
  });

  it("says when none are left", () => {
    expect(recoveryCodesLeftNotice(0)).toEqual({
      summary: "You have no recovery codes left.",
      warning: "Generate new ones now: without them you cannot sign in when your authenticator app is not at hand.",
    });
    expect(recoveryCodesLeftNotice(-1).summary).toBe("You have no recovery codes left.");
  });
});

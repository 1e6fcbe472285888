import { describe, expect, it } from "vitest";
import { afterNavigation, withToast, type Toast } from "./toast";

const toast = (id: number, title: string, tone: Toast["tone"] = "error"): Toast => ({ id, title, tone });

describe("the toast list", () => {
  it("does not stack the same message: a repeat replaces the earlier copy", () => {
    const shown = withToast(withToast([], toast(1, "You do not have permission to do this.")), toast(2, "You do not have permission to do this."));
    expect(shown).toEqual([toast(2, "You do not have permission to do this.")]);
    expect(withToast(shown, toast(3, "Saved.", "success")).map((item) => item.id)).toEqual([2, 3]);
  });

  it("keeps at most four, newest last", () => {
    let shown: Toast[] = [];
    for (let id = 1; id <= 6; id++) shown = withToast(shown, toast(id, `message ${id}`));
    expect(shown.map((item) => item.id)).toEqual([3, 4, 5, 6]);
  });

  it("lets errors leave with the page they came from; success and info keep fading on their own", () => {
    const shown = [toast(1, "Enter a reason.", "error"), toast(2, "Saved.", "success"), toast(3, "Opening Amazon…", "info")];
    expect(afterNavigation(shown).map((item) => item.id)).toEqual([2, 3]);
  });
});

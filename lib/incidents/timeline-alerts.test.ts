import { describe, expect, it } from "vitest";
import { alertLinkedBody, linkedAlertId } from "./timeline-alerts";

const ID = "5f1c2a9e-8d4b-4c3e-9a1f-2b3c4d5e6f72";

describe("ALERT_LINKED entries", () => {
  it("reads back the alert id the entry was written with", () => {
    expect(alertLinkedBody(ID)).toBe(`Alert ${ID} linked.`);
    expect(linkedAlertId(alertLinkedBody(ID))).toBe(ID);
    expect(linkedAlertId(alertLinkedBody(ID.toUpperCase()))).toBe(ID);
  });

  it("finds no id in other text", () => {
    expect(linkedAlertId(null)).toBeNull();
    expect(linkedAlertId("Alert linked.")).toBeNull();
    expect(linkedAlertId(`Alert ${ID} linked. And a note.`)).toBeNull();
    expect(linkedAlertId("Alert not-a-uuid linked.")).toBeNull();
  });
});

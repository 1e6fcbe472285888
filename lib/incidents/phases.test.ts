import { describe, expect, it } from "vitest";
import {
  PHASE_ORDER,
  checkAmazonNotificationTime,
  checkPhaseTransition,
  closeBlockers,
  nextPhase,
  previousPhase,
} from "./phases";

describe("incident phases (I1)", () => {
  it("go forward one step at a time, in the procedure's order", () => {
    PHASE_ORDER.slice(0, -1).forEach((phase, index) => {
      expect(checkPhaseTransition(phase, PHASE_ORDER[index + 1]!, null)).toEqual({ ok: true, direction: "forward" });
    });
    expect(nextPhase("CLOSED")).toBeNull();
  });

  it("refuse skipping a phase", () => {
    const check = checkPhaseTransition("DETECTED", "CONTAINMENT", null);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.error).toContain("Triage / confirmed");
    expect(checkPhaseTransition("CONFIRMED", "CLOSED", null).ok).toBe(false);
  });

  it("go back one step only with a note, never to detection and never out of CLOSED", () => {
    expect(checkPhaseTransition("ANALYSIS", "CONTAINMENT", "containment failed")).toEqual({ ok: true, direction: "back" });
    expect(checkPhaseTransition("ANALYSIS", "CONTAINMENT", "  ").ok).toBe(false);
    expect(checkPhaseTransition("CONFIRMED", "DETECTED", "oops").ok).toBe(false);
    expect(checkPhaseTransition("CLOSED", "POST_MORTEM", "reopen").ok).toBe(false);
    expect(previousPhase("CONFIRMED")).toBeNull();
    expect(previousPhase("CLOSED")).toBeNull();
    expect(previousPhase("POST_MORTEM")).toBe("RECOVERY");
  });
});

describe("closing rules (I5)", () => {
  const ready = { actionStatuses: ["DONE", "DONE"] as const, postMortemMarkdown: "# What happened", involvesAmazonInformation: true, amazonNotifiedAt: new Date() };

  it("allow closing when every action is done, the post-mortem is written and Amazon was notified", () => {
    expect(closeBlockers({ ...ready, actionStatuses: [...ready.actionStatuses] })).toEqual([]);
  });

  it("refuse closing while any action is open or in progress", () => {
    expect(closeBlockers({ ...ready, actionStatuses: ["DONE", "OPEN"] })[0]).toContain("1 corrective action is still open");
    expect(closeBlockers({ ...ready, actionStatuses: ["IN_PROGRESS", "OPEN"] })[0]).toContain("2 corrective actions are still open");
  });

  it("refuse closing without a post-mortem, or without the Amazon notification when it applies", () => {
    expect(closeBlockers({ ...ready, actionStatuses: [], postMortemMarkdown: "  " })).toEqual(["Write the post-mortem before closing."]);
    expect(closeBlockers({ ...ready, actionStatuses: [], amazonNotifiedAt: null })[0]).toContain("Record the notification to Amazon");
    expect(closeBlockers({ ...ready, actionStatuses: [], involvesAmazonInformation: false, amazonNotifiedAt: null })).toEqual([]);
  });
});

describe("Amazon notification time (I3)", () => {
  const confirmedAt = new Date("2026-12-01T08:00:00Z");
  const now = new Date("2026-12-01T12:00:00Z");

  it("accepts now or an earlier time after confirmation", () => {
    expect(checkAmazonNotificationTime(now, confirmedAt, now)).toBeNull();
    expect(checkAmazonNotificationTime(new Date("2026-12-01T09:00:00Z"), confirmedAt, now)).toBeNull();
    expect(checkAmazonNotificationTime(confirmedAt, confirmedAt, now)).toBeNull();
  });

  it("refuses the future, before confirmation, and an unconfirmed incident", () => {
    expect(checkAmazonNotificationTime(new Date("2026-12-01T12:01:00Z"), confirmedAt, now)).toContain("future");
    expect(checkAmazonNotificationTime(new Date("2026-12-01T07:59:00Z"), confirmedAt, now)).toContain("before the incident was confirmed");
    expect(checkAmazonNotificationTime(now, null, now)).toContain("Confirm the incident first");
  });
});

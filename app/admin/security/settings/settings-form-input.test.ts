import { describe, expect, it } from "vitest";
import { alertRulesFromForm, settingFieldErrors, workingHoursFromForm } from "./settings-form-input";

describe("settings form input", () => {
  it("reads checkboxes by presence and numbers only when the text is a number", () => {
    const value = alertRulesFromForm({ "lockouts.enabled": "on", "lockouts.count": " 3 ", "lockouts.windowMinutes": "1e3" }) as Record<string, unknown>;
    expect(value.lockouts).toEqual({ enabled: true, count: 3, windowMinutes: "1e3" });
    expect(value.mfaFailures).toEqual({ enabled: false, count: "", windowMinutes: "" });
    expect(value.privilegedChanges).toEqual({ enabled: false });
  });

  it("reads one or several weekdays", () => {
    expect(workingHoursFromForm({ timeZone: "UTC", start: "07:00", end: "19:00", days: "3" })).toMatchObject({ days: [3] });
    expect(workingHoursFromForm({ timeZone: "UTC", start: "07:00", end: "19:00", days: ["1", "5"] })).toMatchObject({ days: [1, 5] });
  });

  it("words the schema's bounds for the field they belong to, keeping the schema's own messages", () => {
    expect(settingFieldErrors("review_cadence", { accessReviewDays: 6, runbookReviewMonths: 7, logReviewGraceDays: 2.5 })).toEqual({
      accessReviewDays: ["Must be at least 7."],
      runbookReviewMonths: ["Must be at most 6."],
      logReviewGraceDays: ["Enter a whole number."],
    });
    expect(settingFieldErrors("working_hours", { timeZone: "UTC", start: "0700", end: "19:00", days: [1, 9] })).toEqual({
      start: ["Use HH:MM, 24-hour"],
      days: ["Must be at most 7."],
    });
    expect(settingFieldErrors("incident_contact", { name: "On-call", email: "oncall@example.test", phone: "" })).toBeNull();
  });
});

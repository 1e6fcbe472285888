// Titles and colours of the dashboard's four daily series. Plain data, used by
// the server-rendered table and the client-only charts alike.
import type { ActivitySeriesKey } from "@/lib/security-dashboard/daily-series";

export const ACTIVITY_SERIES_META: ReadonlyArray<{ key: ActivitySeriesKey; title: string; color: string }> = [
  // Colours meet 3:1 against white (WCAG 1.4.11 for graphical objects).
  { key: "signInFailures", title: "Sign-in failures", color: "#c2410c" },
  { key: "lockouts", title: "Lockouts", color: "#b91c1c" },
  { key: "mfaFailures", title: "Failed two-step checks", color: "#7c3aed" },
  { key: "piiReveals", title: "PII reveals", color: "#0369a1" },
];

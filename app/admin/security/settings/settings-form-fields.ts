// Plain data (no imports with I/O): the rules, days and field names the
// settings forms show. Loaded by the client forms, so it must not import the
// settings module itself (that one reaches the database and the logger).
type ThresholdRule = "failedSignInsPerAccount" | "failedSignInsPerIp" | "lockouts" | "mfaFailures" | "piiReveals" | "exports";
type SwitchRule = "operatorNewNetwork" | "privilegedChanges" | "offHoursBulkAccess";

export const THRESHOLD_RULES: ReadonlyArray<{ key: ThresholdRule; title: string; description: string }> = [
  { key: "failedSignInsPerAccount", title: "Failed sign-ins per account", description: "Wrong passwords or codes for one account." },
  { key: "failedSignInsPerIp", title: "Failed sign-ins per IP address", description: "Many accounts tried from one address (credential stuffing)." },
  { key: "lockouts", title: "Account lockouts", description: "Accounts locked after repeated failures." },
  { key: "mfaFailures", title: "Failed two-step checks", description: "Wrong authentication codes after a correct password." },
  { key: "piiReveals", title: "PII reveals", description: "Buyer details unmasked by one user." },
  { key: "exports", title: "Exports", description: "Audit or review exports by one user." },
];

export const SWITCH_RULES: ReadonlyArray<{ key: SwitchRule; title: string; description: string }> = [
  { key: "operatorNewNetwork", title: "Operator signs in from a new network", description: "An operator account used from a network it was never seen on." },
  { key: "privilegedChanges", title: "Role, permission, key or setting changes", description: "Every change of who may do what, of keys and of these settings." },
  { key: "offHoursBulkAccess", title: "Bulk operations outside working hours", description: "Operators' exports and manual retention runs outside the working hours below (sellers' own syncs and reveals are not counted)." },
];

export const WEEKDAYS: ReadonlyArray<{ value: number; label: string }> = [
  { value: 1, label: "Monday" },
  { value: 2, label: "Tuesday" },
  { value: 3, label: "Wednesday" },
  { value: 4, label: "Thursday" },
  { value: 5, label: "Friday" },
  { value: 6, label: "Saturday" },
  { value: 7, label: "Sunday" },
];


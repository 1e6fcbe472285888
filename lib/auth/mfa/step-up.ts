// Step-up MFA (controls A3, N6): sensitive actions need an MFA check within
// the last 5 minutes, even inside a valid session. No I/O: the window comes
// from the validated environment (STEP_UP_WINDOW_SECONDS, at most 5 minutes,
// at least 30 s: a deployment may only make it stricter; the e2e portal uses a
// short one so a journey really passes through /step-up) or from the caller.
// Which permissions need it is declared once, in the permission vocabulary
// (lib/rbac/permissions.ts, `requiresStepUp`).
import { getEnv } from "@/lib/env";
import { PERMISSIONS, PERMISSION_DEFINITIONS, type Permission } from "@/lib/rbac/permissions";

/** The longest step-up window allowed (A3: "within 5 minutes"), and the default. */
export const STEP_UP_WINDOW_MS = 5 * 60 * 1000;
/** The shortest: below this a person could not enter a code and repeat the action in time. */
export const STEP_UP_MIN_WINDOW_MS = 30 * 1000;

/** The configured window (STEP_UP_WINDOW_SECONDS, bounds enforced by lib/env.ts and again here). */
export function stepUpWindowMs(): number {
  const configured = getEnv().STEP_UP_WINDOW_SECONDS * 1000;
  return Math.min(STEP_UP_WINDOW_MS, Math.max(STEP_UP_MIN_WINDOW_MS, configured));
}

/**
 * How far in the future a recorded MFA time may lie (clock differences
 * between the database and app servers). Anything later is treated as no
 * step-up at all: a future timestamp is a bug or tampering, so fail closed.
 */
export const STEP_UP_CLOCK_SKEW_MS = 5_000;

/** Permissions whose use requires a fresh MFA check, in vocabulary order. */
export const stepUpPermissions: readonly Permission[] = Object.freeze(
  PERMISSIONS.filter((permission) => PERMISSION_DEFINITIONS[permission].requiresStepUp),
);

export function permissionRequiresStepUp(permission: Permission): boolean {
  return stepUpPermissions.includes(permission);
}

/**
 * Whether the session's last successful MFA check (`lastMfaAt`) is within the
 * step-up window at `now` (ms). `windowMs` defaults to the configured window
 * and can never exceed 5 minutes.
 */
export function hasRecentStepUp(lastMfaAt: Date | number | null | undefined, now: number, windowMs: number = stepUpWindowMs()): boolean {
  if (lastMfaAt === null || lastMfaAt === undefined || !Number.isFinite(now) || !Number.isFinite(windowMs)) return false;
  const last = lastMfaAt instanceof Date ? lastMfaAt.getTime() : lastMfaAt;
  if (!Number.isFinite(last)) return false;
  const age = now - last;
  return age >= -STEP_UP_CLOCK_SKEW_MS && age <= Math.min(windowMs, STEP_UP_WINDOW_MS);
}

export type StepUpStatus = "not-required" | "satisfied" | "required";

/** What using `permission` needs right now; "required" means: ask for a TOTP or recovery code first. */
export function stepUpStatus(
  permission: Permission,
  lastMfaAt: Date | number | null | undefined,
  now: number,
  windowMs: number = stepUpWindowMs(),
): StepUpStatus {
  if (!permissionRequiresStepUp(permission)) return "not-required";
  return hasRecentStepUp(lastMfaAt, now, windowMs) ? "satisfied" : "required";
}

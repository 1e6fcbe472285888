// Step-up MFA (controls A3, N6): sensitive actions need an MFA check within
// the last 5 minutes, even inside a valid session. Pure: no I/O, injected
// clock. Which permissions need it is declared once, in the permission
// vocabulary (lib/rbac/permissions.ts, `requiresStepUp`).
import { PERMISSIONS, PERMISSION_DEFINITIONS, type Permission } from "@/lib/rbac/permissions";

export const STEP_UP_WINDOW_MS = 5 * 60 * 1000;
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

/** Whether the session's last successful MFA check (`lastMfaAt`) is within the step-up window at `now` (ms). */
export function hasRecentStepUp(lastMfaAt: Date | number | null | undefined, now: number): boolean {
  if (lastMfaAt === null || lastMfaAt === undefined || !Number.isFinite(now)) return false;
  const last = lastMfaAt instanceof Date ? lastMfaAt.getTime() : lastMfaAt;
  if (!Number.isFinite(last)) return false;
  const age = now - last;
  return age >= -STEP_UP_CLOCK_SKEW_MS && age <= STEP_UP_WINDOW_MS;
}

export type StepUpStatus = "not-required" | "satisfied" | "required";

/** What using `permission` needs right now; "required" means: ask for a TOTP or recovery code first. */
export function stepUpStatus(permission: Permission, lastMfaAt: Date | number | null | undefined, now: number): StepUpStatus {
  if (!permissionRequiresStepUp(permission)) return "not-required";
  return hasRecentStepUp(lastMfaAt, now) ? "satisfied" : "required";
}

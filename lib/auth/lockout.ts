// Account lockout timing (control D7). Pure: injected settings and clock.
// After LOCKOUT_THRESHOLD consecutive wrong passwords the account is locked
// for LOCKOUT_BASE_MINUTES x 2^(earlier lockouts), capped at a day, so a
// patient attacker gets exponentially fewer guesses while a person who
// mistyped five times waits a quarter of an hour.
const MINUTE_MS = 60_000;
export const MAX_LOCKOUT_MS = 24 * 60 * MINUTE_MS;

/** How long the next lockout lasts, given how many lockouts the account already had. */
export function lockoutDurationMs(lockoutCount: number, baseMinutes: number): number {
  const exponent = Math.min(Math.max(0, Math.floor(lockoutCount)), 16);
  return Math.min(baseMinutes * MINUTE_MS * 2 ** exponent, MAX_LOCKOUT_MS);
}

export interface LockoutState {
  failedSignInCount: number;
  lockoutCount: number;
  lockedUntil: Date | null;
}

export function isLocked(state: Pick<LockoutState, "lockedUntil">, now: Date): boolean {
  return state.lockedUntil !== null && state.lockedUntil.getTime() > now.getTime();
}

/** The state after one more wrong password; `locked` says this failure started a lockout. */
export function afterFailedPassword(
  state: LockoutState,
  now: Date,
  settings: { threshold: number; baseMinutes: number },
): LockoutState & { locked: boolean } {
  const failures = state.failedSignInCount + 1;
  if (failures < settings.threshold) return { ...state, failedSignInCount: failures, locked: false };
  return {
    failedSignInCount: 0,
    lockoutCount: state.lockoutCount + 1,
    lockedUntil: new Date(now.getTime() + lockoutDurationMs(state.lockoutCount, settings.baseMinutes)),
    locked: true,
  };
}

/** "Try again in N minutes." with N rounded up (never "0 minutes"). */
export function retryMinutes(retryAfterSeconds: number): number {
  return Math.max(1, Math.ceil(retryAfterSeconds / 60));
}

export function tooManyAttemptsMessage(retryAfterSeconds: number): string {
  const minutes = retryMinutes(retryAfterSeconds);
  return `Too many attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}

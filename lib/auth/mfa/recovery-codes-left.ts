// Plain module (no I/O): what the person is told after signing in with a
// recovery code (issue 11: nothing said how many were left). From 3 left
// down, they are urged to generate new ones while they can still sign in.
import { countInWords } from "@/lib/time/in-words";

/** At or below this many unused codes, the notice urges generating new ones. */
export const FEW_RECOVERY_CODES_LEFT = 3;

export interface RecoveryCodesLeftNotice {
  /** "You have 9 recovery codes left." */
  summary: string;
  /** Set when few or none are left: why to generate new ones now. */
  warning: string | null;
}

export function recoveryCodesLeftNotice(codesLeft: number): RecoveryCodesLeftNotice {
  const left = Math.max(0, Math.trunc(codesLeft));
  if (left === 0) {
    return {
      summary: "You have no recovery codes left.",
      warning: "Generate new ones now: without them you cannot sign in when your authenticator app is not at hand.",
    };
  }
  return {
    summary: `You have ${countInWords(left, "recovery code")} left.`,
    warning:
      left <= FEW_RECOVERY_CODES_LEFT
        ? `Only ${left} ${left === 1 ? "is" : "are"} left. Generate new ones now, so you can still sign in when your authenticator app is not at hand.`
        : null,
  };
}

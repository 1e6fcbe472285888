import "server-only";
// Why someone was signed out, for the sign-in page they land on (issue 11: a
// deactivated operator's next click landed on sign-in with no explanation).
// When a page needs a session and the cookie's session has ended, the
// redirect to /sign-in carries one of the codes below (?reason=deactivated):
// a word, never an id or a secret. The sign-in page shows the message of a
// known code and ignores anything else, so a crafted value can only ever
// show one of these fixed sentences.
import type { DbTransaction } from "@/lib/db/db";
import { findSessionByToken, type SessionRejection } from "./sessions";

export const SIGN_OUT_REASONS = [
  "deactivated",
  "removed",
  "revoked",
  "expired",
  "role-changed",
  "mfa-reset",
  "password-changed",
  "signed-out-elsewhere",
] as const;

export type SignOutReason = (typeof SIGN_OUT_REASONS)[number];

export interface SignOutNotice {
  tone: "info" | "warning";
  text: string;
}

const NOTICES: Readonly<Record<SignOutReason, SignOutNotice>> = {
  deactivated: {
    tone: "warning",
    text: "Your account was deactivated by an administrator. Contact your administrator if you think this is a mistake.",
  },
  removed: {
    tone: "warning",
    text: "You were removed from your organization's team. Contact your organization's owner if you think this is a mistake.",
  },
  revoked: { tone: "info", text: "You were signed out: your session was ended by an administrator." },
  expired: { tone: "info", text: "Your session expired. Sign in again." },
  "role-changed": { tone: "info", text: "Your role was changed, so you were signed out. Sign in again to continue." },
  "mfa-reset": { tone: "info", text: "Your two-step verification was reset by an administrator. Sign in again to set it up." },
  "password-changed": { tone: "info", text: "Your password was changed, so you were signed out. Sign in with your new password." },
  "signed-out-elsewhere": { tone: "info", text: "You were signed out from another device." },
};

/**
 * The code for a session's revoked_reason, as the revoking code writes it
 * (lib/users/*, lib/access-reviews, lib/auth/accounts.ts, validateSession).
 * A sign-out on this device clears the cookie, so "sign-out" never gets here.
 */
const BY_REVOKED_REASON: ReadonlyMap<string, SignOutReason> = new Map([
  ["deactivated", "deactivated"],
  ["access-review-revoked", "deactivated"],
  ["removed-from-team", "removed"],
  ["revoked-by-operator", "revoked"],
  ["expired", "expired"],
  ["idle-timeout", "expired"],
  ["role-changed", "role-changed"],
  ["mfa-reset", "mfa-reset"],
  ["password-changed", "password-changed"],
  ["password reset", "password-changed"],
  ["signed-out-by-user", "signed-out-elsewhere"],
]);

/** The code for why validateSession refused a session (and, when revoked, the row's revoked_reason); null when there is nothing to tell. */
export function signOutReasonFor(rejection: SessionRejection, revokedReason: string | null): SignOutReason | null {
  switch (rejection) {
    case "revoked":
      return revokedReason === null ? null : (BY_REVOKED_REASON.get(revokedReason) ?? null);
    case "expired":
    case "idle":
      return "expired";
    case "user-inactive":
      return "deactivated";
    // No session behind the cookie, a half-finished sign-in, corrupt data: nothing a person can act on.
    case "missing":
    case "mfa-incomplete":
    case "invalid-role":
      return null;
  }
}

/** Why the session behind a cookie's token opens nothing any more, given validateSession's refusal. */
export async function signOutReasonOf(db: DbTransaction, sessionToken: string, rejection: SessionRejection): Promise<SignOutReason | null> {
  if (rejection !== "revoked") return signOutReasonFor(rejection, null);
  const session = await findSessionByToken(db, sessionToken);
  return signOutReasonFor(rejection, session?.revokedReason ?? null);
}

/** The sign-in page's message for a `?reason=` value: known codes only, anything else (a typo, an array, a crafted string) is null. */
export function signOutNotice(raw: unknown): SignOutNotice | null {
  if (typeof raw !== "string") return null;
  return (SIGN_OUT_REASONS as readonly string[]).includes(raw) ? NOTICES[raw as SignOutReason] : null;
}

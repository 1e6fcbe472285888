// Server-side only (shared by lib/users/*). Pure helpers, no I/O and no
// "server-only" import, so the unit tests load it under plain vitest.
import { z } from "zod";
import { displayedName, reasonText } from "@/lib/validation/input";
import type { ActionResult } from "@/lib/auth/define-action";
import { roleKind, type Role } from "@/lib/rbac/roles";

export type UserMutationResult = ActionResult;

/**
 * The ONE answer for "no such user" and "a user you may not manage" (another
 * tenant's member, a seller in the operator console): the same text, so ids
 * cannot be probed across organizations.
 */
export const USER_NOT_FOUND_MESSAGE = "This user was not found.";
export const userNotFound = (): UserMutationResult => ({ ok: false, error: USER_NOT_FOUND_MESSAGE });

export const SESSION_NOT_FOUND_MESSAGE = "This session was not found or has already ended.";

export const SELLER_ROLES = ["SELLER_OWNER", "SELLER_MEMBER"] as const satisfies readonly Role[];
export const OPERATOR_ROLES = ["OPERATOR_SUPPORT", "OPERATOR_SECURITY_ANALYST", "OPERATOR_ADMIN"] as const satisfies readonly Role[];
export const sellerRoleSchema = z.enum(SELLER_ROLES);
export const operatorRoleSchema = z.enum(OPERATOR_ROLES);

/** Short labels for tables and selects (the invitation e-mail has its own, longer ones). */
export const ROLE_SHORT_LABELS: Readonly<Record<Role, string>> = {
  SELLER_OWNER: "Owner",
  SELLER_MEMBER: "Member",
  OPERATOR_SUPPORT: "Support",
  OPERATOR_SECURITY_ANALYST: "Security analyst",
  OPERATOR_ADMIN: "Admin",
};

export function isOperatorRole(role: Role): boolean {
  return roleKind(role) === "operator";
}

export const REASON_MIN_LENGTH = 10;
export const REASON_MAX_LENGTH = 500;
/** Why an operator did something drastic (MFA reset, deactivation): recorded in the audit trail. */
export const reasonSchema = reasonText({
  min: REASON_MIN_LENGTH,
  max: REASON_MAX_LENGTH,
  minMessage: `Give a reason of at least ${REASON_MIN_LENGTH} characters (it is recorded in the audit trail).`,
  maxMessage: `Keep the reason under ${REASON_MAX_LENGTH} characters.`,
});

export const DISPLAY_NAME_MAX_LENGTH = 100;
export const displayNameSchema = displayedName({
  min: 1,
  max: DISPLAY_NAME_MAX_LENGTH,
  minMessage: "Enter your name.",
  maxMessage: `Keep your name under ${DISPLAY_NAME_MAX_LENGTH} characters.`,
});

/**
 * A short, human description of a browser from its User-Agent, for the
 * session lists ("Firefox on Windows"). Best effort: unknown agents fall
 * back to "Unknown browser"; the raw string is still shown as a tooltip.
 */
export function describeUserAgent(userAgent: string | null | undefined): string {
  if (!userAgent) return "Unknown device";
  const ua = userAgent;
  const browser = /Edg\//.test(ua)
    ? "Edge"
    : /OPR\/|Opera/.test(ua)
      ? "Opera"
      : /Firefox\//.test(ua)
        ? "Firefox"
        : /Chrome\/|CriOS\//.test(ua)
          ? "Chrome"
          : /Safari\//.test(ua) && /Version\//.test(ua)
            ? "Safari"
            : /curl\//i.test(ua)
              ? "curl"
              : null;
  const system = /iPhone|iPad|iPod/.test(ua)
    ? "iOS"
    : /Android/.test(ua)
      ? "Android"
      : /Windows/.test(ua)
        ? "Windows"
        : /Mac OS X|Macintosh/.test(ua)
          ? "macOS"
          : /CrOS/.test(ua)
            ? "ChromeOS"
            : /Linux/.test(ua)
              ? "Linux"
              : null;
  if (browser && system) return `${browser} on ${system}`;
  return browser ?? (system ? `Browser on ${system}` : "Unknown browser");
}

/** A timestamp for tables: "2026-11-29 09:43 UTC" (server-rendered, so no client time zone guessing). */
export function formatUtc(date: Date | null | undefined, empty = "Never"): string {
  if (!date) return empty;
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

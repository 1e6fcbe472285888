// Pure and client-safe (no I/O): also used by forms for early feedback; the
// server's check is the one that counts. Control A1.
//
// isGenericMailbox: operator accounts must belong to one person (A1, and
//   the MFA/audit trail is only meaningful per person). For that check we DO
//   strip a "+tag" and ignore separators, so "Support+eu@", "no_reply@" and
//   "it-support@" are caught. (Addresses themselves: emailAddress and
//   normalizeEmail in lib/validation/input.ts.)
import { normalizeEmail } from "@/lib/validation/input";

/**
 * Local parts of shared, role or system mailboxes. Compared with separators
 * (".", "-", "_") removed, so "no-reply", "no_reply" and "noreply" are one entry.
 */
export const GENERIC_MAILBOX_LOCAL_PARTS: ReadonlySet<string> = new Set([
  "abuse",
  "accounting",
  "accounts",
  "admin",
  "administrator",
  "alerts",
  "billing",
  "careers",
  "contact",
  "customerservice",
  "dev",
  "devops",
  "enquiries",
  "finance",
  "help",
  "helpdesk",
  "hello",
  "hostmaster",
  "hr",
  "info",
  "it",
  "jobs",
  "legal",
  "mail",
  "mailerdaemon",
  "marketing",
  "noc",
  "noreply",
  "donotreply",
  "notifications",
  "office",
  "ops",
  "operations",
  "postmaster",
  "privacy",
  "root",
  "sales",
  "security",
  "service",
  "soc",
  "staff",
  "support",
  "sysadmin",
  "team",
  "test",
  "webmaster",
]);

// Qualifiers that often follow a role word: "support-eu", "admin2", "security-team".
const QUALIFIER = /^(?:[a-z]{2}|\d+)$/;

function localPartOf(email: string): string | null {
  const normalized = normalizeEmail(email);
  const at = normalized.lastIndexOf("@");
  if (at <= 0) return null;
  // "+tag" sub-addressing delivers to the same mailbox.
  return normalized.slice(0, at).split("+")[0] ?? null;
}

/**
 * True when the address looks like a shared mailbox rather than a person:
 * the whole local part is a role word ("admin", "no-reply", "it.support"
 * counts via its parts), or a role word followed only by other role words,
 * region codes or digits ("support-eu", "admin2", "security-ops"). A role
 * word next to a name is a person: "dev.patel@", "jane.support@".
 */
export function isGenericMailbox(email: string): boolean {
  const local = localPartOf(email);
  if (!local) return false;
  const compact = local.replace(/[._-]+/g, "");
  if (GENERIC_MAILBOX_LOCAL_PARTS.has(compact)) return true;
  const digitsStripped = compact.replace(/\d+$/, "");
  if (digitsStripped !== compact && GENERIC_MAILBOX_LOCAL_PARTS.has(digitsStripped)) return true;

  const parts = local.split(/[._-]+/).filter(Boolean);
  if (parts.length < 2) return false;
  const roleParts = parts.filter((part) => GENERIC_MAILBOX_LOCAL_PARTS.has(part));
  if (roleParts.length === 0) return false;
  // Every part is a role word or a qualifier: nothing in it names a person.
  // A two-letter part counts as a qualifier only after a role word ("support-eu", not "jo-admin").
  return parts.every(
    (part, index) => GENERIC_MAILBOX_LOCAL_PARTS.has(part) || (index > 0 && QUALIFIER.test(part) && GENERIC_MAILBOX_LOCAL_PARTS.has(parts[0] ?? "")),
  );
}

/** The message shown when an operator invitation names a shared mailbox. */
export const GENERIC_MAILBOX_MESSAGE =
  "Operator accounts must belong to a person: use an individual work address, not a shared mailbox like admin@ or support@.";

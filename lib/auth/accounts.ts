import "server-only";
// Accounts (control A1) and passwords (S5): seller self sign-up with e-mail
// verification, password reset by e-mail link, and the one function that sets
// a password (policy, history, age). Audit events (A5) and the e-mail (queued
// in the encrypted outbox, lib/email/outbox-queue.ts) are written in the same
// transaction as the change, so a rolled-back change never sends a working
// link; the delivery job sends after the commit, never inside a request.
//
// Answers never reveal whether an account exists: sign-up with a taken
// address, resend-verification and forgot-password all answer the same way
// (style.md §9), AND take the same time (issue 9, finding 5: forgot-password
// used to answer ~50 ms later for a real account, the SMTP send). So no path
// waits for SMTP, and every path makes the same database round trips with
// comparable writes: where a real account gets "create the token + queue the
// mail", any other address gets enqueueDecoyEmail (the same INSERT, encrypted
// the same way, then deleted in the same transaction). Why writes and not
// reads: a transaction that wrote commits with a WAL flush, a read-only one
// does not, and the flush is the slowest step on a real disk. `npm run bench
// -- email` measures what is left (bench/email-timing.ts; ADR 0020).
// Every function takes `db` (and `now`) so integration tests control the
// database and the clock.
import type { ActionResult } from "@/lib/auth/define-action";
import { revokeSessionsForUser } from "@/lib/auth/sessions";
import { createOpaqueToken, hashOpaqueToken } from "@/lib/auth/tokens";
import { recordAudit } from "@/lib/audit/record-audit";
import { getPrisma } from "@/lib/db/client";
import { requestOutboxDelivery } from "@/lib/email/outbox-delivery-trigger";
import { enqueueDecoyEmail, enqueueEmail } from "@/lib/email/outbox-queue";
import { passwordResetMessage, verifyEmailMessage } from "@/lib/email/templates";
import { getEnv } from "@/lib/env";
import {
  DEFAULT_PASSWORD_POLICY_SETTINGS,
  checkPasswordAge,
  checkPasswordStrength,
  hashPassword,
  validateNewPassword,
  type PasswordPolicySettings,
  type PolicyResult,
} from "@/lib/auth/password";
import { normalizeEmail } from "@/lib/validation/input";
import type { RequestContext } from "@/lib/http/request-context";
import type { Db, DbTransaction } from "@/lib/db/db";

const MINUTE_MS = 60_000;
export const VERIFY_EMAIL_TOKEN_TTL_MS = 24 * 60 * MINUTE_MS;
export const RESET_PASSWORD_TOKEN_TTL_MS = 60 * MINUTE_MS;
// Argon2 hashing and up to PASSWORD_HISTORY_SIZE verifications run inside
// these transactions (the contract hands setNewPassword a transaction client).
const PASSWORD_TRANSACTION_OPTIONS = { timeout: 30_000, maxWait: 10_000 } as const;

export const CHECK_INBOX_MESSAGE =
  "Check your inbox: we sent a link to confirm your e-mail address. It is valid for 24 hours.";
export const RESET_REQUESTED_MESSAGE =
  "If an account uses this address, we sent it a link to choose a new password. The link is valid for 60 minutes.";
export const INVALID_LINK_MESSAGE = "This link is invalid, has expired or was already used. Request a new one.";

/** The password policy with this deployment's settings (PASSWORD_* in lib/env.ts). */
export function passwordPolicySettings(): PasswordPolicySettings {
  const env = getEnv();
  return {
    ...DEFAULT_PASSWORD_POLICY_SETTINGS,
    historySize: env.PASSWORD_HISTORY_SIZE,
    minAgeDays: env.PASSWORD_MIN_AGE_DAYS,
    maxAgeDays: env.PASSWORD_MAX_AGE_DAYS,
  };
}

/** A policy refusal as an action result: the first reason as the message, all of them on the password field. */
export function policyFailure(result: Extract<PolicyResult, { ok: false }>, field = "password"): ActionResult {
  const messages = result.reasons.map((reason) => reason.message);
  const suggestions = [...new Set(result.reasons.flatMap((reason) => reason.suggestions))];
  return {
    ok: false,
    error: messages[0] ?? "Choose a different password.",
    fieldErrors: { [field]: [...messages, ...suggestions] },
  };
}

function appLink(path: string, token: string): string {
  const url = new URL(path, getEnv().APP_URL);
  url.searchParams.set("token", token);
  return url.toString();
}

/**
 * Matches no row: the "invalidate earlier links" UPDATE runs for every
 * address, with this id when there is no eligible account (same statement,
 * same index, nothing changed).
 */
const NO_ACCOUNT_ID = "00000000-0000-0000-0000-000000000000";

function existingAccountNotice(to: string): { to: string; subject: string; text: string } {
  return {
    to,
    subject: "Someone tried to create a FireFeed Portal account with your address",
    text: [
      "Someone (perhaps you) tried to create a new FireFeed Portal account with this e-mail address, which already has an account.",
      "",
      `If it was you, sign in instead: ${new URL("/sign-in", getEnv().APP_URL).toString()}`,
      `Forgot your password? Reset it here: ${new URL("/forgot-password", getEnv().APP_URL).toString()}`,
      "",
      "If it was not you, you can ignore this message: nothing was changed.",
    ].join("\n"),
  };
}

const formatUtc = (date: Date) => `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;

/**
 * Sets a user's password: the policy (length, strength, breached list,
 * personal information; history and minimum age for "change"; history for
 * "reset"), a fresh argon2id hash, a password_history row (older rows beyond
 * the history size are pruned) and passwordChangedAt. Does NOT record an
 * audit event, revoke sessions or consume tokens: the caller does those in
 * the same transaction (resetPassword, acceptInvitation here; the
 * change-password action records auth.password_changed).
 */
export async function setNewPassword(
  db: DbTransaction,
  userId: string,
  newPassword: string,
  reason: "change" | "reset" | "initial",
  options: { now?: Date } = {},
): Promise<ActionResult> {
  const now = options.now ?? new Date();
  const settings = passwordPolicySettings();
  const user = await db.user.findUnique({
    where: { id: userId },
    select: {
      email: true,
      displayName: true,
      status: true,
      passwordHash: true,
      passwordChangedAt: true,
      organization: { select: { legalName: true } },
    },
  });
  if (!user || user.status === "DEACTIVATED") {
    return { ok: false, error: "This account cannot set a password. Contact your administrator." };
  }

  if (reason === "change" && user.passwordChangedAt) {
    const age = checkPasswordAge({ changedAt: user.passwordChangedAt, now, settings, reason: "change" });
    if (!age.canChange) {
      const days = settings.minAgeDays === 1 ? "1 day" : `${settings.minAgeDays} days`;
      const message = `You changed your password less than ${days} ago. You can change it again after ${formatUtc(age.changeAllowedAt)}.`;
      return { ok: false, error: message, fieldErrors: { password: [message] } };
    }
  }

  let previousHashes: string[] | undefined;
  if (reason !== "initial") {
    const history = await db.passwordHistoryEntry.findMany({
      where: { userId },
      orderBy: { createdAt: "desc" },
      take: settings.historySize,
      select: { passwordHash: true },
    });
    // The current hash first (a legacy/seeded user may have no history row for it).
    previousHashes = [...new Set([user.passwordHash, ...history.map((entry) => entry.passwordHash)].filter((hash): hash is string => !!hash))];
  }

  const policy = await validateNewPassword(newPassword, {
    settings,
    userInputs: [user.email, user.displayName, user.organization?.legalName],
    previousHashes,
    pwnedRange: { enabled: getEnv().PWNED_PASSWORDS_API === "on" },
  });
  if (!policy.ok) return policyFailure(policy);

  const passwordHash = await hashPassword(newPassword);
  await db.user.update({ where: { id: userId }, data: { passwordHash, passwordChangedAt: now } });
  await db.passwordHistoryEntry.create({ data: { userId, passwordHash, createdAt: now } });
  // Keep only what the rule needs: fewer stored hashes, less to crack after a breach.
  const keep = await db.passwordHistoryEntry.findMany({
    where: { userId },
    orderBy: { createdAt: "desc" },
    take: settings.historySize,
    select: { id: true },
  });
  await db.passwordHistoryEntry.deleteMany({ where: { userId, id: { notIn: keep.map((entry) => entry.id) } } });
  return { ok: true, message: "Password changed." };
}

export interface SellerSignUpInput {
  organizationName: string;
  displayName: string;
  email: string;
  password: string;
  acceptTerms: boolean;
}

/**
 * Seller self sign-up: organization + owner account + verification link.
 * A taken address gets the same answer ("check your inbox"); the existing
 * account's owner is told by e-mail that someone tried, so a real person who
 * forgot they had an account learns where to sign in, and an attacker learns
 * nothing.
 */
export async function signUpSeller(
  db: Db,
  input: SellerSignUpInput,
  request: RequestContext,
  now: Date = new Date(),
): Promise<ActionResult> {
  if (!input.acceptTerms) {
    const message = "Accept the data-use terms to create an account.";
    return { ok: false, error: message, fieldErrors: { acceptTerms: [message] } };
  }
  const email = normalizeEmail(input.email);
  const organizationName = input.organizationName.trim();
  const displayName = input.displayName.trim();
  const settings = passwordPolicySettings();
  const strength = checkPasswordStrength(input.password, { settings, userInputs: [email, displayName, organizationName] });
  if (!strength.ok) return policyFailure(strength);
  // Hash before looking the address up, so a taken address does not answer faster.
  const passwordHash = await hashPassword(input.password);

  const { token, tokenHash } = createOpaqueToken();
  const verifyMessage = verifyEmailMessage({ to: email, link: appLink("/verify-email", token) });
  const existing = await db.user.findUnique({ where: { email }, select: { id: true, organizationId: true } });
  if (existing) {
    await db.$transaction(async (tx) => {
      await recordAudit(tx, {
        action: "auth.sign_up",
        result: "FAILURE",
        targetType: "user",
        targetId: existing.id,
        organizationId: existing.organizationId,
        ...request,
        details: { reason: "email-already-registered" },
      });
      await enqueueEmail(tx, existingAccountNotice(email), "sign-up-existing-account");
      // A new account's transaction also writes the organization, the user,
      // the password history row and the token: four more round trips, made
      // here by two decoys (see the header).
      await enqueueDecoyEmail(tx, verifyMessage, "verify-email");
      await enqueueDecoyEmail(tx, verifyMessage, "verify-email");
    });
    requestOutboxDelivery();
    return { ok: true, message: CHECK_INBOX_MESSAGE };
  }

  let created: { userId: string } | null;
  try {
    created = await db.$transaction(async (tx) => {
      const organization = await tx.organization.create({ data: { legalName: organizationName } });
      const user = await tx.user.create({
        data: {
          email,
          displayName,
          kind: "SELLER",
          role: "SELLER_OWNER",
          status: "ACTIVE",
          organizationId: organization.id,
          passwordHash,
          passwordChangedAt: now,
          emailVerifiedAt: null,
        },
      });
      await tx.passwordHistoryEntry.create({ data: { userId: user.id, passwordHash, createdAt: now } });
      await tx.emailToken.create({
        data: { userId: user.id, purpose: "VERIFY_EMAIL", tokenHash, expiresAt: new Date(now.getTime() + VERIFY_EMAIL_TOKEN_TTL_MS) },
      });
      await recordAudit(tx, {
        action: "auth.sign_up",
        result: "SUCCESS",
        actorUserId: user.id,
        targetType: "user",
        targetId: user.id,
        organizationId: organization.id,
        ...request,
        details: { kind: "SELLER", role: "SELLER_OWNER" },
      });
      await enqueueEmail(tx, verifyMessage, "verify-email");
      return { userId: user.id };
    });
  } catch (error) {
    // Two sign-ups with one address at the same moment: the unique index decides (and nothing was queued); same answer.
    if (isUniqueViolation(error)) created = null;
    else throw error;
  }
  if (created) requestOutboxDelivery();
  return { ok: true, message: CHECK_INBOX_MESSAGE };
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && (error as { code?: unknown }).code === "P2002";
}

/** Marks the e-mail verified. Single use, expiring; a POST from the /verify-email page (a GET must not change state). */
export async function verifyEmail(db: Db, token: string, request: RequestContext, now: Date = new Date()): Promise<ActionResult> {
  const tokenHash = hashOpaqueToken(token);
  return db.$transaction(async (tx) => {
    // Consuming with a conditional update makes two concurrent clicks use the link once.
    const consumed = await tx.emailToken.updateMany({
      where: { tokenHash, purpose: "VERIFY_EMAIL", usedAt: null, expiresAt: { gt: now } },
      data: { usedAt: now },
    });
    if (consumed.count !== 1) return { ok: false, error: INVALID_LINK_MESSAGE };
    const emailToken = await tx.emailToken.findUniqueOrThrow({
      where: { tokenHash },
      select: { user: { select: { id: true, status: true, emailVerifiedAt: true, organizationId: true } } },
    });
    const user = emailToken.user;
    if (user.status === "DEACTIVATED") return { ok: false, error: INVALID_LINK_MESSAGE };
    if (!user.emailVerifiedAt) await tx.user.update({ where: { id: user.id }, data: { emailVerifiedAt: now } });
    await recordAudit(tx, {
      action: "auth.email_verified",
      result: "SUCCESS",
      actorUserId: user.id,
      targetType: "user",
      targetId: user.id,
      organizationId: user.organizationId,
      ...request,
    });
    return { ok: true, message: "Your e-mail is verified. Sign in." };
  });
}

/**
 * Queues a new verification link for an active, not yet verified account
 * (earlier unused links stop working). Resolves the same way, after the same
 * work, for every input (see the header).
 */
export async function resendVerification(db: Db, email: string, now: Date = new Date()): Promise<void> {
  const address = normalizeEmail(email);
  const user = await db.user.findUnique({ where: { email: address }, select: { id: true, status: true, emailVerifiedAt: true } });
  const eligible = user !== null && user.status === "ACTIVE" && user.emailVerifiedAt === null;
  const { token, tokenHash } = createOpaqueToken();
  const message = verifyEmailMessage({ to: address, link: appLink("/verify-email", token) });
  await db.$transaction(async (tx) => {
    await tx.emailToken.updateMany({
      where: { userId: eligible ? user.id : NO_ACCOUNT_ID, purpose: "VERIFY_EMAIL", usedAt: null },
      data: { usedAt: now },
    });
    if (eligible) {
      await tx.emailToken.create({
        data: { userId: user.id, purpose: "VERIFY_EMAIL", tokenHash, expiresAt: new Date(now.getTime() + VERIFY_EMAIL_TOKEN_TTL_MS) },
      });
      await enqueueEmail(tx, message, "verify-email");
    } else {
      await enqueueDecoyEmail(tx, message, "verify-email");
    }
  });
  requestOutboxDelivery();
}

/**
 * Forgot-password: for an active account, invalidates earlier unused reset
 * links, stores a new one (60 min) and queues its e-mail. Always resolves the
 * same way, after the same work (see the header; rate limits live in the
 * calling action). Deactivated accounts get no link (they cannot sign in
 * anyway); the attempt is still audited.
 */
export async function requestPasswordReset(
  email: string,
  request: RequestContext,
  options: { db?: Db; now?: Date } = {},
): Promise<void> {
  const db = options.db ?? getPrisma();
  const now = options.now ?? new Date();
  const parsedEmail = normalizeEmail(email);
  const user = await db.user.findUnique({
    where: { email: parsedEmail },
    select: { id: true, status: true, organizationId: true },
  });
  const eligible = user !== null && user.status === "ACTIVE";
  const { token, tokenHash } = createOpaqueToken();
  const message = passwordResetMessage({ to: parsedEmail, link: appLink("/reset-password", token) });
  await db.$transaction(async (tx) => {
    await tx.emailToken.updateMany({
      where: { userId: eligible ? user.id : NO_ACCOUNT_ID, purpose: "RESET_PASSWORD", usedAt: null },
      data: { usedAt: now },
    });
    if (eligible) {
      await tx.emailToken.create({
        data: { userId: user.id, purpose: "RESET_PASSWORD", tokenHash, expiresAt: new Date(now.getTime() + RESET_PASSWORD_TOKEN_TTL_MS) },
      });
      await enqueueEmail(tx, message, "password-reset");
    } else {
      await enqueueDecoyEmail(tx, message, "password-reset");
    }
    await recordAudit(tx, {
      action: "auth.password_reset_requested",
      result: eligible ? "SUCCESS" : "FAILURE",
      targetType: user ? "user" : null,
      targetId: user?.id ?? null,
      organizationId: user?.organizationId ?? null,
      ...request,
      details: { reason: user ? (eligible ? null : "account-not-active") : "no-account" },
    });
  });
  requestOutboxDelivery();
}

class PolicyRollback extends Error {
  constructor(readonly result: ActionResult) {
    super("password policy refused the new password");
  }
}

/**
 * Completes a reset: consumes the link, sets the password (history applies,
 * minimum age does not), clears the lockout, marks the e-mail verified (the
 * link proves the mailbox) and signs out every session, in one transaction.
 * A refused password leaves the link usable for another try.
 */
export async function resetPassword(
  db: Db,
  token: string,
  newPassword: string,
  request: RequestContext,
  now: Date = new Date(),
): Promise<ActionResult> {
  const tokenHash = hashOpaqueToken(token);
  try {
    return await db.$transaction(async (tx) => {
      const consumed = await tx.emailToken.updateMany({
        where: { tokenHash, purpose: "RESET_PASSWORD", usedAt: null, expiresAt: { gt: now } },
        data: { usedAt: now },
      });
      if (consumed.count !== 1) return { ok: false, error: INVALID_LINK_MESSAGE } satisfies ActionResult;
      const { user } = await tx.emailToken.findUniqueOrThrow({
        where: { tokenHash },
        select: { user: { select: { id: true, status: true, organizationId: true, emailVerifiedAt: true } } },
      });
      if (user.status !== "ACTIVE") return { ok: false, error: INVALID_LINK_MESSAGE } satisfies ActionResult;

      const result = await setNewPassword(tx, user.id, newPassword, "reset", { now });
      if (!result.ok) throw new PolicyRollback(result);

      await tx.user.update({
        where: { id: user.id },
        data: {
          failedSignInCount: 0,
          lockoutCount: 0,
          lockedUntil: null,
          ...(user.emailVerifiedAt ? {} : { emailVerifiedAt: now }),
        },
      });
      // Any other reset link for this account dies with this one.
      await tx.emailToken.updateMany({ where: { userId: user.id, purpose: "RESET_PASSWORD", usedAt: null }, data: { usedAt: now } });
      const revoked = await revokeSessionsForUser(tx, user.id, "password reset", { now });
      await recordAudit(tx, {
        action: "auth.password_reset",
        result: "SUCCESS",
        actorUserId: user.id,
        targetType: "user",
        targetId: user.id,
        organizationId: user.organizationId,
        ...request,
        details: { sessionsRevoked: revoked },
      });
      return { ok: true, message: "Password changed. Sign in with your new password." } satisfies ActionResult;
    }, PASSWORD_TRANSACTION_OPTIONS);
  } catch (error) {
    if (error instanceof PolicyRollback) return error.result;
    throw error;
  }
}

/** The reset page shows the form only for a link that can still work (a read, no state change). */
export async function isUsableEmailToken(
  db: Db,
  token: string,
  purpose: "VERIFY_EMAIL" | "RESET_PASSWORD",
  now: Date = new Date(),
): Promise<boolean> {
  if (!token) return false;
  const row = await db.emailToken.findUnique({ where: { tokenHash: hashOpaqueToken(token) }, select: { purpose: true, usedAt: true, expiresAt: true } });
  return row !== null && row.purpose === purpose && row.usedAt === null && row.expiresAt > now;
}

export { PASSWORD_TRANSACTION_OPTIONS };

import "server-only";
// Rate limits around invitations (controls A1, D7), on lib/rate-limit's
// buckets. Sending is limited per organization and per inviting user, never
// per address: an office behind one NAT address must be able to onboard its
// whole team. Accepting is limited per invitation link and, generously, per
// address. Every refusal says when to try again.
import type { ActionResult } from "@/lib/auth/define-action";
import { consumeRateLimit, RATE_LIMITS, refundRateLimit, type RateLimitName } from "@/lib/rate-limit";
import { countInWords, durationInWords } from "@/lib/time/in-words";
import type { Actor } from "./actor";
import { retryMinutes, tooManyAttemptsMessage } from "./lockout";
import { hashOpaqueToken } from "./tokens";

type Refusal = Extract<ActionResult, { ok: false }>;

/** "20 invitations an hour" (or "... every 30 minutes"), from the bucket itself, so the text cannot drift from the rule. */
const perWindow = (name: RateLimitName) => {
  const { points, windowSeconds } = RATE_LIMITS[name];
  return `${countInWords(points, "invitation")} ${windowSeconds === 3600 ? "an hour" : `every ${durationInWords(windowSeconds * 1000)}`}`;
};

const tryAgainIn = (retryAfterSeconds: number) => `Try again in ${countInWords(retryMinutes(retryAfterSeconds), "minute")}.`;

/** "You have reached your limit of 20 invitations an hour. Try again in 12 minutes." */
export function inviterLimitMessage(retryAfterSeconds: number): string {
  return `You have reached your limit of ${perWindow("invitation-send:inviter")}. ${tryAgainIn(retryAfterSeconds)}`;
}

/** "Your organization has reached its limit of 50 invitations an hour. Try again in 12 minutes." */
export function organizationLimitMessage(retryAfterSeconds: number): string {
  return `Your organization has reached its limit of ${perWindow("invitation-send:organization")}. ${tryAgainIn(retryAfterSeconds)}`;
}

/**
 * Counts one invitation for the inviter and, for a seller, their organization;
 * the refusal to return when either limit is reached. The inviter is counted
 * first, so one person at their limit does not use up the organization's
 * budget; an attempt the organization's limit refuses gives the inviter's
 * point back (nothing was sent).
 */
export async function invitationSendingRefusal(inviter: Actor): Promise<Refusal | null> {
  const own = await consumeRateLimit("invitation-send:inviter", inviter.userId);
  if (!own.allowed) return { ok: false, error: inviterLimitMessage(own.retryAfterSeconds), retryAfterSeconds: own.retryAfterSeconds };
  if (inviter.organizationId === null) return null; // operators: there is no organization to share a budget with
  const organization = await consumeRateLimit("invitation-send:organization", inviter.organizationId);
  if (organization.allowed) return null;
  await refundRateLimit("invitation-send:inviter", inviter.userId);
  return { ok: false, error: organizationLimitMessage(organization.retryAfterSeconds), retryAfterSeconds: organization.retryAfterSeconds };
}

/**
 * Counts one acceptance attempt from this address and on this link; the
 * refusal when either limit is reached. The link is counted by its hash (the
 * form the database keeps), never the token itself.
 */
export async function invitationAcceptanceRefusal(token: string, ipAddress: string | null): Promise<Refusal | null> {
  for (const [name, key] of [
    ["invitation-accept:ip", ipAddress ?? "unknown"],
    ["invitation-accept:token", hashOpaqueToken(token)],
  ] as const) {
    const decision = await consumeRateLimit(name, key);
    if (!decision.allowed) return { ok: false, error: tooManyAttemptsMessage(decision.retryAfterSeconds), retryAfterSeconds: decision.retryAfterSeconds };
  }
  return null;
}

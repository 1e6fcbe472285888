// Access reviews (controls A4, D3): the rules every layer shares. Plain module
// (no I/O): loaded by the screens, the jobs, the export and the unit tests.
import { z } from "zod";
import type { AccessReviewDecision, AccessReviewSubjectType } from "@/lib/db/generated/enums";
import { DAY_MS } from "@/lib/time/clock";
import { rolePermissions, ROLES, type Role } from "@/lib/rbac/roles";

/**
 * Two weeks from start to due: long enough for reviewers to ask account
 * owners and managers over two working weeks (and to get past a holiday),
 * short enough that with the 90-day cadence (D3) every account is
 * re-approved well inside each quarter, and a revocation the review finds
 * does not wait for weeks.
 */
export const ACCESS_REVIEW_DUE_DAYS = 14;
export const ACCESS_REVIEW_DUE_MS = ACCESS_REVIEW_DUE_DAYS * DAY_MS;

export const JUSTIFICATION_MIN_LENGTH = 10;
export const JUSTIFICATION_MAX_LENGTH = 1000;

export const justificationSchema = z
  .string()
  .trim()
  .min(JUSTIFICATION_MIN_LENGTH, `Give a justification of at least ${JUSTIFICATION_MIN_LENGTH} characters (it is part of the evidence).`)
  .max(JUSTIFICATION_MAX_LENGTH, `Keep the justification under ${JUSTIFICATION_MAX_LENGTH} characters.`);

export const ACCESS_REVIEW_DECISIONS = ["KEEP", "CHANGE", "REVOKE"] as const satisfies readonly AccessReviewDecision[];
export const decisionSchema = z.enum(ACCESS_REVIEW_DECISIONS, { error: "Choose Keep, Change role or Revoke." });

export const SUBJECT_TYPES = ["OPERATOR", "SELLER_USER", "AMAZON_CONNECTION"] as const satisfies readonly AccessReviewSubjectType[];

export const SUBJECT_TYPE_LABELS: Readonly<Record<AccessReviewSubjectType, string>> = {
  OPERATOR: "Operator",
  SELLER_USER: "Seller user",
  AMAZON_CONNECTION: "Amazon connection",
};

export const DECISION_LABELS: Readonly<Record<AccessReviewDecision, string>> = {
  KEEP: "Keep",
  CHANGE: "Change role",
  REVOKE: "Revoke",
};

export const SELF_REVIEW_MESSAGE = "You cannot review your own access. Another reviewer must decide this item.";
export const CAMPAIGN_COMPLETED_MESSAGE = "This campaign is completed: its decisions are final.";
export const CAMPAIGN_ALREADY_OPEN_MESSAGE = "A campaign is already open. Complete it before starting another.";
export const ITEM_NOT_FOUND_MESSAGE = "This review item was not found.";
export const CAMPAIGN_NOT_FOUND_MESSAGE = "This campaign was not found.";
/**
 * Why CHANGE and REVOKE are final: their effect (sessions ended, account
 * deactivated, Amazon data deleted) has already happened and is not undone by
 * a new decision, so letting the record say "Keep" afterwards would make the
 * evidence lie. A KEEP may be revised while the campaign is open.
 */
/**
 * Refusals of a decision that would leave an organization without an active
 * owner, or FireFeed without an active administrator. Worded for the reviewer
 * (an operator): the seller-facing "Make someone else an owner first" is not
 * something a reviewer can do, and the review screen offers Keep with a
 * justification instead.
 */
export function lastOwnerDecisionMessage(organizationName: string, decision: "CHANGE" | "REVOKE"): string {
  const refused = decision === "REVOKE" ? "this owner cannot be revoked here" : "this owner cannot be made a member here";
  return `${organizationName} needs at least one active owner, so ${refused}. Ask the seller to make someone else an owner first, or record Keep with a justification.`;
}

export function lastAdministratorDecisionMessage(decision: "CHANGE" | "REVOKE"): string {
  const refused = decision === "REVOKE" ? "this administrator cannot be revoked here" : "this administrator's role cannot be changed here";
  return `FireFeed needs at least one active administrator, so ${refused}. Ask them to make someone else an administrator first, or record Keep with a justification.`;
}

export const DECISION_FINAL_MESSAGE = "This item was already changed or revoked; that decision is final. Restore access from the operator or team screens if it was a mistake.";

/** Seller roles whose holders can see Amazon Information (the orders), hence are reviewed. */
export const REVIEWED_SELLER_ROLES: readonly Role[] = ROLES.filter(
  (role) => role.startsWith("SELLER_") && rolePermissions[role].includes("orders:view"),
);

export function isCampaignOverdue(campaign: { status: "OPEN" | "COMPLETED"; dueAt: Date }, now: Date): boolean {
  return campaign.status === "OPEN" && campaign.dueAt.getTime() < now.getTime();
}

/**
 * When the cadence starts the next campaign: `cadenceDays` after the last one
 * STARTED (not completed: a late completion must not push the schedule back),
 * or now when there never was one.
 */
export function nextCampaignStartAt(lastStartedAt: Date | null, cadenceDays: number, now: Date): Date {
  if (!lastStartedAt) return now;
  return new Date(lastStartedAt.getTime() + cadenceDays * DAY_MS);
}

export function isCampaignStartDue(input: { hasOpenCampaign: boolean; lastStartedAt: Date | null; cadenceDays: number }, now: Date): boolean {
  if (input.hasOpenCampaign) return false;
  return nextCampaignStartAt(input.lastStartedAt, input.cadenceDays, now).getTime() <= now.getTime();
}

/** "2026-11-29" */
export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function campaignTitle(startedAt: Date, trigger: "manual" | "scheduled"): string {
  return `${trigger === "scheduled" ? "Scheduled access review" : "Access review"} ${isoDate(startedAt)}`;
}

import "server-only";
// Invitations (control A1): the only way an operator account comes to exist,
// and how a seller owner adds people to their own organization. The token is
// single use, stored as a SHA-256 hash, and expires after 72 hours. Shared
// mailboxes cannot become operator accounts. Audited, and its e-mail queued
// (lib/email/outbox-queue.ts), in the same transaction: the delivery job sends
// it, retrying a failure, so the inviter never waits for SMTP.
import type { Actor } from "@/lib/auth/actor";
import type { ActionResult } from "@/lib/auth/define-action";
import { createOpaqueToken, hashOpaqueToken } from "@/lib/auth/tokens";
import { recordAudit } from "@/lib/audit/record-audit";
import { getPrisma } from "@/lib/db/client";
import { requestOutboxDelivery } from "@/lib/email/outbox-delivery-trigger";
import { enqueueEmail } from "@/lib/email/outbox-queue";
import { invitationMessage } from "@/lib/email/templates";
import { getEnv } from "@/lib/env";
import { hasPermission, roleKind, type Role } from "@/lib/rbac";
import { emailAddress, isUuid } from "@/lib/validation/input";
import { PASSWORD_TRANSACTION_OPTIONS, setNewPassword } from "./accounts";
import { GENERIC_MAILBOX_MESSAGE, isGenericMailbox } from "./generic-mailbox";
import type { RequestContext } from "@/lib/http/request-context";
import type { Db } from "@/lib/db/db";

export const INVITATION_TTL_MS = 72 * 60 * 60 * 1000;

export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  SELLER_OWNER: "Seller owner",
  SELLER_MEMBER: "Seller team member",
  OPERATOR_SUPPORT: "Operator: support",
  OPERATOR_SECURITY_ANALYST: "Operator: security analyst",
  OPERATOR_ADMIN: "Operator: administrator",
};

export const INVALID_INVITATION_MESSAGE =
  "This invitation is invalid, has expired, was revoked or was already used. Ask the person who invited you for a new one.";

export interface CreateInvitationInput {
  email: string;
  kind: "SELLER" | "OPERATOR";
  role: Role;
  /** For SELLER invitations: must be the inviter's own organization (the action passes actor.organizationId). */
  organizationId: string | null;
  invitedBy: Actor;
}

type InvitationScope = { kind: "OPERATOR"; organizationId: null } | { kind: "SELLER"; organizationId: string };

/** Who may invite whom; the scope the invitation lives in, or the refusal message. */
function invitationScope(input: CreateInvitationInput): InvitationScope | { error: string } {
  const { invitedBy: actor } = input;
  if (roleKind(input.role) !== (input.kind === "OPERATOR" ? "operator" : "seller")) {
    return { error: "That role does not fit this kind of account." };
  }
  if (input.kind === "OPERATOR") {
    if (actor.kind !== "OPERATOR" || !hasPermission(actor.role, "operators:invite")) {
      return { error: "You are not allowed to invite operators." };
    }
    return { kind: "OPERATOR", organizationId: null };
  }
  if (actor.kind !== "SELLER" || !hasPermission(actor.role, "team:manage") || !actor.organizationId) {
    return { error: "You are not allowed to invite people to this organization." };
  }
  // Tenant ids come from the session (style.md §3): a different organization id is refused, not corrected.
  if (input.organizationId !== actor.organizationId) {
    return { error: "You can only invite people to your own organization." };
  }
  return { kind: "SELLER", organizationId: actor.organizationId };
}

/**
 * Creates an invitation and queues the e-mail with its link (a later delivery
 * failure is logged and retried by lib/email/outbox-delivery.ts, not shown
 * to the inviter; inviting again sends a new link). A pending invitation for the
 * same address IN THE SAME SCOPE (operators, or this organization) is revoked
 * and replaced; pending invitations from other organizations are left alone
 * (revoking them would let one tenant interfere with another) and are revoked
 * when any one of them is accepted.
 */
export async function createInvitation(
  input: CreateInvitationInput,
  request: RequestContext,
  options: { db?: Db; now?: Date } = {},
): Promise<{ ok: true; invitationId: string } | { ok: false; error: string }> {
  const db = options.db ?? getPrisma();
  const now = options.now ?? new Date();
  const parsedEmail = emailAddress.safeParse(input.email);
  if (!parsedEmail.success) return { ok: false, error: "Enter a valid e-mail address, like name@company.com." };
  const email = parsedEmail.data;

  const scope = invitationScope(input);
  if ("error" in scope) {
    await db.$transaction((tx) =>
      recordAudit(tx, {
        action: "access.denied",
        result: "DENIED",
        actorUserId: input.invitedBy.userId,
        targetType: "invitation",
        organizationId: input.invitedBy.organizationId,
        ...request,
        details: { operation: "user.invite", kind: input.kind, role: input.role },
      }),
    );
    return { ok: false, error: scope.error };
  }
  if (scope.kind === "OPERATOR" && isGenericMailbox(email)) return { ok: false, error: GENERIC_MAILBOX_MESSAGE };

  // Inviters are signed-in admins/owners: telling them the address is taken is needed and acceptable.
  const existing = await db.user.findUnique({ where: { email }, select: { id: true } });
  if (existing) return { ok: false, error: "An account with this e-mail address already exists." };

  const { token, tokenHash } = createOpaqueToken();
  const link = new URL("/invitations/accept", getEnv().APP_URL);
  link.searchParams.set("token", token);
  const invitation = await db.$transaction(async (tx) => {
    const replaced = await tx.invitation.updateMany({
      where: { email, kind: scope.kind, organizationId: scope.organizationId, acceptedAt: null, revokedAt: null },
      data: { revokedAt: now },
    });
    const created = await tx.invitation.create({
      data: {
        email,
        kind: scope.kind,
        role: input.role,
        organizationId: scope.organizationId,
        invitedByUserId: input.invitedBy.userId,
        tokenHash,
        expiresAt: new Date(now.getTime() + INVITATION_TTL_MS),
        createdAt: now,
      },
      select: { id: true, organization: { select: { legalName: true } } },
    });
    await recordAudit(tx, {
      action: "user.invited",
      result: "SUCCESS",
      actorUserId: input.invitedBy.userId,
      targetType: "invitation",
      targetId: created.id,
      organizationId: scope.organizationId,
      ...request,
      details: { kind: scope.kind, role: input.role, replacedPending: replaced.count },
    });
    await enqueueEmail(
      tx,
      invitationMessage({
        to: email,
        link: link.toString(),
        inviterName: input.invitedBy.displayName,
        roleLabel: ROLE_LABELS[input.role],
        organizationName: created.organization?.legalName,
      }),
      "invitation",
    );
    return created;
  });
  requestOutboxDelivery();
  return { ok: true, invitationId: invitation.id };
}

/**
 * Revokes a pending invitation. Operator invitations: an operator with
 * operators:invite. Seller invitations: a seller with team:manage in that
 * organization. Anything else (including an unknown id) gets the same "not
 * found" answer, so ids of other tenants' invitations cannot be probed.
 */
export async function revokeInvitation(
  db: Db,
  invitationId: string,
  actor: Actor,
  request: RequestContext,
  now: Date = new Date(),
): Promise<ActionResult> {
  const notFound: ActionResult = { ok: false, error: "This invitation was not found or is no longer pending." };
  return db.$transaction(async (tx) => {
    // A malformed id is "not found" like an unknown one (found by
    // lib/auth/tenant-scoping.int.test.ts): it used to reach the uuid column
    // and throw, a different answer than for a valid but unknown id.
    const invitation = !isUuid(invitationId)
      ? null
      : await tx.invitation.findUnique({
          where: { id: invitationId },
          select: { id: true, kind: true, organizationId: true, acceptedAt: true, revokedAt: true, role: true },
        });
    const allowed =
      invitation !== null &&
      (invitation.kind === "OPERATOR"
        ? actor.kind === "OPERATOR" && hasPermission(actor.role, "operators:invite")
        : actor.kind === "SELLER" && hasPermission(actor.role, "team:manage") && actor.organizationId === invitation.organizationId);
    if (!invitation || !allowed) {
      await recordAudit(tx, {
        action: "access.denied",
        result: "DENIED",
        actorUserId: actor.userId,
        targetType: "invitation",
        targetId: invitationId,
        organizationId: actor.organizationId,
        ...request,
        details: { operation: "user.invitation_revoke" },
      });
      return notFound;
    }
    const revoked = await tx.invitation.updateMany({
      where: { id: invitation.id, acceptedAt: null, revokedAt: null },
      data: { revokedAt: now },
    });
    if (revoked.count !== 1) return notFound;
    await recordAudit(tx, {
      action: "user.invitation_revoked",
      result: "SUCCESS",
      actorUserId: actor.userId,
      targetType: "invitation",
      targetId: invitation.id,
      organizationId: invitation.organizationId,
      ...request,
      details: { kind: invitation.kind, role: invitation.role },
    });
    return { ok: true, message: "Invitation revoked." };
  });
}

export interface InvitationPreview {
  email: string;
  kind: "SELLER" | "OPERATOR";
  role: Role;
  roleLabel: string;
  organizationName: string | null;
  expiresAt: Date;
}

/** What the accept page shows for a token that can still be accepted (a read: no state change), or null. */
export async function describeInvitation(db: Db, token: string, now: Date = new Date()): Promise<InvitationPreview | null> {
  if (!token) return null;
  const invitation = await db.invitation.findUnique({
    where: { tokenHash: hashOpaqueToken(token) },
    select: {
      email: true,
      kind: true,
      role: true,
      expiresAt: true,
      acceptedAt: true,
      revokedAt: true,
      organization: { select: { legalName: true } },
    },
  });
  if (!invitation || invitation.acceptedAt || invitation.revokedAt || invitation.expiresAt <= now) return null;
  return {
    email: invitation.email,
    kind: invitation.kind,
    role: invitation.role,
    roleLabel: ROLE_LABELS[invitation.role],
    organizationName: invitation.organization?.legalName ?? null,
    expiresAt: invitation.expiresAt,
  };
}

class AcceptRollback extends Error {
  constructor(readonly result: ActionResult) {
    super("invitation acceptance refused");
  }
}

/**
 * Accepts an invitation: single use, not expired or revoked. Creates the
 * user (ACTIVE; e-mail verified, since the link proves the mailbox) with a
 * password that passes the policy, marks the invitation accepted and revokes
 * any other pending invitation for the address. MFA enrollment follows at
 * the first sign-in (operators and owners must enroll). A refused password
 * leaves the invitation usable.
 */
export async function acceptInvitation(
  db: Db,
  token: string,
  input: { displayName: string; password: string },
  request: RequestContext,
  now: Date = new Date(),
): Promise<ActionResult<{ email: string }>> {
  const tokenHash = hashOpaqueToken(token);
  const displayName = input.displayName.trim();
  try {
    return await db.$transaction(async (tx) => {
      const accepted = await tx.invitation.updateMany({
        where: { tokenHash, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
        data: { acceptedAt: now },
      });
      if (accepted.count !== 1) return { ok: false as const, error: INVALID_INVITATION_MESSAGE };
      const invitation = await tx.invitation.findUniqueOrThrow({
        where: { tokenHash },
        select: { id: true, email: true, kind: true, role: true, organizationId: true },
      });
      const taken = await tx.user.findUnique({ where: { email: invitation.email }, select: { id: true } });
      if (taken) throw new AcceptRollback({ ok: false, error: "An account with this e-mail address already exists. Sign in instead." });

      // The user row exists without a password for the policy check to read its name and e-mail; rolled back if refused.
      const user = await tx.user.create({
        data: {
          email: invitation.email,
          displayName,
          kind: invitation.kind,
          role: invitation.role,
          status: "ACTIVE",
          organizationId: invitation.organizationId,
          emailVerifiedAt: now,
        },
        select: { id: true },
      });
      const passwordResult = await setNewPassword(tx, user.id, input.password, "initial", { now });
      if (!passwordResult.ok) throw new AcceptRollback(passwordResult);

      await tx.invitation.updateMany({
        where: { email: invitation.email, id: { not: invitation.id }, acceptedAt: null, revokedAt: null },
        data: { revokedAt: now },
      });
      await recordAudit(tx, {
        action: "user.invitation_accepted",
        result: "SUCCESS",
        actorUserId: user.id,
        targetType: "user",
        targetId: user.id,
        organizationId: invitation.organizationId,
        ...request,
        details: { invitationId: invitation.id, kind: invitation.kind, role: invitation.role },
      });
      return { ok: true as const, data: { email: invitation.email }, message: "Your account is ready. Sign in to set up two-step verification." };
    }, PASSWORD_TRANSACTION_OPTIONS);
  } catch (error) {
    if (error instanceof AcceptRollback) return error.result;
    throw error;
  }
}

export interface PendingInvitation {
  id: string;
  email: string;
  kind: "SELLER" | "OPERATOR";
  role: Role;
  invitedByUserId: string | null;
  createdAt: Date;
  expiresAt: Date;
}

/** Pending (not accepted, revoked or expired) invitations of one scope: the operators, or one organization. */
export async function listPendingInvitations(
  db: Db,
  scope: { kind: "OPERATOR" } | { kind: "SELLER"; organizationId: string },
  now: Date = new Date(),
): Promise<PendingInvitation[]> {
  return db.invitation.findMany({
    where: {
      kind: scope.kind,
      organizationId: scope.kind === "SELLER" ? scope.organizationId : null,
      acceptedAt: null,
      revokedAt: null,
      expiresAt: { gt: now },
    },
    orderBy: { createdAt: "desc" },
    select: { id: true, email: true, kind: true, role: true, invitedByUserId: true, createdAt: true, expiresAt: true },
  });
}

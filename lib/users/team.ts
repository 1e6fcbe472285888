import "server-only";
// A seller's team (controls A1, A2, A4; style.md principle 3): the owner
// lists, re-roles and removes the users of THEIR organization. The
// organization always comes from the actor (the session), never from the
// client, and every query filters by it: a member of another organization is
// answered exactly like an id that does not exist.
//
// Role changes and removals end the target's sessions in the same
// transaction as the change and its audit row, so they take effect on the
// target's very next request.
import type { Actor } from "@/lib/auth/actor";
import { revokeSessionsForUser } from "@/lib/auth/sessions";
import { recordAudit } from "@/lib/audit/record-audit";
import { hasPermission, type Role } from "@/lib/rbac/roles";
import { ROLE_SHORT_LABELS, sellerRoleSchema, userNotFound, type UserMutationResult } from "./shared";
import { isUuid } from "@/lib/validation/input";
import type { RequestContext } from "@/lib/http/request-context";
import type { Db, DbTransaction } from "@/lib/db/db";

export interface TeamMember {
  id: string;
  displayName: string;
  email: string;
  role: Role;
  status: "INVITED" | "ACTIVE" | "DEACTIVATED";
  lastSignInAt: Date | null;
  mfaEnrolledAt: Date | null;
  createdAt: Date;
}

const NOT_ALLOWED: UserMutationResult = { ok: false, error: "You are not allowed to manage this team." };

/** The actor's organization id, when the actor is a seller who may do `permission` there. */
function teamScope(actor: Actor, permission: "team:view" | "team:manage"): string | null {
  if (actor.kind !== "SELLER" || !actor.organizationId) return null;
  return hasPermission(actor.role, permission) ? actor.organizationId : null;
}

/** Everyone in the actor's organization (active and removed), active first, then by name. */
export async function listTeamMembers(db: DbTransaction, actor: Actor): Promise<TeamMember[]> {
  const organizationId = teamScope(actor, "team:view");
  if (!organizationId) return [];
  const rows = await db.user.findMany({
    where: { organizationId, kind: "SELLER" },
    orderBy: [{ status: "asc" }, { displayName: "asc" }, { id: "asc" }],
    select: {
      id: true,
      displayName: true,
      email: true,
      role: true,
      status: true,
      lastSignInAt: true,
      mfaEnrolledAt: true,
      createdAt: true,
    },
  });
  return rows;
}

/**
 * The target row, locked for the rest of the transaction, when it is a member
 * of `organizationId`; otherwise null (unknown, other tenant, operator).
 */
async function findMemberForUpdate(tx: DbTransaction, organizationId: string, userId: string) {
  if (!isUuid(userId)) return null;
  const locked = await tx.$queryRaw<Array<{ id: string }>>`
    SELECT id FROM users
    WHERE id = ${userId}::uuid AND organization_id = ${organizationId}::uuid AND kind = 'SELLER'
    FOR UPDATE`;
  if (locked.length === 0) return null;
  return tx.user.findUnique({
    where: { id: userId },
    select: { id: true, role: true, status: true, organizationId: true },
  });
}

/**
 * The ids of the organization's ACTIVE owners, locked (FOR UPDATE, in id
 * order) until the transaction ends: two owners demoting or removing each
 * other at the same moment queue up here, so they cannot both succeed and
 * leave the organization ownerless. Taken BEFORE the target row's lock, so
 * every such transaction locks in the same order (no deadlock).
 */
async function lockActiveOwners(tx: DbTransaction, organizationId: string): Promise<string[]> {
  const owners = await tx.$queryRaw<Array<{ id: string }>>`
    SELECT id FROM users
    WHERE organization_id = ${organizationId}::uuid AND role = 'SELLER_OWNER' AND status = 'ACTIVE'
    ORDER BY id
    FOR UPDATE`;
  return owners.map((owner) => owner.id);
}

const isLastActiveOwner = (activeOwners: readonly string[], userId: string) =>
  activeOwners.includes(userId) && activeOwners.length === 1;

async function recordDenied(tx: DbTransaction, actor: Actor, userId: string, operation: string, request: RequestContext): Promise<void> {
  await recordAudit(tx, {
    action: "access.denied",
    result: "DENIED",
    actorUserId: actor.userId,
    targetType: "user",
    // A malformed id is recorded as such, not stored verbatim (it came from the client).
    targetId: isUuid(userId) ? userId : "invalid-id",
    organizationId: actor.organizationId,
    ...request,
    details: { operation },
  });
}

export const LAST_OWNER_MESSAGE =
  "Your organization needs at least one active owner. Make someone else an owner first.";

/** Changes a member's role between Owner and Member, within the actor's organization. */
export async function changeTeamMemberRole(
  db: Db,
  actor: Actor,
  userId: string,
  role: Role,
  request: RequestContext,
): Promise<UserMutationResult> {
  const organizationId = teamScope(actor, "team:manage");
  if (!organizationId) return NOT_ALLOWED;
  const newRole = sellerRoleSchema.safeParse(role);
  if (!newRole.success) return { ok: false, error: "Choose Owner or Member." };
  if (userId === actor.userId) return { ok: false, error: "You cannot change your own role. Ask another owner." };

  return db.$transaction(async (tx) => {
    const activeOwners = await lockActiveOwners(tx, organizationId);
    const target = await findMemberForUpdate(tx, organizationId, userId);
    if (!target) {
      await recordDenied(tx, actor, userId, "user.role_change", request);
      return userNotFound();
    }
    if (target.role === newRole.data) return { ok: true, message: "The role is unchanged." };
    if (isLastActiveOwner(activeOwners, target.id)) {
      return { ok: false, error: LAST_OWNER_MESSAGE };
    }
    await tx.user.update({ where: { id: target.id }, data: { role: newRole.data } });
    const sessionsRevoked = await revokeSessionsForUser(tx, target.id, "role-changed");
    await recordAudit(tx, {
      action: "user.role_changed",
      result: "SUCCESS",
      actorUserId: actor.userId,
      targetType: "user",
      targetId: target.id,
      organizationId,
      ...request,
      details: { from: target.role, to: newRole.data, sessionsRevoked },
    });
    return { ok: true, message: `Role changed to ${ROLE_SHORT_LABELS[newRole.data]}. They must sign in again.` };
  });
}

/**
 * Removes a member from the team: the account is deactivated (kept for the
 * audit trail, never deleted) and every session ends at once.
 */
export async function removeTeamMember(
  db: Db,
  actor: Actor,
  userId: string,
  request: RequestContext,
): Promise<UserMutationResult> {
  const organizationId = teamScope(actor, "team:manage");
  if (!organizationId) return NOT_ALLOWED;
  if (userId === actor.userId) return { ok: false, error: "You cannot remove yourself. Ask another owner." };

  return db.$transaction(async (tx) => {
    const activeOwners = await lockActiveOwners(tx, organizationId);
    const target = await findMemberForUpdate(tx, organizationId, userId);
    if (!target) {
      await recordDenied(tx, actor, userId, "user.remove", request);
      return userNotFound();
    }
    if (target.status === "DEACTIVATED") return { ok: false, error: "This member was already removed." };
    if (isLastActiveOwner(activeOwners, target.id)) {
      return { ok: false, error: LAST_OWNER_MESSAGE };
    }
    const now = new Date();
    await tx.user.update({ where: { id: target.id }, data: { status: "DEACTIVATED", deactivatedAt: now } });
    const sessionsRevoked = await revokeSessionsForUser(tx, target.id, "removed-from-team", { now });
    await recordAudit(tx, {
      action: "user.removed",
      result: "SUCCESS",
      actorUserId: actor.userId,
      targetType: "user",
      targetId: target.id,
      organizationId,
      ...request,
      details: { role: target.role, sessionsRevoked },
    });
    return { ok: true, message: "Member removed. They were signed out everywhere." };
  });
}

import "server-only";
// The ONE authorization helper (style.md principle 1, controls A2/N6): every
// page calls requirePermission(...), every server action goes through
// defineAction (which calls can()), every route handler calls
// getCurrentActor() + can(). Middleware is only a coarse first gate.
import type { RequestContext } from "@/lib/http/request-context";
import { cookies, headers } from "next/headers";
import { forbidden, notFound, redirect } from "next/navigation";
import { cache } from "react";
import { decode } from "next-auth/jwt";
import { recordAudit } from "@/lib/audit/record-audit";
import { getPrisma } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { getRequestContext } from "@/lib/http/current-request";
import { sessionCookieName } from "@/lib/http/session-cookie";
import { getLogger } from "@/lib/log";
import { hasRecentStepUp, permissionRequiresStepUp } from "@/lib/auth/mfa/step-up";
import { hasPermission } from "@/lib/rbac/roles";
import type { Permission } from "@/lib/rbac/permissions";
import { routeRequirement } from "@/lib/rbac/route-policy";
import type { Actor } from "./actor";
import { PATHNAME_HEADER, safeNextPath } from "./safe-next";
import { validateSession, type SessionRejection } from "./sessions";
import { signOutReasonOf } from "./sign-out-reasons";


/** The session token inside a next-auth JWT (see lib/auth/session-token.ts), or null. */
export async function sessionTokenFromCookie(rawToken: string | undefined, secret: string): Promise<string | null> {
  if (!rawToken) return null;
  try {
    const token = await decode({ token: rawToken, secret });
    return typeof token?.sid === "string" ? token.sid : null;
  } catch {
    // A tampered, truncated or old-secret cookie is simply no session.
    return null;
  }
}

type CookieSession =
  | { actor: Actor }
  | { actor: null; ended?: { sessionToken: string; rejection: SessionRejection } };

// cache(): one session lookup per request, however many components ask.
const getCookieSession = cache(async (): Promise<CookieSession> => {
  const env = getEnv();
  const cookieStore = await cookies();
  const sessionToken = await sessionTokenFromCookie(cookieStore.get(sessionCookieName(env.APP_ENV))?.value, env.NEXTAUTH_SECRET);
  if (!sessionToken) return { actor: null };
  const validation = await validateSession(getPrisma(), sessionToken, new Date());
  return validation.ok ? { actor: validation.actor } : { actor: null, ended: { sessionToken, rejection: validation.reason } };
});

export const getCurrentActor = cache(async (): Promise<Actor | null> => (await getCookieSession()).actor);

/**
 * Where to send someone a page needs signed in: /sign-in, back to `returnTo`
 * afterwards, and, when the browser still holds a session that has ended,
 * why (?reason=deactivated: a code of lib/auth/sign-out-reasons.ts, never an
 * id or a secret), so the sign-in page can say so (issue 11).
 */
export async function signInUrl(returnTo: string | null): Promise<string> {
  const session = await getCookieSession();
  const reason = session.actor === null && session.ended ? await signOutReasonOf(getPrisma(), session.ended.sessionToken, session.ended.rejection) : null;
  const query = [returnTo === null ? null : `next=${encodeURIComponent(returnTo)}`, reason === null ? null : `reason=${reason}`].filter(Boolean);
  return query.length > 0 ? `/sign-in?${query.join("&")}` : "/sign-in";
}

export function can(actor: Actor, permission: Permission): boolean {
  return hasPermission(actor.role, permission);
}

/** Whether `actor` must prove MFA again before using `permission` (checked at `now`). */
export function needsStepUp(actor: Actor, permission: Permission, options: { stepUp?: boolean } = {}, now = Date.now()): boolean {
  const required = options.stepUp === true || permissionRequiresStepUp(permission);
  return required && !hasRecentStepUp(actor.mfaVerifiedAt, now);
}

async function currentPath(): Promise<string> {
  const headerList = await headers();
  return safeNextPath(headerList.get(PATHNAME_HEADER)) ?? "/";
}

/** Records a refused access (A5). Never throws: the refusal itself must still happen. */
export async function recordAccessDenied(
  actor: Actor,
  permission: Permission,
  request: RequestContext,
  target?: string,
): Promise<void> {
  try {
    await getPrisma().$transaction(async (tx) => {
      await recordAudit(tx, {
        action: "access.denied",
        result: "DENIED",
        actorUserId: actor.userId,
        organizationId: actor.organizationId,
        ipAddress: request.ipAddress,
        userAgent: request.userAgent,
        requestId: request.requestId,
        targetType: "permission",
        targetId: permission,
        details: target ? { target } : undefined,
      });
    });
  } catch (error) {
    getLogger().error({ err: error, permission }, "could not record access.denied");
  }
}

/**
 * For pages: the actor, or it does not return. Anonymous → /sign-in?next=… (and
 * &reason=… when the browser's session has ended: signInUrl);
 * `stepUp: true` and no MFA in the last 5 minutes → /step-up?next=…; signed in without the permission → 403
 * (forbidden(), app/forbidden.tsx), audited.
 */
export async function requirePermission(
  permission: Permission,
  options: { stepUp?: boolean; returnTo?: string } = {},
): Promise<Actor> {
  const returnTo = safeNextPath(options.returnTo) ?? (await currentPath());
  const actor = await getCurrentActor();
  if (!actor) redirect(await signInUrl(returnTo));
  if (!can(actor, permission)) {
    await recordAccessDenied(actor, permission, await getRequestContext(), returnTo);
    forbidden();
  }
  // Pages mostly show things: step-up only when the page asks for it. Actions
  // (defineAction) always require it for permissions declared requiresStepUp.
  if (options.stepUp === true && !hasRecentStepUp(actor.mfaVerifiedAt, Date.now())) {
    redirect(`/step-up?next=${encodeURIComponent(returnTo)}`);
  }
  return actor;
}

/**
 * For pages: everything the route table (lib/rbac/route-policy.ts) demands
 * for `pathname` (e.g. /seller/settings needs seller:view AND
 * account:manage-self), so page and table cannot disagree.
 */
export async function requireRouteAccess(pathname: string): Promise<Actor> {
  const requirement = routeRequirement(pathname);
  if (requirement.kind === "deny") notFound();
  if (requirement.kind === "public") {
    throw new Error(`requireRouteAccess(${pathname}): the route table marks this path public`);
  }
  let actor: Actor | null = null;
  for (const permission of requirement.permissions) actor = await requirePermission(permission, { returnTo: pathname });
  // "authenticated" entries carry no permission: a live session is enough.
  if (!actor) {
    actor = await getCurrentActor();
    if (!actor) redirect(await signInUrl(safeNextPath(pathname) ?? "/"));
  }
  return actor;
}

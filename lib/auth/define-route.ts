import "server-only";
// EVERY gated route handler is made with defineRoute (issue 10), as every
// server action is made with defineAction: it authorizes FIRST, the same way
// for every route (401 without a session; 403, audited as access.denied,
// without the permission; the step-up rule of lib/rbac for permissions that
// need a recent MFA check), then runs the handler with a non-null actor, and
// turns an unexpected exception into a reference the user can quote, after
// logging it scrubbed. Answers are JSON and never cached.
import type { Actor } from "@/lib/auth/actor";
import { getRequestContext } from "@/lib/http/current-request";
import type { RequestContext } from "@/lib/http/request-context";
import { getLogger } from "@/lib/log";
import type { Permission } from "@/lib/rbac/permissions";
import { can, getCurrentActor, needsStepUp, recordAccessDenied } from "./authorize";
import { NOT_ALLOWED_MESSAGE, SIGN_IN_AGAIN_MESSAGE, STEP_UP_MESSAGE } from "./define-action";

export const NO_STORE = { "Cache-Control": "no-store" } as const;

export interface RouteContext {
  actor: Actor;
  request: RequestContext;
}

export interface RouteSpec {
  name: string;
  /** The caller needs one of these permissions (the first is the one an audited refusal names). */
  permission: Permission | readonly [Permission, ...Permission[]];
  /**
   * Where to come back after the MFA check, for routes a person opens (a
   * download link): a caller who needs step-up is sent to /step-up?next=...
   * Without it, such a caller gets a 403 that says so.
   */
  stepUpReturnTo?: (url: URL) => string;
  handler: (request: Request, context: RouteContext) => Promise<Response>;
}

export type DefinedRoute = ((request: Request) => Promise<Response>) & {
  spec: { name: string; permission: readonly Permission[] };
};

interface RouteRuntime {
  resolveActor: () => Promise<Actor | null>;
  resolveRequest: () => Promise<RequestContext>;
  recordDenied: (actor: Actor, permission: Permission, request: RequestContext, target: string) => Promise<void>;
  now: () => number;
}

const defaultRuntime: RouteRuntime = {
  resolveActor: getCurrentActor,
  resolveRequest: getRequestContext,
  recordDenied: recordAccessDenied,
  now: Date.now,
};

let runtime: RouteRuntime = defaultRuntime;

/** Tests only: replace how routes find the actor/request (null restores the real ones). */
export function setRouteRuntimeForTests(overrides: Partial<RouteRuntime> | null): void {
  runtime = overrides === null ? defaultRuntime : { ...defaultRuntime, ...overrides };
}

const json = (body: unknown, status: number) => Response.json(body, { status, headers: NO_STORE });

export function defineRoute(spec: RouteSpec): DefinedRoute {
  const permissions: readonly Permission[] = typeof spec.permission === "string" ? [spec.permission] : spec.permission;
  const route = async (request: Request): Promise<Response> => {
    let context: RequestContext = { ipAddress: null, userAgent: null, requestId: null };
    try {
      context = await runtime.resolveRequest();
      const actor = await runtime.resolveActor();
      if (!actor) return json({ error: SIGN_IN_AGAIN_MESSAGE }, 401);
      const granted = permissions.find((permission) => can(actor, permission));
      if (!granted) {
        await runtime.recordDenied(actor, permissions[0] as Permission, context, `route:${spec.name}`);
        return json({ error: NOT_ALLOWED_MESSAGE }, 403);
      }
      if (needsStepUp(actor, granted, {}, runtime.now())) {
        if (!spec.stepUpReturnTo) return json({ error: STEP_UP_MESSAGE, stepUpRequired: true }, 403);
        const next = spec.stepUpReturnTo(new URL(request.url));
        return new Response(null, { status: 303, headers: { ...NO_STORE, Location: `/step-up?next=${encodeURIComponent(next)}` } });
      }
      return await spec.handler(request, { actor, request: context });
    } catch (error) {
      getLogger().error({ err: error, route: spec.name, requestId: context.requestId }, "route handler failed");
      return json({ error: `Something went wrong. Reference: ${context.requestId ?? "unknown"}` }, 500);
    }
  };
  return Object.assign(route, { spec: { name: spec.name, permission: permissions } });
}

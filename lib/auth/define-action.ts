import "server-only";
// EVERY server action is made with defineAction (style.md principles 1, 4,
// 11): it authorizes FIRST (before even parsing input), validates the form
// with zod (field errors come back, nothing changes), runs the handler, and
// turns unexpected exceptions into a reference the user can quote, after
// logging them scrubbed. Next's redirect()/notFound() pass through.
import { unstable_rethrow } from "next/navigation";
import { type z } from "zod";
import { getRequestContext } from "@/lib/http/current-request";
import type { RequestContext } from "@/lib/http/request-context";
import { getLogger } from "@/lib/log";
import { UNSAFE_CHARACTER_MESSAGE, unsafeCharacterIn } from "@/lib/validation/input";
import type { Permission } from "@/lib/rbac/permissions";
import type { Actor } from "./actor";
import { can, getCurrentActor, needsStepUp, recordAccessDenied } from "./authorize";

export type ActionResult<T = undefined> =
  | { ok: true; data?: T; message?: string }
  | {
      ok: false;
      error: string;
      fieldErrors?: Record<string, string[]>;
      retryAfterSeconds?: number;
      /** Set when the action needs a fresh MFA check: send the user to /step-up. */
      stepUpRequired?: boolean;
    };

export type ActionAccess = "public" | "authenticated" | { permission: Permission; stepUp?: boolean };
/** For defineAction calls that name their types explicitly: any access but "public" (the handler gets an actor). */
export type GatedAccess = Exclude<ActionAccess, "public">;

/**
 * What a handler gets besides its input. A gated action's handler only runs
 * for a signed-in actor, so its type says so (no re-check in 50 handlers); a
 * public action's actor is null.
 */
export interface ActionContext<A extends ActionAccess = ActionAccess> {
  actor: A extends "public" ? null : Actor;
  request: RequestContext;
}

export interface ActionSpec<S extends z.ZodType, T, A extends ActionAccess = ActionAccess> {
  name: string;
  access: A;
  input: S;
  handler: (input: z.infer<S>, context: ActionContext<A>) => Promise<ActionResult<T>>;
}

export type DefinedAction<T> = ((previous: ActionResult<T> | null, formData: FormData) => Promise<ActionResult<T>>) & {
  /** What the action is, for the generated tests (lib/auth/actions-matrix.test.ts). */
  spec: { name: string; access: ActionAccess; input: z.ZodType };
};

export const SIGN_IN_AGAIN_MESSAGE = "Your session has ended. Sign in again to continue.";
export const NOT_ALLOWED_MESSAGE = "You do not have permission to do this.";
export const STEP_UP_MESSAGE = "For your security, confirm it's you with your authentication code first.";
export const INVALID_INPUT_MESSAGE = "Check the highlighted fields and try again.";
export const UNREADABLE_FORM_MESSAGE = "This form could not be read. Reload the page and try again.";

interface ActionRuntime {
  resolveActor: () => Promise<Actor | null>;
  resolveRequest: () => Promise<RequestContext>;
  recordDenied: (actor: Actor, permission: Permission, request: RequestContext, target: string) => Promise<void>;
  now: () => number;
}

const defaultRuntime: ActionRuntime = {
  resolveActor: getCurrentActor,
  resolveRequest: getRequestContext,
  recordDenied: recordAccessDenied,
  now: Date.now,
};

let runtime: ActionRuntime = defaultRuntime;

/** Tests only: replace how actions find the actor/request (null restores the real ones). */
export function setActionRuntimeForTests(overrides: Partial<ActionRuntime> | null): void {
  runtime = overrides === null ? defaultRuntime : { ...defaultRuntime, ...overrides };
}

/**
 * FormData as a plain object for zod: single values as strings, repeated
 * names as arrays; Next's internal `$ACTION_*` fields dropped. Files are not
 * accepted by any action today and are dropped too.
 */
export function formDataToObject(formData: FormData): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = {};
  for (const key of new Set(formData.keys())) {
    if (key.startsWith("$ACTION_")) continue;
    const values = formData.getAll(key).filter((value): value is string => typeof value === "string");
    if (values.length === 0) continue;
    result[key] = values.length === 1 ? (values[0] as string) : values;
  }
  return result;
}

/**
 * Field errors for values no schema may accept (a NUL byte, other control
 * characters, lone surrogates), whatever the action's schema says: PostgreSQL
 * cannot store a NUL, and a field a schema forgot to constrain must not turn
 * into "Something went wrong" (issue 9, finding 6). Null when all is well.
 */
export function unsafeFieldErrors(fields: Record<string, string | string[]>): Record<string, string[]> | null {
  let errors: Record<string, string[]> | null = null;
  for (const [key, value] of Object.entries(fields)) {
    const values = Array.isArray(value) ? value : [value];
    const keyIsUnsafe = unsafeCharacterIn(key) !== null;
    if (keyIsUnsafe || values.some((item) => unsafeCharacterIn(item) !== null)) {
      errors ??= {};
      errors[keyIsUnsafe ? "form" : key] = [UNSAFE_CHARACTER_MESSAGE];
    }
  }
  return errors;
}

function fieldErrorsOf(error: z.ZodError): Record<string, string[]> {
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? String(issue.path[0]) : "form";
    (fieldErrors[key] ??= []).push(issue.message);
  }
  return fieldErrors;
}

export function defineAction<S extends z.ZodType, T = undefined, const A extends ActionAccess = ActionAccess>(spec: ActionSpec<S, T, A>): DefinedAction<T> {
  const action = async (_previous: ActionResult<T> | null, formData: FormData): Promise<ActionResult<T>> => {
    let request: RequestContext = { ipAddress: null, userAgent: null, requestId: null };
    try {
      request = await runtime.resolveRequest();
      // 1. Authorize, before looking at the input at all.
      let actor: Actor | null = null;
      if (spec.access !== "public") {
        actor = await runtime.resolveActor();
        if (!actor) return { ok: false, error: SIGN_IN_AGAIN_MESSAGE };
        if (typeof spec.access === "object") {
          const { permission } = spec.access;
          if (!can(actor, permission)) {
            await runtime.recordDenied(actor, permission, request, `action:${spec.name}`);
            return { ok: false, error: NOT_ALLOWED_MESSAGE };
          }
          if (needsStepUp(actor, permission, { stepUp: spec.access.stepUp }, runtime.now())) {
            return { ok: false, error: STEP_UP_MESSAGE, stepUpRequired: true };
          }
        }
      } else {
        // Public actions may still want to know who is calling (e.g. "already signed in").
        actor = null;
      }
      // 2. Validate: first the safety net every field gets (lib/validation/input.ts), then the action's schema.
      // A crafted call can pass anything as the second argument; the portal's forms always pass FormData.
      if (!(formData instanceof FormData)) return { ok: false, error: UNREADABLE_FORM_MESSAGE };
      const fields = formDataToObject(formData);
      const unsafe = unsafeFieldErrors(fields);
      const parsed = spec.input.safeParse(fields);
      if (unsafe || !parsed.success) {
        // Every problem at once (parsing touches nothing); the safety net's message wins on its fields.
        const fieldErrors = { ...(parsed.success ? {} : fieldErrorsOf(parsed.error)), ...unsafe };
        return { ok: false, error: INVALID_INPUT_MESSAGE, fieldErrors };
      }
      // 3. Run.
      // Gated: authorized above, so the actor is there; public: null (ActionContext's types).
      return await spec.handler(parsed.data, { actor, request } as ActionContext<A>);
    } catch (error) {
      // redirect(), notFound() and friends are control flow, not failures.
      unstable_rethrow(error);
      getLogger().error({ err: error, action: spec.name, requestId: request.requestId }, "server action failed");
      return { ok: false, error: `Something went wrong. Reference: ${request.requestId ?? "unknown"}` };
    }
  };
  return Object.assign(action, { spec: { name: spec.name, access: spec.access, input: spec.input } });
}

// Every server action x every caller (anonymous + each role of the matrix),
// generated from the "use server" modules under app/ (controls A2, N6).
//
// Three things are pinned here:
//  1. every export of a "use server" module is a defineAction product (an
//     exported server action made without it has no authorization at all);
//  2. each action's declared access equals EXPECTED_ACCESS below, a second,
//     deliberate statement of intent (like lib/rbac/roles.test.ts does for the
//     matrix): adding, renaming or re-permissioning an action fails until this
//     table is updated too;
//  3. invoking each action with an EMPTY form as each caller gives the refusal
//     exactly when lib/rbac/roles.ts says the caller lacks the permission, and
//     a refused call touches nothing (no database, cookies, rate limiter,
//     cache). Allowed calls either fail validation (empty form) or reach the
//     handler, whose first dependency is stubbed here so no database is needed.
//
// lib/users/actions-access.test.ts stays: it checks a few concrete refusals
// with realistic input and that denials are audited; the declared-access part
// of it is now also covered (for every action) by EXPECTED_ACCESS here.
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import {
  INVALID_INPUT_MESSAGE,
  NOT_ALLOWED_MESSAGE,
  SIGN_IN_AGAIN_MESSAGE,
  STEP_UP_MESSAGE,
  setActionRuntimeForTests,
  type ActionAccess,
  type ActionResult,
} from "@/lib/auth/define-action";
import { STEP_UP_WINDOW_MS, stepUpPermissions } from "@/lib/auth/mfa/step-up";
import type * as LogModule from "@/lib/log";
import type { Permission } from "@/lib/rbac/permissions";
import { hasPermission } from "@/lib/rbac/roles";
import { UNSAFE_CHARACTER_MESSAGE } from "@/lib/validation/input";
import { FRESH_MFA, MATRIX_CALLERS, MATRIX_NOW, matrixActor } from "./matrix-runtime.test-support";

// ---------------------------------------------------------------------------
// Everything a handler could touch first is replaced by a recorder: the test
// never needs a database, and "was anything touched?" is observable.
const touched = vi.hoisted(() => ({ calls: [] as string[] }));

vi.mock("@/lib/db/client", async () => (await import("./matrix-runtime.test-support")).refusingDatabase(touched, "actions-matrix"));
vi.mock("next/headers", async () => (await import("./matrix-runtime.test-support")).refusingNextHeaders(touched, "actions-matrix"));
vi.mock("@/lib/rate-limit", () => ({
  consumeRateLimit: (name: string) => {
    touched.calls.push(`rate-limit:${name}`);
    return Promise.resolve({ allowed: true });
  },
  resetRateLimit: () => Promise.resolve(),
}));
vi.mock("next/cache", () => ({
  revalidatePath: () => touched.calls.push("revalidatePath"),
  revalidateTag: () => touched.calls.push("revalidateTag"),
}));
// A handler that fails on a stubbed dependency is logged by defineAction: keep the output quiet.
vi.mock("@/lib/log", async (importOriginal) =>
  (await import("./matrix-runtime.test-support")).silentLog(await importOriginal<typeof LogModule>()),
);

// ---------------------------------------------------------------------------
// The intended access of every server action, by its defineAction name.
type ExpectedAccess = "public" | "authenticated" | { permission: Permission; stepUp?: true };

const EXPECTED_ACCESS: Readonly<Record<string, ExpectedAccess>> = {
  // Before a session exists (each one rate limited or token-bound inside).
  "auth.start-sign-in": "public",
  "auth.verify-mfa": "public",
  "auth.confirm-mfa-enrollment": "public",
  "auth.sign-out": "public", // works on a dead session too; only ever revokes the caller's own session
  "auth.sign-up": "public",
  "auth.request-password-reset": "public",
  "auth.reset-password": "public",
  "auth.verify-email": "public",
  "auth.resend-verification": "public",
  "user.accept-invitation": "public",
  // Any live session.
  "auth.step-up": "authenticated",
  // Own account (every role).
  "account.update-profile": { permission: "account:manage-self" },
  "account.change-password": { permission: "account:manage-self" },
  "account.regenerate-recovery-codes": { permission: "account:manage-self", stepUp: true },
  "account.revoke-session": { permission: "account:manage-self" },
  "account.revoke-other-sessions": { permission: "account:manage-self" },
  // Seller team (owner only, step-up).
  "team.invite": { permission: "team:manage", stepUp: true },
  "team.revoke-invitation": { permission: "team:manage", stepUp: true },
  "team.change-role": { permission: "team:manage", stepUp: true },
  "team.remove-member": { permission: "team:manage", stepUp: true },
  // Operator console.
  "operators.invite": { permission: "operators:invite", stepUp: true },
  "operators.revoke-invitation": { permission: "operators:invite", stepUp: true },
  "operators.change-role": { permission: "users:change-role", stepUp: true },
  "operators.deactivate": { permission: "users:deactivate", stepUp: true },
  "operators.reactivate": { permission: "users:deactivate", stepUp: true },
  "operators.reset-mfa": { permission: "users:reset-mfa", stepUp: true },
  "operators.revoke-all-sessions": { permission: "sessions:revoke-any" },
  "operators.revoke-session": { permission: "sessions:revoke-any" },
  // Seller onboarding and Amazon (owner only for changes; step-up because they hand FireFeed the seller's Amazon data).
  "onboarding.organization": { permission: "amazon:connect", stepUp: true },
  "onboarding.marketplaces": { permission: "amazon:connect", stepUp: true },
  "onboarding.contact": { permission: "amazon:connect", stepUp: true },
  "onboarding.accept-terms": { permission: "amazon:connect", stepUp: true },
  "amazon.connect": { permission: "amazon:connect", stepUp: true },
  "amazon.sync-now": { permission: "sync:run" },
  "amazon.disconnect": { permission: "amazon:disconnect", stepUp: true },
  // Orders: listing shows masked PII; revealing it is its own permission with step-up.
  "orders.list": { permission: "orders:view" },
  "orders.reveal-pii": { permission: "orders:reveal-pii", stepUp: true },
  // Amazon-data retention (D1, D5) from the console.
  "retention.run-now": { permission: "settings:manage", stepUp: true },
  "retention.security-run-now": { permission: "settings:manage", stepUp: true },
  // Security console (issue 5).
  "audit.verify-chain": { permission: "audit:view" },
  "runbook.save": { permission: "incidents:manage" },
  "runbook.sign-off-review": { permission: "incidents:manage" },
  "access-reviews.start": { permission: "access-reviews:manage" },
  "access-reviews.decide": { permission: "access-reviews:manage", stepUp: true },
  "access-reviews.keep-remaining": { permission: "access-reviews:manage", stepUp: true },
  "access-reviews.complete": { permission: "access-reviews:manage" },
  "log-reviews.sign-off": { permission: "log-reviews:manage" },
  "alerts.acknowledge": { permission: "alerts:manage" },
  "alerts.check": { permission: "alerts:manage" },
  "alerts.dismiss": { permission: "alerts:manage" },
  "alerts.escalate": { permission: "alerts:manage" },
  "incidents.create": { permission: "incidents:manage" },
  "incidents.change-phase": { permission: "incidents:manage" },
  "incidents.set-amazon-involvement": { permission: "incidents:manage" },
  "incidents.assign-role": { permission: "incidents:manage" },
  "incidents.add-note": { permission: "incidents:manage" },
  "incidents.record-amazon-notification": { permission: "incidents:manage" },
  "incidents.link-seller": { permission: "incidents:manage" },
  "incidents.notify-sellers": { permission: "incidents:manage" },
  "incidents.update-post-mortem": { permission: "incidents:manage" },
  "incidents.add-action": { permission: "incidents:manage" },
  "incidents.update-action": { permission: "incidents:manage" },
  // Any user of the organization may acknowledge its notices; scoped to the actor's organization inside.
  "seller-notices.acknowledge": { permission: "seller:view" },
  // Security settings: each group is the permission of the team that owns it; step-up because they decide what gets detected.
  "security-settings.update-alert-rules": { permission: "alerts:manage", stepUp: true },
  "security-settings.update-working-hours": { permission: "alerts:manage", stepUp: true },
  "security-settings.update-incident-contact": { permission: "incidents:manage", stepUp: true },
  "security-settings.update-review-cadence": { permission: "access-reviews:manage", stepUp: true },
};

// ---------------------------------------------------------------------------
// Discovery: every module under app/ whose first statement is "use server".
const APP_DIR = fileURLToPath(new URL("../../app", import.meta.url));
const REPO_DIR = path.dirname(APP_DIR);
const SOURCE_FILE = /\.(ts|tsx|js|jsx|mjs)$/;
const DIRECTIVE_LINE = /^\s*(["'])use server\1;?\s*$/m;

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((dirent) => {
    const full = path.join(directory, dirent.name);
    if (dirent.isDirectory()) return dirent.name === "node_modules" ? [] : sourceFiles(full);
    return dirent.isFile() && SOURCE_FILE.test(dirent.name) && !/\.test\.tsx?$/.test(dirent.name) ? [full] : [];
  });
}

/** The file's code with leading comments and blank lines removed (where a directive must stand). */
function withoutLeadingComments(source: string): string {
  let rest = source;
  for (;;) {
    const trimmed = rest.replace(/^\s+/, "");
    if (trimmed.startsWith("//")) rest = trimmed.slice(trimmed.indexOf("\n") + 1 || trimmed.length);
    else if (trimmed.startsWith("/*")) rest = trimmed.slice(trimmed.indexOf("*/") + 2);
    else return trimmed;
  }
}

const files = sourceFiles(APP_DIR).map((file) => {
  const source = readFileSync(file, "utf8");
  return {
    file: path.relative(REPO_DIR, file),
    full: file,
    isServerModule: /^(["'])use server\1/.test(withoutLeadingComments(source)),
    mentionsDirective: DIRECTIVE_LINE.test(source),
  };
});
const serverModules = files.filter((entry) => entry.isServerModule);

interface DiscoveredAction {
  file: string;
  exportName: string;
  value: unknown;
}

const discovered: DiscoveredAction[] = [];
for (const serverModule of serverModules) {
  // The module paths come from walking this repository's app/ folder (above), never from input.
  // eslint-disable-next-line no-unsanitized/method
  const loaded = (await import(pathToFileURL(serverModule.full).href)) as Record<string, unknown>;
  for (const [exportName, value] of Object.entries(loaded)) discovered.push({ file: serverModule.file, exportName, value });
}

interface ActionUnderTest {
  id: string; // "file#export (name)"
  name: string;
  access: ActionAccess;
  /** The form fields its schema declares (top level). */
  fields: string[];
  invoke: (previous: null, formData: FormData) => Promise<ActionResult<unknown>>;
}

/** The top-level keys of an object schema, looking through pipes and transforms. */
function fieldsOf(schema: unknown): string[] {
  if (!(schema instanceof z.ZodType)) return [];
  if (schema instanceof z.ZodObject) return Object.keys(schema.shape);
  const def = (schema as { def?: { in?: unknown; innerType?: unknown } }).def;
  return fieldsOf(def?.in ?? def?.innerType);
}

function asDefinedAction(entry: DiscoveredAction): ActionUnderTest | null {
  const { value } = entry;
  if (typeof value !== "function") return null;
  const spec = (value as { spec?: unknown }).spec;
  if (typeof spec !== "object" || spec === null) return null;
  const { name, access, input } = spec as { name?: unknown; access?: unknown; input?: unknown };
  if (typeof name !== "string" || name.length === 0 || access === undefined) return null;
  return {
    id: `${entry.file}#${entry.exportName} (${name})`,
    name,
    access: access as ActionAccess,
    fields: fieldsOf(input),
    invoke: value as ActionUnderTest["invoke"],
  };
}

const actions = discovered.map(asDefinedAction).filter((action): action is ActionUnderTest => action !== null);

// ---------------------------------------------------------------------------
// Callers.
const NOW = MATRIX_NOW;
const callers = MATRIX_CALLERS;
const actorFor = matrixActor;

type Outcome = "sign-in" | "not-allowed" | "step-up" | "allowed";

/** What the matrix says must happen, computed from lib/rbac (not from the action's code). */
function expectedOutcome(access: ActionAccess, actor: Actor | null): Outcome {
  if (access === "public") return "allowed";
  if (actor === null) return "sign-in";
  if (access === "authenticated") return "allowed";
  if (!hasPermission(actor.role, access.permission)) return "not-allowed";
  const stepUpRequired = access.stepUp === true || stepUpPermissions.includes(access.permission);
  const recentMfa = actor.mfaVerifiedAt !== null && NOW - actor.mfaVerifiedAt.getTime() <= STEP_UP_WINDOW_MS;
  return stepUpRequired && !recentMfa ? "step-up" : "allowed";
}

const recordDenied = vi.fn((_actor: Actor, _permission: Permission, _request: unknown, _target: string) => Promise.resolve());
const resolveActor = vi.fn<() => Promise<Actor | null>>();

beforeEach(() => {
  touched.calls.length = 0;
  recordDenied.mockClear();
  resolveActor.mockReset();
});
afterEach(() => setActionRuntimeForTests(null));

function callAs(actor: Actor | null): void {
  resolveActor.mockResolvedValue(actor);
  setActionRuntimeForTests({
    resolveActor,
    resolveRequest: () => Promise.resolve({ ipAddress: "203.0.113.9", userAgent: "vitest", requestId: "req-matrix" }),
    recordDenied,
    now: () => NOW,
  });
}

// ---------------------------------------------------------------------------
describe("server action discovery", () => {
  it("finds the server-action modules under app/", () => {
    expect(serverModules.length).toBeGreaterThanOrEqual(11);
    expect(serverModules.map((entry) => entry.file)).toContain(path.join("app", "(public)", "sign-in", "sign-out-action.ts"));
  });

  it("has no inline or misplaced \"use server\" directive (every action lives in a defineAction module)", () => {
    const misplaced = files.filter((entry) => entry.mentionsDirective && !entry.isServerModule).map((entry) => entry.file);
    expect(misplaced, 'inline "use server" functions bypass defineAction: move them into an actions.ts module').toEqual([]);
  });

  it("every export of a \"use server\" module is made with defineAction", () => {
    const notDefined = discovered.filter((entry) => asDefinedAction(entry) === null).map((entry) => `${entry.file}#${entry.exportName}`);
    expect(notDefined, "exported server actions not made with defineAction (they would run without authorization)").toEqual([]);
  });

  it("action names are unique", () => {
    const names = actions.map((action) => action.name);
    expect(names.length).toBe(new Set(names).size);
  });

  it("every action has an entry in EXPECTED_ACCESS, and every entry an action", () => {
    const names = actions.map((action) => action.name).sort();
    const missing = names.filter((name) => !(name in EXPECTED_ACCESS));
    expect(missing, "add these actions to EXPECTED_ACCESS in lib/auth/actions-matrix.test.ts").toEqual([]);
    const stale = Object.keys(EXPECTED_ACCESS).filter((name) => !names.includes(name));
    expect(stale, "EXPECTED_ACCESS lists actions that no longer exist").toEqual([]);
  });
});

describe("declared access equals the pinned intent", () => {
  it.each(actions)("$id", (action) => {
    expect(action.access).toEqual(EXPECTED_ACCESS[action.name]);
  });

  it("every action using a step-up permission declares stepUp", () => {
    for (const action of actions) {
      if (typeof action.access === "object" && stepUpPermissions.includes(action.access.permission)) {
        expect(action.access.stepUp, action.id).toBe(true);
      }
    }
  });
});

const cases = actions.flatMap((action) =>
  callers.map((caller) => ({
    action,
    caller,
    expected: expectedOutcome(action.access, caller.actor),
    title: `${action.name} as ${caller.label}`,
  })),
);

describe("every action x every caller, with an empty form", () => {
  it("covers every action with every caller", () => {
    expect(cases.length).toBe(actions.length * callers.length);
  });

  it.each(cases)("$title -> $expected", async ({ action, caller, expected }) => {
    callAs(caller.actor);
    const result = await action.invoke(null, new FormData());

    if (expected === "allowed") {
      expect([SIGN_IN_AGAIN_MESSAGE, NOT_ALLOWED_MESSAGE, STEP_UP_MESSAGE]).not.toContain(result.ok ? "" : result.error);
      expect(recordDenied).not.toHaveBeenCalled();
      if (!result.ok && result.fieldErrors !== undefined) {
        // Refused by validation: nothing may have been touched before it.
        expect(result.error).toBe(INVALID_INPUT_MESSAGE);
        expect(touched.calls).toEqual([]);
      } else {
        // An empty form is valid for this action, so its handler ran and reached a stubbed dependency.
        expect(touched.calls.length, `${action.name}: the handler should have run`).toBeGreaterThan(0);
      }
      return;
    }

    // Refused: the exact define-action refusal, and nothing touched.
    const refusal = {
      "sign-in": { ok: false, error: SIGN_IN_AGAIN_MESSAGE },
      "not-allowed": { ok: false, error: NOT_ALLOWED_MESSAGE },
      "step-up": { ok: false, error: STEP_UP_MESSAGE, stepUpRequired: true },
    }[expected];
    expect(result).toEqual(refusal);
    expect(touched.calls).toEqual([]);
    if (expected === "not-allowed" && typeof action.access === "object") {
      // The refusal is audited (A5) with the permission that was missing.
      expect(recordDenied).toHaveBeenCalledOnce();
      expect(recordDenied.mock.calls[0]?.[1]).toBe(action.access.permission);
      expect(recordDenied.mock.calls[0]?.[3]).toBe(`action:${action.name}`);
    } else {
      expect(recordDenied).not.toHaveBeenCalled();
    }
  });
});

describe("public actions never look up a session", () => {
  it.each(actions.filter((action) => action.access === "public"))("$name", async (action) => {
    callAs(actorFor("OPERATOR_ADMIN", FRESH_MFA));
    await action.invoke(null, new FormData());
    expect(resolveActor).not.toHaveBeenCalled();
  });
});

// ---------------------------------------------------------------------------
// Hostile input (issue 9, finding 6), generated for every action as a caller
// it allows: a value no schema may accept in ANY field (the ones the schema
// declares and one it does not know) is a field error that names the field,
// and nothing is touched: not the database, not the rate limiter.
const HOSTILE_VALUES: ReadonlyArray<[string, string]> = [
  ["a NUL byte", "Acme\u0000 GmbH"],
  ["a control character", "line\u0008back"],
  // (No lone surrogate here: FormData holds USVStrings, so one arrives as U+FFFD already.)
  ["DEL", "del\u007f"],
  ["a C1 control", "text\u0085more"],
];

function allowedCaller(action: ActionUnderTest): Actor | null {
  const caller = callers.find((candidate) => expectedOutcome(action.access, candidate.actor) === "allowed");
  if (!caller) throw new Error(`${action.name}: no caller is allowed to use it`);
  return caller.actor;
}

const hostileCases = actions.flatMap((action) =>
  [...action.fields, "unexpectedField"].flatMap((field) =>
    HOSTILE_VALUES.map(([label, value]) => ({ action, field, value, title: `${action.name}: ${label} in ${field}` })),
  ),
);

describe("every action refuses unstorable text in every field, touching nothing", () => {
  it("finds the declared fields of the actions' schemas", () => {
    const withFields = actions.filter((action) => action.fields.length > 0).map((action) => action.name);
    expect(withFields).toEqual(expect.arrayContaining(["auth.sign-up", "orders.reveal-pii", "incidents.create"]));
    expect(actions.find((action) => action.name === "auth.sign-up")?.fields).toEqual(
      expect.arrayContaining(["organizationName", "displayName", "email", "password"]),
    );
  });

  it.each(hostileCases)("$title", async ({ action, field, value }) => {
    callAs(allowedCaller(action));
    const form = new FormData();
    form.set(field, value);
    const result = await action.invoke(null, form);
    // Other fields may have their own errors (the form is otherwise empty); this one names the character.
    expect(result).toMatchObject({ ok: false, error: INVALID_INPUT_MESSAGE, fieldErrors: { [field]: [UNSAFE_CHARACTER_MESSAGE] } });
    expect(touched.calls).toEqual([]);
  });
});

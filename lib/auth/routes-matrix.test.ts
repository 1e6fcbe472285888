// Every route handler under app/ x every caller (issue 10), generated like
// lib/auth/actions-matrix.test.ts does for server actions:
//  1. every exported HTTP method of a route module is a defineRoute product,
//     or is listed in UNGATED_ROUTES with the reason it checks nothing here;
//  2. each route's declared permissions equal EXPECTED_ROUTE_ACCESS;
//  3. each caller gets 401 / 403 (audited) / step-up exactly when lib/rbac says
//     so, and a refused call touches nothing; an allowed one reaches the handler.
import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { STEP_UP_WINDOW_MS, permissionRequiresStepUp } from "@/lib/auth/mfa/step-up";
import type * as LogModule from "@/lib/log";
import type { Permission } from "@/lib/rbac/permissions";
import { hasPermission } from "@/lib/rbac/roles";
import { setRouteRuntimeForTests, type DefinedRoute } from "./define-route";
import { MATRIX_CALLERS, MATRIX_NOW } from "./matrix-runtime.test-support";

const touched = vi.hoisted(() => ({ calls: [] as string[] }));
vi.mock("@/lib/db/client", async () => (await import("./matrix-runtime.test-support")).refusingDatabase(touched, "routes-matrix"));
vi.mock("next/headers", async () => (await import("./matrix-runtime.test-support")).refusingNextHeaders(touched, "routes-matrix"));
vi.mock("@/lib/log", async (importOriginal) =>
  (await import("./matrix-runtime.test-support")).silentLog(await importOriginal<typeof LogModule>()),
);

/** The intended access of every gated route, by its defineRoute name. */
const EXPECTED_ROUTE_ACCESS: Readonly<Record<string, readonly Permission[]>> = {
  "audit.export": ["audit:export"],
  "access-reviews.export": ["access-reviews:manage"],
  "orders.sync-status": ["orders:view", "sync:run"],
};

/** Route modules that are not gated by a permission, and why. */
const UNGATED_ROUTES: Readonly<Record<string, string>> = {
  "app/api/health/route.ts#GET": "public health check for the proxy and the container (no data)",
  "app/security.txt/route.ts#GET": "public security contact (RFC 9116)",
  "app/.well-known/security.txt/route.ts#GET": "public security contact (RFC 9116)",
  "app/api/auth/[...nextauth]/route.ts#GET": "next-auth's own endpoints (sessions are checked by lib/auth/sessions)",
  "app/api/auth/[...nextauth]/route.ts#POST": "next-auth's own endpoints (sessions are checked by lib/auth/sessions)",
  "app/api/amazon/callback/route.ts#GET": "Amazon's OAuth redirect: bound to the signed state and the signed-in owner inside (lib/amazon/authorization.ts)",
};

const APP_DIR = fileURLToPath(new URL("../../app", import.meta.url));
const REPO_DIR = path.dirname(APP_DIR);
const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

function routeFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return /^route\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

interface DiscoveredHandler {
  id: string;
  value: unknown;
}

const discovered: DiscoveredHandler[] = [];
for (const file of routeFiles(APP_DIR)) {
  // The paths come from walking this repository's app/ folder, never from input.
  // eslint-disable-next-line no-unsanitized/method
  const loaded = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  for (const method of HTTP_METHODS) {
    if (method in loaded) discovered.push({ id: `${path.relative(REPO_DIR, file)}#${method}`, value: loaded[method] });
  }
}

const isDefinedRoute = (value: unknown): value is DefinedRoute =>
  typeof value === "function" && typeof (value as { spec?: unknown }).spec === "object";
const gated = discovered.filter((entry) => isDefinedRoute(entry.value)) as { id: string; value: DefinedRoute }[];

const NOW = MATRIX_NOW;
const callers = MATRIX_CALLERS;

function expectedStatus(permissions: readonly Permission[], actor: Actor | null): "401" | "403" | "step-up" | "allowed" {
  if (!actor) return "401";
  const granted = permissions.find((permission) => hasPermission(actor.role, permission));
  if (!granted) return "403";
  const recent = actor.mfaVerifiedAt !== null && NOW - actor.mfaVerifiedAt.getTime() <= STEP_UP_WINDOW_MS;
  return permissionRequiresStepUp(granted) && !recent ? "step-up" : "allowed";
}

const recordDenied = vi.fn((_actor: Actor, _permission: Permission, _request: unknown, _target: string) => Promise.resolve());
beforeEach(() => {
  touched.calls.length = 0;
  recordDenied.mockClear();
});
afterEach(() => setRouteRuntimeForTests(null));

describe("route handler discovery", () => {
  it("finds every route module, and each exported method is gated by defineRoute or listed as ungated with a reason", () => {
    expect(discovered.length).toBeGreaterThanOrEqual(8);
    const neither = discovered.filter((entry) => !isDefinedRoute(entry.value) && !(entry.id in UNGATED_ROUTES)).map((entry) => entry.id);
    expect(neither, "route handlers without defineRoute: gate them, or list them in UNGATED_ROUTES with why").toEqual([]);
    const stale = Object.keys(UNGATED_ROUTES).filter((id) => !discovered.some((entry) => entry.id === id));
    expect(stale, "UNGATED_ROUTES lists handlers that no longer exist").toEqual([]);
  });

  it("declares exactly the pinned permissions", () => {
    const declared = Object.fromEntries(gated.map((entry) => [entry.value.spec.name, entry.value.spec.permission]));
    expect(declared).toEqual(EXPECTED_ROUTE_ACCESS);
  });
});

const cases = gated.flatMap((entry) =>
  callers.map((caller) => ({ entry, caller, expected: expectedStatus(entry.value.spec.permission, caller.actor), title: `${entry.value.spec.name} as ${caller.label}` })),
);

describe("every gated route x every caller", () => {
  it.each(cases)("$title -> $expected", async ({ entry, caller, expected }) => {
    setRouteRuntimeForTests({
      resolveActor: () => Promise.resolve(caller.actor),
      resolveRequest: () => Promise.resolve({ ipAddress: "203.0.113.9", userAgent: "vitest", requestId: "req-routes" }),
      recordDenied,
      now: () => NOW,
    });
    const response = await entry.value(new Request("https://portal.example.test/api/route?format=csv&campaignId=5f1c2a9e-8d4b-4c3e-9a1f-2b3c4d5e6f72"));
    expect(response.headers.get("cache-control")).toBe("no-store");
    if (expected === "allowed") {
      // The handler ran and reached its first stubbed dependency (the database), which fails: a 500 with a reference.
      expect(touched.calls.length).toBeGreaterThan(0);
      expect(recordDenied).not.toHaveBeenCalled();
      return;
    }
    expect(touched.calls).toEqual([]);
    if (expected === "401") expect(response.status).toBe(401);
    if (expected === "403") {
      expect(response.status).toBe(403);
      expect(recordDenied).toHaveBeenCalledOnce();
      expect(recordDenied.mock.calls[0]?.[1]).toBe(entry.value.spec.permission[0]);
    } else {
      expect(recordDenied).not.toHaveBeenCalled();
    }
    if (expected === "step-up") expect([303, 403]).toContain(response.status);
  });
});

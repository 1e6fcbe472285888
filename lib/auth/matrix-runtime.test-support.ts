// The stand-ins the action and route matrices (actions-matrix.test.ts,
// routes-matrix.test.ts) put in place of everything a handler could touch
// first: each records that it was touched and refuses, so the matrices need
// no database and "did a refused call touch anything?" is observable. Used
// from vi.mock factories (`async () => (await import(...)).refusingDatabase(...)`)
// because vi.mock is hoisted above static imports. Also the callers both
// matrices run: anonymous, then every role with a fresh MFA check, one outside
// the step-up window, and none.
import type { Actor } from "@/lib/auth/actor";
import { STEP_UP_WINDOW_MS } from "@/lib/auth/mfa/step-up";
import type * as LogModule from "@/lib/log";
import { ROLES, roleKind, type Role } from "@/lib/rbac/roles";

/** What the stand-ins record, in order (created with vi.hoisted in the test file). */
export interface TouchRecorder {
  calls: string[];
}

/** lib/db/client: getPrisma() records "db" and throws. */
export function refusingDatabase(touched: TouchRecorder, matrix: string) {
  return {
    getPrisma: () => {
      touched.calls.push("db");
      throw new Error(`${matrix}: the database is not available in this unit test`);
    },
  };
}

/** next/headers: cookies(), headers() and draftMode() record their name and throw. */
export function refusingNextHeaders(touched: TouchRecorder, matrix: string) {
  const refuse = (name: string) => () => {
    touched.calls.push(name);
    throw new Error(`${matrix}: ${name}() is not available in this unit test`);
  };
  return { cookies: refuse("cookies"), headers: refuse("headers"), draftMode: refuse("draftMode") };
}

/** lib/log with a logger that writes nothing (a handler failing on a stand-in is logged by design). */
export function silentLog(original: typeof LogModule): typeof LogModule {
  const silent = { error: () => {}, warn: () => {}, info: () => {}, debug: () => {}, child: () => silent };
  return { ...original, getLogger: () => silent as unknown as ReturnType<typeof LogModule.getLogger> };
}

/** The matrices' clock: every caller's MFA time is relative to it. */
export const MATRIX_NOW = Date.parse("2026-03-01T12:00:00Z");
const ORGANIZATION_ID = "5f1c2a9e-8d4b-4c3e-9a1f-2b3c4d5e6f72";

export function matrixActor(role: Role, mfaVerifiedAt: Date | null): Actor {
  const isSeller = roleKind(role) === "seller";
  return {
    userId: "3f1c2a9e-8d4b-4c3e-9a1f-2b3c4d5e6f70",
    sessionId: "4f1c2a9e-8d4b-4c3e-9a1f-2b3c4d5e6f71",
    email: "someone@example.test",
    displayName: "Someone",
    kind: isSeller ? "SELLER" : "OPERATOR",
    role,
    organizationId: isSeller ? ORGANIZATION_ID : null,
    mfaVerifiedAt,
  };
}

export const FRESH_MFA = new Date(MATRIX_NOW - 60_000);
export const STALE_MFA = new Date(MATRIX_NOW - STEP_UP_WINDOW_MS - 60_000);

export const MATRIX_CALLERS: ReadonlyArray<{ label: string; actor: Actor | null }> = [
  { label: "anonymous", actor: null },
  ...ROLES.flatMap((role) => [
    { label: `${role} (MFA 1 min ago)`, actor: matrixActor(role, FRESH_MFA) },
    { label: `${role} (MFA 6 min ago)`, actor: matrixActor(role, STALE_MFA) },
    { label: `${role} (no MFA time)`, actor: matrixActor(role, null) },
  ]),
];

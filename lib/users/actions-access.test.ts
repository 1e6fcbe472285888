// The server actions of the identity screens: each one declares the intended
// permission (and step-up where the permission vocabulary demands it), and
// defineAction refuses wrong callers before any input is read or any data
// touched. A regression here (a dropped permission, a lost step-up) is an
// authorization bug, so it is pinned explicitly.
import { afterEach, describe, expect, it, vi } from "vitest";
import * as operatorActions from "@/app/admin/operators/actions";
import * as settingsActions from "@/app/seller/settings/actions";
import * as teamActions from "@/app/seller/team/actions";
import type { Actor } from "@/lib/auth/actor";
import { NOT_ALLOWED_MESSAGE, STEP_UP_MESSAGE, setActionRuntimeForTests, type ActionAccess } from "@/lib/auth/define-action";
import { permissionRequiresStepUp } from "@/lib/auth/mfa/step-up";

const NOW = Date.parse("2026-03-01T12:00:00Z");

function actor(overrides: Partial<Actor>): Actor {
  return {
    userId: "3f1c2a9e-8d4b-4c3e-9a1f-2b3c4d5e6f70",
    sessionId: "4f1c2a9e-8d4b-4c3e-9a1f-2b3c4d5e6f71",
    email: "someone@example.test",
    displayName: "Someone",
    kind: "SELLER",
    role: "SELLER_OWNER",
    organizationId: "5f1c2a9e-8d4b-4c3e-9a1f-2b3c4d5e6f72",
    mfaVerifiedAt: new Date(NOW - 60_000),
    ...overrides,
  };
}

function useActor(current: Actor) {
  const recordDenied = vi.fn(async () => {});
  setActionRuntimeForTests({
    resolveActor: () => Promise.resolve(current),
    resolveRequest: () => Promise.resolve({ ipAddress: "203.0.113.9", userAgent: "vitest", requestId: "req-1" }),
    recordDenied,
    now: () => NOW,
  });
  return recordDenied;
}

afterEach(() => setActionRuntimeForTests(null));

type Spec = { name: string; access: ActionAccess };
const accessOf = (actionModule: Record<string, unknown>): Record<string, ActionAccess> =>
  Object.fromEntries(Object.entries(actionModule).map(([name, value]) => [name, (value as { spec: Spec }).spec.access]));

describe("declared access", () => {
  it("seller team actions need team:manage with step-up", () => {
    for (const access of Object.values(accessOf(teamActions))) expect(access).toEqual({ permission: "team:manage", stepUp: true });
  });

  it("operator actions need the intended permission", () => {
    expect(accessOf(operatorActions)).toEqual({
      inviteOperatorAction: { permission: "operators:invite", stepUp: true },
      revokeOperatorInvitationAction: { permission: "operators:invite", stepUp: true },
      changeOperatorRoleAction: { permission: "users:change-role", stepUp: true },
      deactivateOperatorAction: { permission: "users:deactivate", stepUp: true },
      reactivateOperatorAction: { permission: "users:deactivate", stepUp: true },
      resetOperatorMfaAction: { permission: "users:reset-mfa", stepUp: true },
      revokeAllSessionsOfUserAction: { permission: "sessions:revoke-any" },
      revokeSessionOfUserAction: { permission: "sessions:revoke-any" },
    });
  });

  it("self-service actions need account:manage-self; new recovery codes need step-up", () => {
    const access = accessOf(settingsActions);
    expect(access.regenerateRecoveryCodesAction).toEqual({ permission: "account:manage-self", stepUp: true });
    for (const [name, value] of Object.entries(access)) {
      expect(typeof value === "object" && value.permission, name).toBe("account:manage-self");
    }
  });

  it("every action whose permission requires step-up declares it", () => {
    for (const actionModule of [teamActions, operatorActions, settingsActions]) {
      for (const [name, access] of Object.entries(accessOf(actionModule))) {
        if (typeof access === "object" && permissionRequiresStepUp(access.permission)) expect(access.stepUp, name).toBe(true);
      }
    }
  });
});

describe("refusals happen before the domain runs", () => {
  const form = (entries: Record<string, string>) => {
    const data = new FormData();
    for (const [key, value] of Object.entries(entries)) data.append(key, value);
    return data;
  };

  it("a seller member cannot remove team members (audited denial)", async () => {
    const recordDenied = useActor(actor({ role: "SELLER_MEMBER" }));
    const result = await teamActions.removeTeamMemberAction(null, form({ userId: "6f1c2a9e-8d4b-4c3e-9a1f-2b3c4d5e6f73" }));
    expect(result).toEqual({ ok: false, error: NOT_ALLOWED_MESSAGE });
    expect(recordDenied).toHaveBeenCalledOnce();
  });

  it("an owner without a recent MFA check is sent to step-up", async () => {
    useActor(actor({ mfaVerifiedAt: new Date(NOW - 6 * 60_000) }));
    const result = await teamActions.changeTeamMemberRoleAction(null, form({ userId: "6f1c2a9e-8d4b-4c3e-9a1f-2b3c4d5e6f73", role: "SELLER_OWNER" }));
    expect(result).toEqual({ ok: false, error: STEP_UP_MESSAGE, stepUpRequired: true });
  });

  it("a security analyst cannot reset MFA, an admin without step-up is sent to step-up", async () => {
    const operator = { kind: "OPERATOR" as const, organizationId: null };
    useActor(actor({ ...operator, role: "OPERATOR_SECURITY_ANALYST" }));
    const fields = { userId: "6f1c2a9e-8d4b-4c3e-9a1f-2b3c4d5e6f73", reason: "Lost phone, ticket 4711" };
    expect(await operatorActions.resetOperatorMfaAction(null, form(fields))).toEqual({ ok: false, error: NOT_ALLOWED_MESSAGE });
    useActor(actor({ ...operator, role: "OPERATOR_ADMIN", mfaVerifiedAt: null }));
    expect(await operatorActions.resetOperatorMfaAction(null, form(fields))).toMatchObject({ ok: false, stepUpRequired: true });
  });

  it("an operator cannot use seller team actions", async () => {
    useActor(actor({ kind: "OPERATOR", role: "OPERATOR_ADMIN", organizationId: null }));
    const result = await teamActions.inviteTeamMemberAction(null, form({ email: "new@example.test", role: "SELLER_MEMBER" }));
    expect(result).toEqual({ ok: false, error: NOT_ALLOWED_MESSAGE });
  });
});

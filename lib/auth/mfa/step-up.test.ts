import { afterEach, describe, expect, it, vi } from "vitest";
import { resetEnvCacheForTests } from "@/lib/env";
import { PERMISSIONS } from "@/lib/rbac/permissions";
import {
  STEP_UP_MIN_WINDOW_MS,
  STEP_UP_WINDOW_MS,
  hasRecentStepUp,
  stepUpWindowMs,
  permissionRequiresStepUp,
  stepUpPermissions,
  stepUpStatus,
} from "./step-up";

const NOW = Date.UTC(2026, 10, 29, 12, 0, 0);

describe("hasRecentStepUp", () => {
  it("is five minutes", () => {
    expect(STEP_UP_WINDOW_MS).toBe(300_000);
  });

  it.each([
    ["just now", NOW, true],
    ["4 min 59 s ago", NOW - 299_000, true],
    ["exactly 5 min ago", NOW - 300_000, true],
    ["5 min 1 ms ago", NOW - 300_001, false],
    ["an hour ago", NOW - 3_600_000, false],
    ["2 s in the future (clock skew)", NOW + 2_000, true],
    ["1 min in the future", NOW + 60_000, false],
  ])("%s -> %s", (_label, lastMfaAt, expected) => {
    expect(hasRecentStepUp(lastMfaAt, NOW)).toBe(expected);
    expect(hasRecentStepUp(new Date(lastMfaAt), NOW)).toBe(expected);
  });

  it("fails closed without a valid time", () => {
    expect(hasRecentStepUp(null, NOW)).toBe(false);
    expect(hasRecentStepUp(undefined, NOW)).toBe(false);
    expect(hasRecentStepUp(new Date(Number.NaN), NOW)).toBe(false);
    expect(hasRecentStepUp(Number.NaN, NOW)).toBe(false);
    expect(hasRecentStepUp(NOW, Number.NaN)).toBe(false);
  });
});

describe("the configured window (STEP_UP_WINDOW_SECONDS)", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    resetEnvCacheForTests();
  });

  it("is 5 minutes unless configured shorter", () => {
    expect(stepUpWindowMs()).toBe(STEP_UP_WINDOW_MS);
    vi.stubEnv("STEP_UP_WINDOW_SECONDS", "60");
    resetEnvCacheForTests();
    expect(stepUpWindowMs()).toBe(60_000);
    expect(hasRecentStepUp(NOW - 59_000, NOW)).toBe(true);
    expect(hasRecentStepUp(NOW - 61_000, NOW)).toBe(false);
    expect(stepUpStatus("orders:reveal-pii", NOW - 61_000, NOW)).toBe("required");
  });

  it("an explicit window is honoured but never beyond 5 minutes", () => {
    expect(hasRecentStepUp(NOW - 40_000, NOW, STEP_UP_MIN_WINDOW_MS)).toBe(false);
    expect(hasRecentStepUp(NOW - 20_000, NOW, STEP_UP_MIN_WINDOW_MS)).toBe(true);
    expect(hasRecentStepUp(NOW - 600_000, NOW, 3_600_000)).toBe(false);
    expect(hasRecentStepUp(NOW, NOW, Number.NaN)).toBe(false);
  });
});

describe("stepUpPermissions", () => {
  it("lists exactly the sensitive permissions (A3: PII reveal, role changes, deactivation, keys, backups)", () => {
    expect(stepUpPermissions).toEqual([
      "orders:reveal-pii",
      "amazon:connect",
      "amazon:disconnect",
      "team:manage",
      "sellers:manage",
      "operators:invite",
      "users:change-role",
      "users:deactivate",
      "users:reset-mfa",
      "audit:export",
      "keys:manage",
      "backups:manage",
      "settings:manage",
    ]);
  });

  it("keeps everyday permissions free of step-up", () => {
    for (const permission of ["seller:view", "orders:view", "admin:access", "account:manage-self", "sessions:revoke-any"] as const) {
      expect(permissionRequiresStepUp(permission), permission).toBe(false);
    }
    expect(stepUpPermissions.every((permission) => PERMISSIONS.includes(permission))).toBe(true);
  });

  it("stepUpStatus combines both", () => {
    expect(stepUpStatus("orders:view", null, NOW)).toBe("not-required");
    expect(stepUpStatus("orders:reveal-pii", null, NOW)).toBe("required");
    expect(stepUpStatus("orders:reveal-pii", NOW - 60_000, NOW)).toBe("satisfied");
    expect(stepUpStatus("keys:manage", NOW - STEP_UP_WINDOW_MS - 1, NOW)).toBe("required");
  });
});

// Factories for integration tests (*.int.test.ts): organizations, users
// (with a password hashed by a deliberately LOW-cost argon2id, so tests stay
// fast; verifyPassword reads the cost from the hash) and sessions. Every row
// gets unique values, so tests can share one database without colliding.
import { randomUUID } from "node:crypto";
import type { Actor } from "../lib/auth/actor";
import { createOpaqueToken } from "../lib/auth/tokens";
import { hashPassword } from "../lib/auth/password/hashing";
import type { PrismaClient } from "../lib/db/generated/client";
import type { Role } from "../lib/rbac/roles";

/** Far below production cost (lib/auth/password/hashing.ts ARGON2_PARAMS): for tests only. */
const TEST_ARGON2_PARAMS = Object.freeze({ memoryCost: 1024, timeCost: 1, parallelism: 1 });
export const DEFAULT_TEST_PASSWORD = "correct horse battery staple 42!";

const DAY_MS = 24 * 60 * 60 * 1000;

export function uniqueEmail(prefix = "user"): string {
  return `${prefix}-${randomUUID().slice(0, 12)}@example.test`;
}

export async function hashTestPassword(password: string): Promise<string> {
  return hashPassword(password, TEST_ARGON2_PARAMS);
}

export async function createOrganization(db: PrismaClient, overrides: { legalName?: string } = {}) {
  return db.organization.create({
    data: { legalName: overrides.legalName ?? `Test Seller ${randomUUID().slice(0, 8)} GmbH`, countryCode: "DE" },
  });
}

export interface TestUserInput {
  role: Role;
  organizationId?: string | null;
  email?: string;
  displayName?: string;
  status?: "INVITED" | "ACTIVE" | "DEACTIVATED";
  /** Plain password to hash; null for no password. Default DEFAULT_TEST_PASSWORD. */
  password?: string | null;
  /** Default true: MFA enrolled (with a placeholder ciphertext: tests here never verify TOTP). */
  mfaEnrolled?: boolean;
  /** Default: 30 days ago, past the minimum password age. */
  passwordChangedAt?: Date;
}

export async function createUser(db: PrismaClient, input: TestUserInput) {
  const kind = input.role.startsWith("OPERATOR_") ? "OPERATOR" : "SELLER";
  const mfaEnrolled = input.mfaEnrolled ?? true;
  const password = input.password === undefined ? DEFAULT_TEST_PASSWORD : input.password;
  const passwordHash = password === null ? null : await hashTestPassword(password);
  const now = Date.now();
  const user = await db.user.create({
    data: {
      email: input.email ?? uniqueEmail(kind.toLowerCase()),
      displayName: input.displayName ?? `Test ${input.role.toLowerCase().replace(/_/g, " ")}`,
      kind,
      role: input.role,
      status: input.status ?? "ACTIVE",
      organizationId: kind === "SELLER" ? (input.organizationId ?? null) : null,
      passwordHash,
      passwordChangedAt: passwordHash ? (input.passwordChangedAt ?? new Date(now - 30 * DAY_MS)) : null,
      emailVerifiedAt: new Date(now - 30 * DAY_MS),
      totpSecretCiphertext: mfaEnrolled ? "test-placeholder-not-a-real-ciphertext" : null,
      totpLastUsedStep: mfaEnrolled ? BigInt(1) : null,
      mfaEnrolledAt: mfaEnrolled ? new Date(now - 30 * DAY_MS) : null,
    },
  });
  if (passwordHash) await db.passwordHistoryEntry.create({ data: { userId: user.id, passwordHash } });
  return user;
}

export async function createTestSession(
  db: PrismaClient,
  userId: string,
  overrides: { mfaVerifiedAt?: Date | null; userAgent?: string; ipAddress?: string; expiresAt?: Date } = {},
) {
  const now = Date.now();
  // Like createSession: the row keeps the hash; the test gets the token (what a cookie would carry).
  const { token, tokenHash } = createOpaqueToken();
  const session = await db.session.create({
    data: {
      tokenHash,
      userId,
      expiresAt: overrides.expiresAt ?? new Date(now + 8 * 60 * 60 * 1000),
      mfaVerifiedAt: overrides.mfaVerifiedAt === undefined ? new Date(now) : overrides.mfaVerifiedAt,
      userAgent: overrides.userAgent ?? "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
      ipAddress: overrides.ipAddress ?? "192.0.2.10",
    },
  });
  return { ...session, token };
}

/** A user with a live session, and the Actor that session resolves to. */
export async function createSignedInUser(db: PrismaClient, input: TestUserInput & { mfaVerifiedAt?: Date | null }) {
  const user = await createUser(db, input);
  const session = await createTestSession(db, user.id, { mfaVerifiedAt: input.mfaVerifiedAt });
  const actor: Actor = {
    userId: user.id,
    sessionId: session.id,
    email: user.email,
    displayName: user.displayName,
    kind: user.kind,
    role: user.role,
    organizationId: user.organizationId,
    mfaVerifiedAt: session.mfaVerifiedAt,
  };
  return { user, session, actor };
}

/** A request for the audit trail with a unique id, so a test can find exactly its own audit rows. */
export function testRequest(): { ipAddress: string; userAgent: string; requestId: string } {
  return { ipAddress: "198.51.100.7", userAgent: "vitest", requestId: `test-${randomUUID()}` };
}

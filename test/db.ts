// Helpers for integration tests (*.int.test.ts) on the run's database, which
// test/integration-global-setup.ts created and migrated.
//
// The embedded database is ONE PostgreSQL session: use one connection at a
// time (the Prisma client below has a pool of DATABASE_POOL_MAX, 1 there) and
// call disconnectTestPrisma() in afterAll.
import { inject } from "vitest";
import type { PrismaClient } from "../lib/db/generated/client";
import { createPrismaClient } from "../lib/db/prisma-factory";

export { createScratchDatabase, findFreePort, type ThrowawayDatabase } from "./db-servers";

export function testDatabaseUrl(): string {
  return process.env.DATABASE_URL || inject("databaseUrl");
}

export function testDatabaseKind(): "postgresql" | "embedded" {
  return process.env.TEST_DATABASE_URL ? "postgresql" : "embedded";
}

let prisma: PrismaClient | undefined;

/** This test file's Prisma client on the test database (through @prisma/adapter-pg, as in the app). */
export function getTestPrisma(): PrismaClient {
  prisma ??= createPrismaClient(testDatabaseUrl(), Number(process.env.DATABASE_POOL_MAX) || 1);
  return prisma;
}

export async function disconnectTestPrisma(): Promise<void> {
  await prisma?.$disconnect();
  prisma = undefined;
}

// audit_events is append-only by trigger (A5/L2), even for tests: it is NOT
// truncated here. Tests that count audit rows should filter by something they
// created (a request id, an actor) instead of counting the whole table.
/**
 * Empties the tables tests write to, except audit_events (see above).
 * Organizations referenced by audit rows cannot be deleted (FK RESTRICT):
 * those rows stay, so give each test its own organization.
 */
export async function resetDatabase(): Promise<void> {
  const client = getTestPrisma();
  await client.$executeRawUnsafe(`DELETE FROM "sessions"`);
  await client.$executeRawUnsafe(`DELETE FROM "users"`);
  await client.$executeRawUnsafe(
    `DELETE FROM "organizations" o WHERE NOT EXISTS (SELECT 1 FROM "audit_events" a WHERE a."organization_id" = o."id")`,
  );
}

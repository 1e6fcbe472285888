// Helpers for integration tests (*.int.test.ts) on the run's database, which
// test/integration-global-setup.ts created and migrated.
//
// The embedded database is ONE PostgreSQL session: use one connection at a
// time (the Prisma client below has a pool of DATABASE_POOL_MAX, 1 there) and
// call disconnectTestPrisma() in afterAll.
import { inject } from "vitest";
import type { Prisma, PrismaClient } from "../lib/db/generated/client";
import { createPrismaClient } from "../lib/db/prisma-factory";

export { createScratchDatabase, findFreePort, type ThrowawayDatabase } from "./db-servers";

export function testDatabaseUrl(): string {
  return process.env.DATABASE_URL || inject("databaseUrl");
}

export function testDatabaseKind(): "postgresql" | "embedded" {
  return process.env.TEST_DATABASE_URL ? "postgresql" : "embedded";
}

let prisma: PrismaClient | undefined;
let superuserPrisma: PrismaClient | undefined;

/**
 * This test file's Prisma client on the test database (through
 * @prisma/adapter-pg, as in the app), with the portal's own least-privileged
 * role: it cannot UPDATE or DELETE audit rows, alter tables or disable triggers.
 */
export function getTestPrisma(): PrismaClient {
  prisma ??= createPrismaClient(testDatabaseUrl(), Number(process.env.DATABASE_POOL_MAX) || 1);
  return prisma;
}

export async function disconnectTestPrisma(): Promise<void> {
  await prisma?.$disconnect();
  prisma = undefined;
  await superuserPrisma?.$disconnect();
  superuserPrisma = undefined;
}

/**
 * Runs `work` in a transaction as the database's owner/superuser: for tests
 * that play a hostile database superuser (tampering with the audit log,
 * disabling triggers) or that must see what the portal's role cannot.
 * PostgreSQL: a separate connection as the admin role. Embedded: the same
 * single session, switched with SET LOCAL ROLE (undone when the transaction ends).
 */
export async function asDatabaseSuperuser<T>(work: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
  if (testDatabaseKind() === "postgresql") {
    superuserPrisma ??= createPrismaClient(inject("adminDatabaseUrl"), 2, { role: "session" });
    return superuserPrisma.$transaction(work, { timeout: 60_000 });
  }
  return getTestPrisma().$transaction(
    async (tx) => {
      // Back to the login role (the embedded server's superuser) until this transaction ends.
      await tx.$executeRawUnsafe(`SET LOCAL ROLE NONE`);
      return work(tx);
    },
    { timeout: 60_000 },
  );
}

class RolledBack extends Error {}

/**
 * Runs `body` in a transaction that is always rolled back: a test may empty
 * whole tables (alerts, incidents) to measure exactly what it seeds, and
 * leaves nothing behind for the files that run after it.
 */
export async function inRolledBackTransaction(body: (tx: Prisma.TransactionClient) => Promise<void>): Promise<void> {
  let completed = false;
  try {
    await getTestPrisma().$transaction(
      async (tx) => {
        await body(tx);
        completed = true;
        throw new RolledBack("rollback");
      },
      { timeout: 60_000, maxWait: 30_000 },
    );
  } catch (error) {
    if (!(error instanceof RolledBack)) throw error;
  }
  if (!completed) throw new Error("inRolledBackTransaction: the body did not complete");
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

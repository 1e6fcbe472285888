// Server-side only. No "server-only" import: scripts (seed, start) and tests
// build clients here under tsx/vitest. The app itself uses lib/db/client.ts.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/db/generated/client";

/**
 * A Prisma client on the pg driver adapter: the same code path for PostgreSQL
 * in production and for the embedded PGlite server on loopback.
 */
export function createPrismaClient(connectionString: string, poolMax: number): PrismaClient {
  const adapter = new PrismaPg({
    connectionString,
    max: poolMax,
    // With a single connection (the embedded server accepts exactly one),
    // keep it open rather than closing it when idle and racing a reconnect.
    idleTimeoutMillis: poolMax === 1 ? 0 : 10_000,
  });
  return new PrismaClient({
    adapter,
    // Prisma's defaults (wait 2 s for a connection, 5 s per transaction) fail
    // interactive transactions queued behind each other on a small pool (the
    // embedded database has one connection) under a burst of requests.
    transactionOptions: { maxWait: 10_000, timeout: 15_000 },
  });
}

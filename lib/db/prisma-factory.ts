// Server-side only. No "server-only" import: scripts (seed, start) and tests
// build clients here under tsx/vitest. The app itself uses lib/db/client.ts.
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "@/lib/db/generated/client";

/** The group role whose grants the running portal uses (prisma/migrations/20261202200000_database_roles). */
export const APP_DATABASE_ROLE = "firefeed_app";

/**
 * Run on every new connection: switch to the portal's group role, so the
 * portal uses exactly its grants even when its login role could do more (a
 * login that is also a member of the owner role, or the embedded database,
 * whose only session is a superuser's: there this catches mistakes, it is not
 * a boundary; see README "Database roles"). Skipped only while the role does
 * not exist yet, i.e. before the first migration (then there is no data).
 */
const SWITCH_TO_APP_ROLE_SQL = `SELECT pg_catalog.set_config('role', '${APP_DATABASE_ROLE}', false)
  WHERE EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = '${APP_DATABASE_ROLE}')`;

export interface PrismaClientOptions {
  /**
   * "app" (default): the portal's least-privileged role, as above. "session":
   * whatever role the URL logs in as: only for tools that must act as the
   * owner (tests of migrations, the hostile-superuser tests).
   */
  role?: "app" | "session";
}

/**
 * A pg client that switches to the portal's role as part of connecting, so a
 * pool never hands out a connection that has not switched, and a failed switch
 * fails the connection (fail closed).
 */
class AppRoleClient extends pg.Client {
  override connect(): Promise<pg.Client>;
  override connect(callback: ((err: Error) => void) | ((err: null, client: pg.Client) => void)): void;
  override connect(callback?: ((err: Error) => void) | ((err: null, client: pg.Client) => void)): Promise<pg.Client> | void {
    const connected = super.connect().then(async () => {
      await this.query(SWITCH_TO_APP_ROLE_SQL);
      return this;
    });
    if (!callback) return connected;
    const done = callback as (err: Error | null, client?: pg.Client) => void;
    connected.then(
      (client) => done(null, client),
      (error: Error) => {
        void this.end().catch(() => undefined);
        done(error);
      },
    );
  }
}

/**
 * A Prisma client on the pg driver adapter: the same code path for PostgreSQL
 * in production and for the embedded PGlite server on loopback.
 */
export function createPrismaClient(connectionString: string, poolMax: number, options: PrismaClientOptions = {}): PrismaClient {
  const config: pg.PoolConfig = {
    connectionString,
    max: poolMax,
    // With a single connection (the embedded server accepts exactly one),
    // keep it open rather than closing it when idle and racing a reconnect.
    idleTimeoutMillis: poolMax === 1 ? 0 : 10_000,
    ...((options.role ?? "app") === "app" ? { Client: AppRoleClient } : {}),
  };
  const adapter = new PrismaPg(config);
  return new PrismaClient({
    adapter,
    // Prisma's defaults (wait 2 s for a connection, 5 s per transaction) fail
    // interactive transactions queued behind each other on a small pool (the
    // embedded database has one connection) under a burst of requests.
    transactionOptions: { maxWait: 10_000, timeout: 15_000 },
  });
}

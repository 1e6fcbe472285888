import "server-only";

import path from "node:path";
import { getPrisma } from "@/lib/db/client";
import { getMigrationStatus, type MigrationQueryable } from "@/lib/db/migrate";

export type HealthReport =
  | { status: "ok"; checks: { database: "ok"; migrations: "ok" } }
  | { status: "unavailable"; checks: { database: "ok" | "unreachable"; migrations: "ok" | "pending" | "unknown" } };

// A load balancer probing a hung database should get an answer, not a hang.
const CHECK_TIMEOUT_MS = 3_000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("health check timed out")), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Database reachable and every migration on disk applied (none failed).
 * Deliberately says nothing else: no versions, hosts or error text (they help
 * an attacker more than an operator, who has the logs).
 */
export async function evaluateHealth(
  database: MigrationQueryable,
  migrationsDir = path.join(process.cwd(), "prisma/migrations"),
): Promise<HealthReport> {
  try {
    await withTimeout(database.query("SELECT 1"), CHECK_TIMEOUT_MS);
  } catch {
    return { status: "unavailable", checks: { database: "unreachable", migrations: "unknown" } };
  }
  try {
    const migrations = await withTimeout(getMigrationStatus(database, { migrationsDir }), CHECK_TIMEOUT_MS);
    if (migrations.pending.length > 0 || migrations.failed.length > 0) {
      return { status: "unavailable", checks: { database: "ok", migrations: "pending" } };
    }
  } catch {
    return { status: "unavailable", checks: { database: "ok", migrations: "unknown" } };
  }
  return { status: "ok", checks: { database: "ok", migrations: "ok" } };
}

/** Adapts a Prisma client to the small query interface the checks need (same pool as the app). */
export function prismaQueryable(prisma: { $queryRawUnsafe<T = unknown>(sql: string): Promise<T> }): MigrationQueryable {
  return { query: async (sql) => ({ rows: await prisma.$queryRawUnsafe<Record<string, unknown>[]>(sql) }) };
}

export async function getHealth(): Promise<HealthReport> {
  let database: MigrationQueryable;
  try {
    database = prismaQueryable(getPrisma());
  } catch {
    return { status: "unavailable", checks: { database: "unreachable", migrations: "unknown" } };
  }
  return evaluateHealth(database);
}

import "server-only";

import { createPrismaClient } from "@/lib/db/prisma-factory";
import { getEnv } from "@/lib/env";
import type { Db } from "@/lib/db/db";

// One client (one pool) per process. In development Next re-evaluates modules
// on every change; caching on globalThis keeps hot reloads from opening pools.
const globalForPrisma = globalThis as unknown as { firefeedPrisma?: Db };

/**
 * The app's Prisma client. DATABASE_URL and DATABASE_POOL_MAX were validated at
 * start-up by lib/env.ts; npm start sets both for the embedded database
 * (pool max 1: the embedded server has a single session).
 */
export function getPrisma(): Db {
  if (globalForPrisma.firefeedPrisma) return globalForPrisma.firefeedPrisma;
  const env = getEnv();
  if (!env.DATABASE_URL) {
    throw new Error(
      "DATABASE_URL is not set. Start the portal with `npm start` (it starts the embedded database and sets DATABASE_URL), or set DATABASE_URL.",
    );
  }
  const client = createPrismaClient(env.DATABASE_URL, env.DATABASE_POOL_MAX);
  globalForPrisma.firefeedPrisma = client;
  return client;
}

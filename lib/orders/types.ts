// Server-side only (no "server-only" import: the sync, retention CLI and vitest load lib/orders outside Next).
// Shared shapes of the orders domain.
import type { PrismaClient } from "@/lib/db/generated/client";

/** The database handle every lib/orders function takes (the app's client or a test's). */
export type OrdersDb = PrismaClient;


// Server-side only (no "server-only" import: the sync, retention CLI and vitest load lib/orders outside Next).
// Shared shapes of the orders domain.
import type { PrismaClient } from "@/lib/db/generated/client";

/** The database handle every lib/orders function takes (the app's client or a test's). */
export type OrdersDb = PrismaClient;

/** Who/where for the audit trail; the same shape as defineAction's ActionRequest. */
export interface AuditRequest {
  ipAddress: string | null;
  userAgent: string | null;
  requestId: string | null;
}

export const NO_REQUEST: AuditRequest = Object.freeze({ ipAddress: null, userAgent: null, requestId: null });

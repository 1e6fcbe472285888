// Server-side only (no "server-only" import: the scheduler and the bench load it outside Next).
//
// Incremental order sync (issue 4). One run per connection at a time, held by
// a LEASE on the amazon_connections row (a conditional UPDATE: a database
// lock that works across processes and instances, not a process flag). A
// crashed holder's lease simply expires.
//
// Crash safety: after EVERY page, one transaction renews the lease (first, so
// a concurrent disconnect serializes with it), upserts the page idempotently
// by (organization, Amazon order id) and stores the run's progress, including
// the next page token and the window end. A crash therefore loses at most the
// page in flight; the next run finds the RUNNING run whose lease expired and
// continues from its stored token. If Amazon (or the fake) no longer accepts
// that token, the SAME window [window_start, window_end] is re-read from the
// start: the upsert is idempotent, so no duplicates, and nothing in the window
// is skipped, so no gaps. The watermark moves to window_end only when the
// last page is committed.
import { hostname } from "node:os";
import { randomUUID } from "node:crypto";
import type { Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { getEnv } from "@/lib/env";
import { getLogger } from "@/lib/log";
import { hasPermission } from "@/lib/rbac/roles";
import {
  LwaError,
  LwaInvalidClientError,
  SpApiQuotaExceededError,
  SpApiServerError,
  SpApiValidationError,
  isRevocationError,
} from "@/lib/spapi/errors";
import type { OrdersSource, SearchOrdersPage } from "@/lib/spapi/orders";
import {
  ordersSourceForConnection,
  type AmazonConnectionCredentials,
  type RevocationHook,
} from "@/lib/amazon/connection-client";
import { deleteAmazonDataForConnection } from "@/lib/amazon/disconnect";
import { upsertOrders } from "./order-encryption";
import { NO_REQUEST } from "@/lib/http/request-context";
import type { Db } from "@/lib/db/db";
import type { RequestContext } from "@/lib/http/request-context";

export type SyncTriggerKind = "MANUAL" | "SCHEDULED";

/** What createOrdersSource gets: the connection (refresh token still encrypted) and a revocation hook. */
export interface SyncConnection extends AmazonConnectionCredentials {
  organizationId: string;
  marketplaceIds: string[];
}

export interface SyncDeps {
  createOrdersSource: (connection: SyncConnection, hooks: { onRevoked: RevocationHook }) => OrdersSource | Promise<OrdersSource>;
  now?: () => Date;
  /** Who holds the lease (instance id + pid); default derived from the process. */
  leaseOwner?: string;
  /** Lease length, renewed after every page. Default 2 minutes. */
  leaseMs?: number;
}

export type SyncOutcome =
  | { status: "SUCCEEDED"; runId: string; pagesFetched: number; ordersUpserted: number; ordersAdded: number; resumed: boolean }
  | { status: "FAILED"; runId: string; error: string; resumed: boolean }
  | { status: "REVOKED"; runId: string }
  | { status: "ALREADY_RUNNING" }
  | { status: "NOT_SYNCABLE"; reason: "not-found" | "not-active" };

export type RequestSyncResult =
  | { ok: true; runId: string; alreadyRunning?: false }
  | { ok: true; alreadyRunning: true }
  | { ok: false; error: string };

export interface SyncRunSummary {
  id: string;
  trigger: SyncTriggerKind;
  status: "RUNNING" | "SUCCEEDED" | "FAILED";
  startedAt: Date;
  finishedAt: Date | null;
  pagesFetched: number;
  ordersUpserted: number;
  /** Of ordersUpserted, the orders that were new. */
  ordersAdded: number;
  error: string | null;
}

export interface SyncStatus {
  connection: {
    id: string;
    status: "ACTIVE" | "REVOKED" | "DISCONNECTED";
    region: "NA" | "EU" | "FE";
    sellingPartnerId: string;
    lastSyncAt: Date | null;
    nextSyncAt: Date | null;
    lastError: string | null;
  } | null;
  currentRun?: { id: string; startedAt: Date; pagesFetched: number; ordersUpserted: number; ordersAdded: number };
  recentRuns: SyncRunSummary[];
}

const DAY_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_LEASE_MS = 2 * 60_000;
/** The first sync of a connection reads this far back. */
export const INITIAL_SYNC_LOOKBACK_MS = 30 * DAY_MS;

/** The process-wide default lease owner: stable for this process, unique across instances. */
export const PROCESS_LEASE_OWNER = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

class LeaseLostError extends Error {
  override readonly name = "LeaseLostError";
}

/** A message safe for the seller, operators and the database: never PII, tokens or API bodies. */
export function userSafeSyncError(error: unknown): string {
  if (error instanceof SpApiQuotaExceededError) return "Amazon is limiting requests right now. The sync will try again at the next scheduled time.";
  if (error instanceof SpApiServerError) return "Amazon's service did not respond properly. The sync will try again at the next scheduled time.";
  // Our own client id or secret is wrong (e.g. not rotated in time): FireFeed's problem, not the
  // seller's. Never a revocation: the connection and its data stay (lib/spapi/errors.ts).
  if (error instanceof LwaInvalidClientError) {
    return "FireFeed's connection to Amazon is misconfigured on our side. Your data is kept; the sync will try again, and our team has been alerted.";
  }
  if (error instanceof LwaError) return "Amazon did not accept our sign-in for your account. If this continues, connect your Amazon account again.";
  if (error instanceof LeaseLostError) return "The sync was interrupted and will continue automatically.";
  return "The sync failed unexpectedly. It will try again at the next scheduled time; contact support if this continues.";
}

interface StartedRun {
  runId: string;
  resumed: boolean;
  connection: SyncConnection;
}

type BeginResult = StartedRun | { status: "ALREADY_RUNNING" } | { status: "NOT_SYNCABLE"; reason: "not-found" | "not-active" };

interface ResolvedDeps {
  createOrdersSource: SyncDeps["createOrdersSource"];
  now: () => Date;
  leaseOwner: string;
  leaseMs: number;
}

function resolveDeps(deps: SyncDeps): ResolvedDeps {
  return {
    createOrdersSource: deps.createOrdersSource,
    now: deps.now ?? (() => new Date()),
    leaseOwner: deps.leaseOwner ?? PROCESS_LEASE_OWNER,
    leaseMs: deps.leaseMs ?? DEFAULT_LEASE_MS,
  };
}

/**
 * Phase 1: take the lease (conditional UPDATE), then resume the connection's
 * crashed RUNNING run or start a new one. Returns at once; no Amazon call yet.
 */
async function beginSync(
  db: Db,
  input: { connectionId: string; trigger: SyncTriggerKind; organizationId?: string },
  deps: ResolvedDeps,
  audit: { actorUserId: string | null; request: RequestContext },
): Promise<BeginResult> {
  const now = deps.now();
  const connection = await db.amazonConnection.findFirst({
    where: { id: input.connectionId, ...(input.organizationId ? { organizationId: input.organizationId } : {}) },
    include: { organization: { select: { marketplaceIds: true } } },
  });
  if (!connection) return { status: "NOT_SYNCABLE", reason: "not-found" };
  if (connection.status !== "ACTIVE") return { status: "NOT_SYNCABLE", reason: "not-active" };

  const claimed = await db.amazonConnection.updateMany({
    where: {
      id: connection.id,
      status: "ACTIVE",
      OR: [{ syncLeaseUntil: null }, { syncLeaseUntil: { lt: now } }],
    },
    data: { syncLeaseOwner: deps.leaseOwner, syncLeaseUntil: new Date(now.getTime() + deps.leaseMs) },
  });
  if (claimed.count === 0) return { status: "ALREADY_RUNNING" };

  const started = await db.$transaction(async (tx) => {
    // We hold the lease, so any RUNNING run of this connection belongs to a holder that crashed.
    const crashed = await tx.syncRun.findFirst({
      where: { connectionId: connection.id, status: "RUNNING" },
      orderBy: { startedAt: "desc" },
    });
    let runId: string;
    if (crashed) {
      await tx.syncRun.update({ where: { id: crashed.id }, data: { heartbeatAt: now } });
      runId = crashed.id;
    } else {
      const run = await tx.syncRun.create({
        data: {
          organizationId: connection.organizationId,
          connectionId: connection.id,
          trigger: input.trigger,
          status: "RUNNING",
          startedAt: now,
          heartbeatAt: now,
          windowStart: connection.syncWatermark ?? new Date(now.getTime() - INITIAL_SYNC_LOOKBACK_MS),
        },
      });
      runId = run.id;
    }
    await recordAudit(tx, {
      action: "orders.sync_started",
      result: "SUCCESS",
      actorUserId: audit.actorUserId,
      actorLabel: audit.actorUserId ? null : "scheduler",
      organizationId: connection.organizationId,
      targetType: "sync_run",
      targetId: runId,
      ipAddress: audit.request.ipAddress,
      userAgent: audit.request.userAgent,
      requestId: audit.request.requestId,
      details: { connectionId: connection.id, trigger: input.trigger, resumed: Boolean(crashed) },
    });
    return { runId, resumed: Boolean(crashed) };
  });

  return {
    ...started,
    connection: {
      id: connection.id,
      organizationId: connection.organizationId,
      region: connection.region,
      sellingPartnerId: connection.sellingPartnerId,
      refreshTokenCiphertext: connection.refreshTokenCiphertext,
      ordersApiVersion: connection.ordersApiVersion,
      marketplaceIds: connection.organization.marketplaceIds,
    },
  };
}

/** Renews the lease if we still hold it on an ACTIVE connection; first statement of every page transaction. */
async function renewLease(tx: Parameters<Parameters<Db["$transaction"]>[0]>[0], connectionId: string, deps: ResolvedDeps, now: Date) {
  const renewed = await tx.amazonConnection.updateMany({
    where: { id: connectionId, status: "ACTIVE", syncLeaseOwner: deps.leaseOwner },
    data: { syncLeaseUntil: new Date(now.getTime() + deps.leaseMs) },
  });
  if (renewed.count === 0) throw new LeaseLostError("sync lease lost");
}

/** Phase 2: page through Amazon, committing each page with the run's progress; then finish or fail. */
async function continueSync(db: Db, started: StartedRun, deps: ResolvedDeps): Promise<SyncOutcome> {
  const { runId, resumed, connection } = started;
  let revokedReason: string | null = null;
  try {
    const source = await deps.createOrdersSource(connection, {
      onRevoked: (reason) => {
        revokedReason = reason;
      },
    });
    const run = await db.syncRun.findUniqueOrThrow({ where: { id: runId } });
    let pageToken = run.nextPageToken ?? undefined;
    // Same text as the first request sent (whole seconds, no ".000"): Amazon wants the filters repeated exactly.
    let windowEnd = run.windowEnd ? run.windowEnd.toISOString().replace(/\.000Z$/, "Z") : undefined;
    let pagesFetched = run.pagesFetched;
    let ordersUpserted = run.ordersUpserted;
    let ordersAdded = run.ordersAdded;
    let restartedWindow = false;

    for (;;) {
      let page: SearchOrdersPage;
      try {
        page = await source.searchOrdersUpdatedSince({
          sellerId: connection.sellingPartnerId,
          marketplaceIds: connection.marketplaceIds,
          lastUpdatedAfter: run.windowStart.toISOString(),
          lastUpdatedBefore: windowEnd,
          pageToken,
        });
      } catch (error) {
        // A stored token from before a crash may have expired (24 h) or been
        // single-use: re-read the same window from its start (see top comment).
        if (pageToken && !restartedWindow && error instanceof SpApiValidationError) {
          getLogger().info({ runId, operation: error.operation }, "sync resume: page token refused, re-reading the window");
          restartedWindow = true;
          pageToken = undefined;
          continue;
        }
        throw error;
      }
      windowEnd ??= page.lastUpdatedBefore;
      const now = deps.now();
      const committedWindowEnd = windowEnd;
      const upserted = await db.$transaction(async (tx) => {
        await renewLease(tx, connection.id, deps, now);
        const count = await upsertOrders(tx, { organizationId: connection.organizationId, connectionId: connection.id }, page.orders);
        await tx.syncRun.update({
          where: { id: runId },
          data: {
            pagesFetched: { increment: 1 },
            ordersUpserted: { increment: count.upserted },
            ordersAdded: { increment: count.added },
            nextPageToken: page.nextPageToken ?? null,
            windowEnd: new Date(committedWindowEnd),
            heartbeatAt: now,
          },
        });
        return count;
      }, { timeout: 60_000 });
      pagesFetched += 1;
      ordersUpserted += upserted.upserted;
      ordersAdded += upserted.added;
      if (!page.nextPageToken) break;
      pageToken = page.nextPageToken;
    }

    const finishedAt = deps.now();
    const intervalMs = getEnv().SYNC_INTERVAL_MINUTES * 60_000;
    await db.$transaction(async (tx) => {
      await renewLease(tx, connection.id, deps, finishedAt);
      await tx.amazonConnection.update({
        where: { id: connection.id },
        data: {
          syncWatermark: windowEnd ? new Date(windowEnd) : undefined,
          lastSyncAt: finishedAt,
          lastSyncStatus: "SUCCEEDED",
          lastError: null,
          lastErrorAt: null,
          nextSyncAt: new Date(finishedAt.getTime() + intervalMs),
          syncLeaseOwner: null,
          syncLeaseUntil: null,
        },
      });
      await tx.syncRun.update({
        where: { id: runId },
        data: { status: "SUCCEEDED", finishedAt, nextPageToken: null, heartbeatAt: finishedAt },
      });
      await recordAudit(tx, {
        action: "orders.sync_completed",
        result: "SUCCESS",
        actorLabel: "sync",
        organizationId: connection.organizationId,
        targetType: "sync_run",
        targetId: runId,
        details: { connectionId: connection.id, pagesFetched, ordersUpserted, ordersAdded, resumed },
      });
    });
    return { status: "SUCCEEDED", runId, pagesFetched, ordersUpserted, ordersAdded, resumed };
  } catch (error) {
    if (revokedReason !== null || isRevocationError(error)) {
      await db.$transaction(async (tx) => {
        const current = await tx.amazonConnection.findUnique({ where: { id: connection.id } });
        if (current?.status === "ACTIVE") await deleteAmazonDataForConnection(tx, connection, "amazon_revoked", null);
      });
      getLogger().warn({ runId, connectionId: connection.id }, "sync stopped: Amazon authorization revoked; connection data deleted");
      return { status: "REVOKED", runId };
    }
    const message = userSafeSyncError(error);
    // Log the class and operation only: SP-API messages never carry PII, but bodies might.
    getLogger().error(
      { runId, connectionId: connection.id, errorName: error instanceof Error ? error.name : typeof error, ...(error instanceof Error && "operation" in error ? { operation: String(error.operation) } : {}) },
      "order sync failed",
    );
    if (error instanceof LeaseLostError) return { status: "FAILED", runId, error: message, resumed };
    await markFailed(db, connection, runId, message, deps, error instanceof Error ? error.name : typeof error);
    return { status: "FAILED", runId, error: message, resumed };
  }
}

async function markFailed(db: Db, connection: SyncConnection, runId: string, message: string, deps: ResolvedDeps, errorClass: string): Promise<void> {
  const now = deps.now();
  const intervalMs = getEnv().SYNC_INTERVAL_MINUTES * 60_000;
  await db.$transaction(async (tx) => {
    // Only the lease holder records the failure: a stale holder must not overwrite a resumed run.
    const released = await tx.amazonConnection.updateMany({
      where: { id: connection.id, syncLeaseOwner: deps.leaseOwner },
      data: {
        lastSyncStatus: "FAILED",
        lastError: message,
        lastErrorAt: now,
        nextSyncAt: new Date(now.getTime() + intervalMs),
        syncLeaseOwner: null,
        syncLeaseUntil: null,
      },
    });
    if (released.count === 0) return;
    await tx.syncRun.updateMany({
      where: { id: runId, status: "RUNNING" },
      data: { status: "FAILED", error: message, finishedAt: now, heartbeatAt: now },
    });
    await recordAudit(tx, {
      action: "orders.sync_failed",
      result: "FAILURE",
      actorLabel: "sync",
      organizationId: connection.organizationId,
      targetType: "sync_run",
      targetId: runId,
      // The class (e.g. LwaInvalidClientError: our credentials) tells operators whose problem it is.
      details: { connectionId: connection.id, error: message, errorClass: errorClass.slice(0, 64) },
    });
  });
}

/** The production dependencies: the real SP-API client lib/amazon builds for the connection. */
export function defaultSyncDeps(): SyncDeps {
  return { createOrdersSource: ordersSourceForConnection };
}

/**
 * Runs one sync of a connection to its end (the scheduler, the CLI and tests
 * await this). Returns ALREADY_RUNNING when another holder has the lease.
 */
export async function runOrderSync(
  db: Db,
  input: { connectionId: string; trigger: SyncTriggerKind },
  deps: SyncDeps,
): Promise<SyncOutcome> {
  const resolved = resolveDeps(deps);
  const begun = await beginSync(db, input, resolved, { actorUserId: null, request: NO_REQUEST });
  if ("status" in begun) return begun;
  return continueSync(db, begun, resolved);
}

/**
 * sync:run ("Sync now"). Takes the lease and creates (or resumes) the run
 * now, then pages in the background of this process; the UI polls
 * getSyncStatus for progress. `deps` defaults to the real SP-API client.
 */
export async function requestSync(
  db: Db,
  actor: Actor,
  connectionId: string,
  request: RequestContext,
  deps?: SyncDeps,
): Promise<RequestSyncResult> {
  if (!actor.organizationId || !hasPermission(actor.role, "sync:run")) return { ok: false, error: "You do not have permission to do this." };
  const resolved = resolveDeps(deps ?? defaultSyncDeps());
  const begun = await beginSync(db, { connectionId, trigger: "MANUAL", organizationId: actor.organizationId }, resolved, {
    actorUserId: actor.userId,
    request,
  });
  if ("status" in begun) {
    if (begun.status === "ALREADY_RUNNING") return { ok: true, alreadyRunning: true };
    return {
      ok: false,
      error: begun.reason === "not-found" ? "This Amazon connection was not found." : "Connect your Amazon account before syncing.",
    };
  }
  void continueSync(db, begun, resolved).catch((error: unknown) => {
    getLogger().error({ runId: begun.runId, errorName: error instanceof Error ? error.name : typeof error }, "background order sync crashed");
  });
  return { ok: true, runId: begun.runId };
}

/** Scoped to actor.organizationId; the connection shown is the organization's most recently connected one. */
export async function getSyncStatus(db: Db, actor: Actor): Promise<SyncStatus> {
  if (!actor.organizationId) return { connection: null, recentRuns: [] };
  const connection = await db.amazonConnection.findFirst({
    where: { organizationId: actor.organizationId },
    orderBy: { connectedAt: "desc" },
  });
  if (!connection) return { connection: null, recentRuns: [] };
  const runs = await db.syncRun.findMany({
    where: { organizationId: actor.organizationId, connectionId: connection.id },
    orderBy: { startedAt: "desc" },
    take: 10,
  });
  const running = runs.find((run) => run.status === "RUNNING");
  return {
    connection: {
      id: connection.id,
      status: connection.status,
      region: connection.region,
      sellingPartnerId: connection.sellingPartnerId,
      lastSyncAt: connection.lastSyncAt,
      nextSyncAt: connection.nextSyncAt,
      lastError: connection.lastError,
    },
    currentRun: running
      ? {
          id: running.id,
          startedAt: running.startedAt,
          pagesFetched: running.pagesFetched,
          ordersUpserted: running.ordersUpserted,
          ordersAdded: running.ordersAdded,
        }
      : undefined,
    recentRuns: runs.map((run) => ({
      id: run.id,
      trigger: run.trigger,
      status: run.status,
      startedAt: run.startedAt,
      finishedAt: run.finishedAt,
      pagesFetched: run.pagesFetched,
      ordersUpserted: run.ordersUpserted,
      ordersAdded: run.ordersAdded,
      error: run.error,
    })),
  };
}

// Server-side only. No "server-only" import: this module runs under tsx (npm
// start, npm run db:serve) and vitest, never inside Next's bundle.
//
// The embedded default database (docs/decisions/0003): PGlite (PostgreSQL in
// WASM) served over the PostgreSQL wire protocol on loopback, so the app uses
// @prisma/adapter-pg and DATABASE_URL exactly as in production.
//
// PGlite has no lock of its own and two processes on one data directory
// corrupt it silently, so we hold an exclusive lock file beside the directory
// for as long as the database is open.
/* eslint-disable security/detect-non-literal-fs-filename --
   Every path here derives from the data directory the operator configured
   (EMBEDDED_DB_DIR), never from request input. */
import { closeSync, mkdirSync, openSync, readFileSync, rmdirSync, unlinkSync, writeSync, statSync } from "node:fs";
import { hostname } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

export interface EmbeddedDatabaseOptions {
  dataDir: string;
  port: number;
  /** Loopback only (control N1): the embedded database is never reachable from the network. */
  host?: "127.0.0.1" | "::1" | "localhost";
  /**
   * Connections accepted at once (default 1). Every connection shares PGlite's
   * single session, so more than one is only for callers that never use two
   * at the same time (the test harness, where finished test files may leave
   * an idle connection behind).
   */
  maxConnections?: number;
}

export interface EmbeddedDatabase {
  /** postgresql:// URL without a password (the embedded server has none and listens on loopback only). */
  connectionString: string;
  dataDir: string;
  port: number;
  /** Closes the socket server, then PGlite, then releases the lock. Safe to call more than once. */
  stop(): Promise<void>;
}

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "::1", "localhost"]);

interface LockOwner {
  pid: number;
  hostname: string;
  /** Kernel start time of the owner process (Linux), so a recycled PID is not mistaken for the owner. */
  processStartTime: string | null;
  acquiredAt: string;
}

/** The second start on one data directory: carries a message meant for a person. */
export class EmbeddedDatabaseLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly ownerPid: number,
  ) {
    super(
      `Another FireFeed process (PID ${ownerPid}) is using the embedded database at ${dataDir}. ` +
        `Only one process may open it at a time, or its data is corrupted. ` +
        `Stop that process first (Ctrl-C in its terminal, or \`kill ${ownerPid}\`), ` +
        `or point this one at another directory with EMBEDDED_DB_DIR, or at PostgreSQL with DATABASE_URL.`,
    );
    this.name = "EmbeddedDatabaseLockedError";
  }
}

export function lockFilePathFor(dataDir: string): string {
  return `${path.resolve(dataDir)}.lock`;
}

function processStartTime(pid: number): string | null {
  try {
    // Field 22 of /proc/<pid>/stat; the command name (field 2) may contain spaces, so split after ")".
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] ?? null;
  } catch {
    return null;
  }
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readLockOwner(lockPath: string): LockOwner | null {
  try {
    const owner = JSON.parse(readFileSync(lockPath, "utf8")) as Partial<LockOwner>;
    if (typeof owner.pid !== "number" || typeof owner.hostname !== "string") return null;
    return {
      pid: owner.pid,
      hostname: owner.hostname,
      processStartTime: owner.processStartTime ?? null,
      acquiredAt: owner.acquiredAt ?? "",
    };
  } catch {
    return null;
  }
}

/** True when the owner recorded in the lock can no longer be holding it. */
function isLockStale(owner: LockOwner | null, lockPath: string): boolean {
  if (!owner) {
    // Unreadable: a process died between creating and writing the file, or one
    // is writing it right now. Only the former stays that way for long.
    try {
      return Date.now() - statSync(lockPath).mtimeMs > 5_000;
    } catch {
      return true;
    }
  }
  // On another host (a shared volume) we cannot tell: assume it is held.
  if (owner.hostname !== hostname()) return false;
  if (owner.pid === process.pid) return false;
  if (!isProcessAlive(owner.pid)) return true;
  const currentStart = processStartTime(owner.pid);
  return owner.processStartTime !== null && currentStart !== null && currentStart !== owner.processStartTime;
}

/**
 * Takes the lock with O_EXCL. A stale lock (its owner was killed with -9) is
 * removed under a second, short-lived mkdir lock so two starters cannot both
 * decide it is stale and then remove each other's fresh lock.
 */
function acquireDataDirLock(dataDir: string): () => void {
  const lockPath = lockFilePathFor(dataDir);
  const owner: LockOwner = {
    pid: process.pid,
    hostname: hostname(),
    processStartTime: processStartTime(process.pid),
    acquiredAt: new Date().toISOString(),
  };
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      const fd = openSync(lockPath, "wx", 0o600);
      try {
        writeSync(fd, JSON.stringify(owner));
      } finally {
        closeSync(fd);
      }
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.removeListener("exit", release);
        if (readLockOwner(lockPath)?.pid === process.pid) {
          try {
            unlinkSync(lockPath);
          } catch {
            // Already gone: nothing to release.
          }
        }
      };
      // A process that exits without stop() (an uncaught error) still frees the lock.
      process.on("exit", release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const current = readLockOwner(lockPath);
    if (!isLockStale(current, lockPath)) {
      throw new EmbeddedDatabaseLockedError(path.resolve(dataDir), current?.pid ?? 0);
    }
    breakStaleLock(lockPath, current);
  }
  throw new Error(`Could not take the lock ${lockPath} for the embedded database: it keeps changing hands.`);
}

function breakStaleLock(lockPath: string, staleOwner: LockOwner | null): void {
  const breakerPath = `${lockPath}.breaking`;
  try {
    mkdirSync(breakerPath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    // Someone else is breaking it; if that someone died doing so, clear the breaker.
    try {
      if (Date.now() - statSync(breakerPath).mtimeMs > 10_000) rmdirSync(breakerPath);
    } catch {
      // Gone already.
    }
    return;
  }
  try {
    const current = readLockOwner(lockPath);
    if (current?.pid === staleOwner?.pid && isLockStale(current, lockPath)) {
      unlinkSync(lockPath);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  } finally {
    rmdirSync(breakerPath);
  }
}

function describeListenError(error: unknown, host: string, port: number): Error {
  if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") {
    return new Error(
      `Port ${port} on ${host} is already in use, so the embedded database cannot listen there. ` +
        `Set EMBEDDED_DB_PORT to a free port, or stop whatever is using ${port}.`,
    );
  }
  return error instanceof Error ? error : new Error(String(error));
}

export async function startEmbeddedDatabase(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  const host = options.host ?? "127.0.0.1";
  if (!LOOPBACK_HOSTS.has(host)) {
    throw new Error(`The embedded database listens on loopback only (got ${host}).`);
  }
  const dataDir = path.resolve(options.dataDir);
  mkdirSync(path.dirname(dataDir), { recursive: true, mode: 0o700 });
  const releaseLock = acquireDataDirLock(dataDir);

  let db: PGlite | undefined;
  let server: PGLiteSocketServer | undefined;
  try {
    // Full durability (relaxedDurability off): a commit reaches the files
    // before it is acknowledged, so kill -9 loses nothing committed.
    db = await PGlite.create(dataDir);
    // One connection: PGlite is a single session, and a second client would
    // share it (its transactions would interleave). The app's pool is max 1.
    server = new PGLiteSocketServer({ db, host, port: options.port, maxConnections: options.maxConnections ?? 1 });
    try {
      await server.start();
    } catch (error) {
      throw describeListenError(error, host, options.port);
    }
  } catch (error) {
    await server?.stop().catch(() => undefined);
    await db?.close().catch(() => undefined);
    releaseLock();
    throw error;
  }

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      try {
        await server.stop();
      } finally {
        try {
          await db.close();
        } finally {
          releaseLock();
        }
      }
    })();
    return stopping;
  };

  const urlHost = host === "::1" ? "[::1]" : host;
  return {
    connectionString: `postgresql://postgres@${urlHost}:${options.port}/postgres`,
    dataDir,
    port: options.port,
    stop,
  };
}

// Server-side only (no "server-only" import: instrumentation and scripts load it outside Next's bundler).
//
// A database-backed scheduler: one scheduled_jobs row per recurring job. An
// instance runs a job only after CLAIMING its row with a conditional UPDATE
// (due, and not locked or its lock expired), so with several instances each
// due run happens once, and with the single embedded instance it just works.
// A crashed instance's claim expires (locked_until) and another takes over.
// Each instance only polls; there is no timer that does work by itself.
import { hostname } from "node:os";
import { randomUUID } from "node:crypto";
import { getLogger } from "@/lib/log";
import type { Db } from "@/lib/db/db";

export interface ScheduledJobDefinition {
  name: string;
  intervalMs: number;
  /** How long a claim lasts before another instance may take the job over. */
  lockMs: number;
  run: (context: { now: Date; instanceId: string }) => Promise<void>;
}

export interface SchedulerHandle {
  /** Runs one polling pass now (tests; also what the timer calls). Resolves with the jobs that ran. */
  tick(): Promise<string[]>;
  stop(): Promise<void>;
}

export interface StartSchedulerOptions {
  db: Db;
  jobs: readonly ScheduledJobDefinition[];
  instanceId?: string;
  /** How often each instance checks for due jobs. Default 15 s. */
  pollMs?: number;
  now?: () => Date;
  /** false: do not start a timer (tests drive tick()). */
  autoStart?: boolean;
}

/** Claims `name` if due; true when this instance now holds it. */
export async function claimJob(db: Db, job: ScheduledJobDefinition, instanceId: string, now: Date): Promise<boolean> {
  // Make sure the row exists (first start): due immediately.
  await db.$executeRawUnsafe(
    `INSERT INTO scheduled_jobs (name, next_run_at) VALUES ($1, $2::timestamptz) ON CONFLICT (name) DO NOTHING`,
    job.name,
    now,
  );
  const claimed = await db.$executeRawUnsafe(
    `UPDATE scheduled_jobs SET locked_by = $2, locked_until = $3::timestamptz
     WHERE name = $1 AND next_run_at <= $4::timestamptz AND (locked_until IS NULL OR locked_until < $4::timestamptz)`,
    job.name,
    instanceId,
    new Date(now.getTime() + job.lockMs),
    now,
  );
  return claimed === 1;
}

async function finishJob(db: Db, job: ScheduledJobDefinition, instanceId: string, startedAt: Date, finishedAt: Date, error: string | null) {
  await db.$executeRawUnsafe(
    `UPDATE scheduled_jobs SET locked_by = NULL, locked_until = NULL, last_run_at = $3::timestamptz,
       next_run_at = $4::timestamptz, last_status = $5, last_error = $6
     WHERE name = $1 AND locked_by = $2`,
    job.name,
    instanceId,
    startedAt,
    new Date(finishedAt.getTime() + job.intervalMs),
    error === null ? "SUCCEEDED" : "FAILED",
    error,
  );
}

export function startScheduler(options: StartSchedulerOptions): SchedulerHandle {
  const { db, jobs } = options;
  const instanceId = options.instanceId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const now = options.now ?? (() => new Date());
  const pollMs = options.pollMs ?? 15_000;
  let stopped = false;
  let running: Promise<string[]> | null = null;
  let timer: NodeJS.Timeout | undefined;

  async function pass(): Promise<string[]> {
    const ran: string[] = [];
    for (const job of jobs) {
      if (stopped) break;
      const startedAt = now();
      if (!(await claimJob(db, job, instanceId, startedAt))) continue;
      let error: string | null = null;
      try {
        await job.run({ now: startedAt, instanceId });
      } catch (caught) {
        // Stored and shown to operators: the error class only, never a message that might carry data.
        error = `Job failed (${caught instanceof Error ? caught.name : "error"}). See the server log.`;
        getLogger().error({ job: job.name, errorName: caught instanceof Error ? caught.name : typeof caught }, "scheduled job failed");
      }
      await finishJob(db, job, instanceId, startedAt, now(), error);
      ran.push(job.name);
    }
    return ran;
  }

  function tick(): Promise<string[]> {
    // One pass at a time per instance; a slow pass is not overlapped by the next timer tick.
    running ??= pass().finally(() => {
      running = null;
    });
    return running;
  }

  if (options.autoStart !== false) {
    const loop = () => {
      if (stopped) return;
      tick()
        .catch((error: unknown) => getLogger().error({ errorName: error instanceof Error ? error.name : typeof error }, "scheduler pass failed"))
        .finally(() => {
          if (!stopped) timer = setTimeout(loop, pollMs);
        });
    };
    timer = setTimeout(loop, Math.min(pollMs, 2_000));
    timer.unref?.();
  }

  return {
    tick,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}

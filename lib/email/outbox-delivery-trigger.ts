// Server-side only (no "server-only" import: instrumentation enables it, the
// bench load it outside Next's bundler).
//
// A prompt delivery after a request queued mail, so a person waiting for a
// link (and the e2e journeys reading /dev/outbox) gets it within a moment
// instead of at the next "email-outbox" job run. requestOutboxDelivery() only
// arms a short timer and returns: the request never awaits delivery, and
// nothing here can throw into it. Runs are debounced (one per DELAY) and
// never overlap in a process; across processes SKIP LOCKED keeps each mail to
// one sender (outbox-delivery.ts).
//
// Off until enableOutboxDeliveryAfterRequests() is called: the web server
// does it at start-up (server/start-portal-scheduler.ts), with its own
// database client. Tests and scripts that call the account functions deliver
// explicitly (deliverPendingEmails), so a background run cannot race them.
// State lives on globalThis: Next evaluates instrumentation and route code
// as separate module instances, and a dev hot reload re-evaluates both.

import { getLogger } from "@/lib/log";
import { drainOutbox } from "./outbox-delivery";
import type { EmailDelivery } from "./send-email";
import type { Db } from "@/lib/db/db";

const DEFAULT_DELAY_MS = 100;

interface TriggerState {
  db: Db;
  delivery: EmailDelivery;
  delayMs: number;
  timer: NodeJS.Timeout | undefined;
  running: Promise<void> | null;
  /** A request arrived while a run was going: run once more after it. */
  again: boolean;
  stopped: boolean;
}

const globalForOutbox = globalThis as unknown as { firefeedOutboxTrigger?: TriggerState };

export interface OutboxTriggerHandle {
  /** Disarms the trigger and waits for a run in progress. */
  stop(): Promise<void>;
}

function runNow(state: TriggerState): void {
  state.timer = undefined;
  if (state.stopped) return;
  if (state.running) {
    state.again = true;
    return;
  }
  state.running = drainOutbox(state.db, state.delivery)
    .then(() => undefined)
    .catch((error: unknown) => {
      // The rows stay PENDING (or leased): the job picks them up. Class only, as the scheduler logs.
      getLogger().error({ errorName: error instanceof Error ? error.name : typeof error }, "prompt e-mail delivery failed");
    })
    .finally(() => {
      state.running = null;
      if (state.again && !state.stopped) {
        state.again = false;
        arm(state);
      }
    });
}

function arm(state: TriggerState): void {
  if (state.timer || state.stopped) return;
  state.timer = setTimeout(() => runNow(state), state.delayMs);
  state.timer.unref?.();
}

/** Turns prompt delivery on for this process (replacing an earlier registration). */
export function enableOutboxDeliveryAfterRequests(
  db: Db,
  delivery: EmailDelivery,
  options: { delayMs?: number } = {},
): OutboxTriggerHandle {
  const previous = globalForOutbox.firefeedOutboxTrigger;
  if (previous) {
    previous.stopped = true;
    if (previous.timer) clearTimeout(previous.timer);
  }
  const state: TriggerState = { db, delivery, delayMs: options.delayMs ?? DEFAULT_DELAY_MS, timer: undefined, running: null, again: false, stopped: false };
  globalForOutbox.firefeedOutboxTrigger = state;
  return {
    async stop() {
      state.stopped = true;
      if (state.timer) clearTimeout(state.timer);
      state.timer = undefined;
      if (globalForOutbox.firefeedOutboxTrigger === state) globalForOutbox.firefeedOutboxTrigger = undefined;
      await state.running;
    },
  };
}

/**
 * Asks for a delivery soon. Call it after the transaction that queued mail
 * has committed (a run before the commit would not see the rows). Returns at
 * once, never throws; a no-op when prompt delivery is off.
 */
export function requestOutboxDelivery(): void {
  try {
    const state = globalForOutbox.firefeedOutboxTrigger;
    if (state) arm(state);
  } catch (error) {
    getLogger().error({ errorName: error instanceof Error ? error.name : typeof error }, "could not schedule prompt e-mail delivery");
  }
}

// Server-side only (no "server-only" import: instrumentation load it outside Next).
//
// The alert jobs for the scheduler (lib/jobs/scheduler.ts), wired by the lead
// in server/portal-jobs.ts:
//   "alert-evaluation" (every minute): runs the rules over new audit events;
//   "alert-webhooks"   (every minute): sends due webhook deliveries (only when
//                                       the webhook is configured).

import type { ScheduledJobDefinition } from "@/lib/jobs/scheduler";
import { getEnv } from "@/lib/env";
import { getLogger } from "@/lib/log";
import { evaluateAlerts, type EvaluateAlertsOptions } from "./evaluator";
import { deliverDueWebhooks, type WebhookDeps } from "./webhook";
import type { Db } from "@/lib/db/db";

const MINUTE_MS = 60_000;

export interface AlertJobDeps {
  /** Evaluator options (tests inject settings, cursor name...). */
  evaluation?: EvaluateAlertsOptions;
  /** null: webhook off. Default: from ALERT_WEBHOOK_URL / ALERT_WEBHOOK_SECRET. */
  webhook?: WebhookDeps | null;
}

/** The webhook configuration from the environment, or null when it is not configured. */
export function webhookDepsFromEnv(): WebhookDeps | null {
  const env = getEnv();
  if (!env.ALERT_WEBHOOK_URL || !env.ALERT_WEBHOOK_SECRET) return null;
  return { config: { url: env.ALERT_WEBHOOK_URL, secret: env.ALERT_WEBHOOK_SECRET } };
}

/** Evaluator options for the app: new alerts queue webhook deliveries when the webhook is configured. */
export function evaluationOptionsFromEnv(): EvaluateAlertsOptions {
  return { webhook: webhookDepsFromEnv() ? { appUrl: getEnv().APP_URL } : null };
}

export function alertJobs(db: Db, deps: AlertJobDeps = {}): ScheduledJobDefinition[] {
  const webhook = deps.webhook === undefined ? webhookDepsFromEnv() : deps.webhook;
  const evaluation = deps.evaluation ?? evaluationOptionsFromEnv();
  return [
    {
      name: "alert-evaluation",
      intervalMs: MINUTE_MS,
      lockMs: 10 * MINUTE_MS,
      run: async ({ now }) => {
        const result = await evaluateAlerts(db, { now: () => now, ...evaluation });
        if (result.alertsCreated + result.alertsUpdated > 0) {
          getLogger().info({ job: "alert-evaluation", ...result }, "alert evaluation raised alerts");
        }
      },
    },
    {
      name: "alert-webhooks",
      intervalMs: MINUTE_MS,
      lockMs: 10 * MINUTE_MS,
      run: async ({ now }) => {
        if (!webhook) return;
        const result = await deliverDueWebhooks(db, webhook, now);
        if (result.delivered + result.retried + result.failed > 0) getLogger().info({ job: "alert-webhooks", ...result }, "alert webhooks sent");
      },
    },
  ];
}

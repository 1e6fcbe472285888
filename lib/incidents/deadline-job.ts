// Server-side only (no "server-only" import: the scheduler load it).
//
// Amazon's 24-hour clock, enforced (I3, D4): every minute, for each incident
// whose clock runs, raise the 12/4/1-hour warnings once each and flag the
// breach once. Idempotent: lastDeadlineWarningHours and deadlineBreachedAt
// record what was raised, and each change re-checks them under a row lock,
// so two instances or a re-run never raise the same mark twice. If the job
// was down across several marks, only the latest mark reached is raised (it
// says how much time is really left). The commander is e-mailed after commit.
import type { ScheduledJobDefinition } from "@/lib/jobs/scheduler";
import { incidentDeadlineMessage } from "@/lib/email/templates";
import { getLogger } from "@/lib/log";
import { systemClock, type Clock } from "@/lib/time/clock";
import { amazonDeadlineState, formatDuration } from "./amazon-deadline";
import { addTimelineEntry, auditIncident, incidentReference } from "./incidents";
import { defaultIncidentMailer, type IncidentMailer } from "./notifications";
import type { Db } from "@/lib/db/db";

export interface DeadlineCheckResult {
  warnings: { incidentId: string; hours: number }[];
  breaches: string[];
}

type Raised = { incidentId: string; number: number; title: string; commanderUserId: string | null; deadlineAt: Date; hours: number | null };

export async function runIncidentDeadlineCheck(
  db: Db,
  now: Date,
  mailer: IncidentMailer = defaultIncidentMailer,
  /** Tests: look only at these incidents (files share one database). */
  onlyIncidentIds?: string[],
): Promise<DeadlineCheckResult> {
  const candidates = await db.incident.findMany({
    where: {
      involvesAmazonInformation: true,
      confirmedAt: { not: null },
      amazonNotifiedAt: null,
      deadlineBreachedAt: null,
      ...(onlyIncidentIds ? { id: { in: onlyIncidentIds } } : {}),
    },
    select: { id: true },
    orderBy: { amazonDeadlineAt: "asc" },
  });
  const result: DeadlineCheckResult = { warnings: [], breaches: [] };
  const raised: Raised[] = [];
  for (const { id } of candidates) {
    const event = await db.$transaction(async (tx): Promise<Raised | null> => {
      await tx.$executeRaw`SELECT 1 FROM incidents WHERE id = ${id}::uuid FOR UPDATE`;
      const incident = await tx.incident.findUnique({ where: { id } });
      if (!incident || incident.deadlineBreachedAt !== null) return null;
      const state = amazonDeadlineState(incident, now);
      if (state.status === "breached") {
        await tx.incident.update({ where: { id }, data: { deadlineBreachedAt: state.deadlineAt, amazonDeadlineAt: state.deadlineAt } });
        await addTimelineEntry(tx, {
          incidentId: id,
          kind: "DEADLINE_BREACHED",
          occurredAt: now,
          body: `Amazon's 24-hour notification deadline (${state.deadlineAt.toISOString()}) passed without a recorded notification.`,
        });
        await auditIncident(tx, "incident.deadline_breached", id, null, { number: incident.number, deadlineAt: state.deadlineAt.toISOString() });
        return { incidentId: id, number: incident.number, title: incident.title, commanderUserId: incident.commanderUserId, deadlineAt: state.deadlineAt, hours: null };
      }
      if (state.status !== "running" || state.warning === null) return null;
      const last = incident.lastDeadlineWarningHours;
      if (last !== null && last <= state.warning) return null;
      await tx.incident.update({ where: { id }, data: { lastDeadlineWarningHours: state.warning } });
      await addTimelineEntry(tx, {
        incidentId: id,
        kind: "DEADLINE_WARNING",
        occurredAt: now,
        body: `${formatDuration(state.msLeft)} left to notify Amazon (deadline ${state.deadlineAt.toISOString()}); the ${state.warning}-hour mark is reached.`,
      });
      await auditIncident(tx, "incident.deadline_warning", id, null, { number: incident.number, hoursLeft: state.warning });
      return { incidentId: id, number: incident.number, title: incident.title, commanderUserId: incident.commanderUserId, deadlineAt: state.deadlineAt, hours: state.warning };
    });
    if (!event) continue;
    raised.push(event);
    if (event.hours === null) result.breaches.push(event.incidentId);
    else result.warnings.push({ incidentId: event.incidentId, hours: event.hours });
  }

  for (const event of raised) {
    if (!event.commanderUserId) continue;
    const commander = await db.user.findFirst({ where: { id: event.commanderUserId, status: "ACTIVE" }, select: { email: true } });
    if (!commander) continue;
    try {
      await mailer.send(
        incidentDeadlineMessage({
          to: commander.email,
          incidentReference: incidentReference(event.number),
          incidentTitle: event.title,
          hoursLeft: event.hours,
          deadlineAt: event.deadlineAt,
          link: mailer.link(`/admin/security/incidents/${event.incidentId}`),
        }),
      );
    } catch (error) {
      // The timeline and the screens carry the warning; a failed e-mail must not stop the job.
      getLogger().warn({ incidentId: event.incidentId, error: error instanceof Error ? error.name : "unknown" }, "incident deadline e-mail failed");
    }
  }
  return result;
}

/** The scheduled work of lib/incidents (wired in server/portal-jobs.ts). */
export function incidentJobs(db: Db, clock: Clock = systemClock, mailer: IncidentMailer = defaultIncidentMailer): ScheduledJobDefinition[] {
  return [
    {
      name: "incident-deadlines",
      intervalMs: 60_000,
      lockMs: 5 * 60_000,
      run: async () => {
        const result = await runIncidentDeadlineCheck(db, clock.now(), mailer);
        if (result.warnings.length + result.breaches.length > 0) {
          getLogger().info({ warnings: result.warnings.length, breaches: result.breaches.length }, "incident deadline check raised warnings");
        }
      },
    },
  ];
}

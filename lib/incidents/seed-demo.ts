// Server-side only (no "server-only" import: prisma/seed.ts loads it).
// Demo data for the incident screens: one open incident whose Amazon clock is
// running (confirmed 5 hours ago, so the countdown shows ~19 h left), and one
// closed incident with its post-mortem and a completed corrective action.

import {
  addCorrectiveAction,
  addIncidentNote,
  assignIncidentRole,
  changeIncidentPhase,
  createIncident,
  updateCorrectiveActionStatus,
  updatePostMortem,
  type IncidentActor,
} from "./incidents";
import { PHASE_ORDER } from "./phases";
import type { Db } from "@/lib/db/db";

const HOUR = 3_600_000;

export async function seedDemoIncidents(prisma: Db, now: Date = new Date()): Promise<void> {
  if ((await prisma.incident.count()) > 0) return;
  const analyst =
    (await prisma.user.findFirst({ where: { role: "OPERATOR_SECURITY_ANALYST", status: "ACTIVE" }, orderBy: { createdAt: "asc" } })) ??
    (await prisma.user.findFirst({ where: { kind: "OPERATOR", status: "ACTIVE" }, orderBy: { createdAt: "asc" } }));
  if (!analyst) return;
  const actor: IncidentActor = { userId: analyst.id, label: analyst.displayName };
  const at = (hoursAgo: number) => new Date(now.getTime() - hoursAgo * HOUR);

  // Closed, from three weeks ago.
  const closed = await createIncident(
    prisma,
    {
      title: "Phishing e-mail to support staff",
      summary: "A support operator reported a credential phishing e-mail. No credentials were entered; no Amazon Information involved.",
      severity: "SEV3",
      involvesAmazonInformation: false,
      detectedAt: at(24 * 21),
    },
    actor,
    at(24 * 21),
  );
  await assignIncidentRole(prisma, closed.id, { role: "commander", userId: analyst.id }, actor, at(24 * 21));
  for (const [index, phase] of PHASE_ORDER.slice(1, -1).entries()) {
    await changeIncidentPhase(prisma, closed.id, { toPhase: phase }, actor, at(24 * 21 - (index + 1) * 6));
  }
  await updatePostMortem(
    prisma,
    closed.id,
    "## Summary\n\nA phishing e-mail reached one support operator, who reported it within 10 minutes.\n\n## Root cause\n\nThe sender domain was not covered by the mail filter.\n\n## Actions\n\n- Block the look-alike domain\n- Add the example to the security training",
    actor,
    at(24 * 19),
  );
  const action = await addCorrectiveAction(
    prisma,
    closed.id,
    { title: "Block look-alike sender domains", ownerUserId: analyst.id, dueDate: new Date(at(24 * 14).toISOString().slice(0, 10)) },
    actor,
    at(24 * 19),
  );
  if (action.ok) await updateCorrectiveActionStatus(prisma, closed.id, { actionId: action.data.id, status: "DONE" }, actor, at(24 * 16));
  await changeIncidentPhase(prisma, closed.id, { toPhase: "CLOSED" }, actor, at(24 * 15));

  // Open, clock running.
  const open = await createIncident(
    prisma,
    {
      title: "Unusual SP-API order reads from a new network",
      summary: "The orders API was called in bulk with a seller's refresh token from a network never seen before.",
      severity: "SEV2",
      involvesAmazonInformation: true,
      detectedAt: at(6),
    },
    actor,
    at(6),
  );
  await assignIncidentRole(prisma, open.id, { role: "commander", userId: analyst.id }, actor, at(5.5));
  await changeIncidentPhase(prisma, open.id, { toPhase: "CONFIRMED" }, actor, at(5));
  await addIncidentNote(prisma, open.id, "Token revoked on Amazon's side; waiting for the access logs.", actor, at(4));
}

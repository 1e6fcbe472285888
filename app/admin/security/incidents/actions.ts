"use server";
// Incident changes (controls I1-I5, D4). Every action needs incidents:manage;
// the rules (one phase at a time, no closing with open actions, the Amazon
// notification time) live in lib/incidents and answer { ok: false, error }.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { multiLineText, singleLineText, uuidField } from "@/lib/validation/input";
import type { Actor } from "@/lib/auth/actor";
import { defineAction, type ActionResult } from "@/lib/auth/define-action";
import { getPrisma } from "@/lib/db/client";
import { linkAffectedSeller, notifyAffectedSellers } from "@/lib/incidents/affected-sellers";
import {
  addCorrectiveAction,
  addIncidentNote,
  assignIncidentRole,
  changeIncidentPhase,
  createIncident,
  recordAmazonNotification,
  setAmazonInvolvement,
  updateCorrectiveActionStatus,
  updatePostMortem,
  type IncidentActor,
  type IncidentResult,
} from "@/lib/incidents/incidents";
import { AMAZON_NOTIFICATION_CHANNELS, INCIDENT_ROLES, PHASE_LABELS, PHASE_ORDER, ROLE_LABELS, SEVERITIES } from "@/lib/incidents/phases";
import type { RequestContext } from "@/lib/http/request-context";

const BASE = "/admin/security/incidents";
const uuid = uuidField("Choose a valid record.");
/** Titles are one line; summaries, notes and notices may have several. */
const trimmed = (min: number, max: number, what: string) =>
  (max <= 200 ? singleLineText : multiLineText)({
    min,
    max,
    minMessage: min <= 1 ? `Enter ${what}.` : `${what} needs at least ${min} characters.`,
    maxMessage: `${what} is at most ${max} characters.`,
  });
const checkbox = z
  .union([z.literal("on"), z.literal("true"), z.literal("")])
  .optional()
  .transform((value) => value === "on" || value === "true");
/** <input type="datetime-local"> read as UTC (the console shows every time in UTC); empty = not given. */
const utcDateTime = z
  .string()
  .trim()
  .optional()
  .transform((value, context) => {
    if (!value) return undefined;
    const date = new Date(/[zZ]|[+-]\d\d:\d\d$/.test(value) ? value : `${value}Z`);
    if (Number.isNaN(date.getTime())) {
      context.addIssue({ code: "custom", message: "Enter a valid date and time (UTC)." });
      return z.NEVER;
    }
    return date;
  });

function incidentActor(actor: Actor, request: RequestContext): IncidentActor {
  return { userId: actor.userId, label: actor.displayName, ...request };
}

function refresh(incidentId?: string): void {
  revalidatePath(BASE);
  if (incidentId) revalidatePath(`${BASE}/${incidentId}`);
}

function toActionResult<T>(result: IncidentResult<T>, message: string, incidentId: string): ActionResult {
  if (!result.ok) return { ok: false, error: result.error };
  refresh(incidentId);
  return { ok: true, message };
}

export const createIncidentAction = defineAction({
  name: "incidents.create",
  access: { permission: "incidents:manage" },
  input: z.object({
    title: trimmed(3, 200, "Title"),
    summary: trimmed(3, 5_000, "Summary"),
    severity: z.enum(SEVERITIES, { error: "Choose a severity." }),
    involvesAmazonInformation: checkbox,
    detectedAt: utcDateTime,
  }),
  handler: async (input, { actor, request }) => {
    const now = new Date();
    if (input.detectedAt && input.detectedAt > now) {
      return { ok: false, error: "Check the highlighted fields and try again.", fieldErrors: { detectedAt: ["Detection cannot be in the future."] } };
    }
    const created = await createIncident(getPrisma(), input, incidentActor(actor, request), now);
    refresh();
    redirect(`${BASE}/${created.id}`);
  },
});

export const changePhaseAction = defineAction({
  name: "incidents.change-phase",
  access: { permission: "incidents:manage" },
  input: z.object({
    incidentId: uuid,
    toPhase: z.enum(PHASE_ORDER),
    note: multiLineText({ max: 2_000, maxMessage: "The note is at most 2000 characters." }).optional(),
  }),
  handler: async (input, { actor, request }) => {
    const result = await changeIncidentPhase(getPrisma(), input.incidentId, { toPhase: input.toPhase, note: input.note }, incidentActor(actor, request), new Date());
    return toActionResult(result, input.toPhase === "CLOSED" ? "Incident closed." : `Moved to ${PHASE_LABELS[input.toPhase]}.`, input.incidentId);
  },
});

export const setAmazonInvolvementAction = defineAction({
  name: "incidents.set-amazon-involvement",
  access: { permission: "incidents:manage" },
  input: z.object({ incidentId: uuid, involves: z.enum(["true", "false"]) }),
  handler: async (input, { actor, request }) => {
    const involves = input.involves === "true";
    const result = await setAmazonInvolvement(getPrisma(), input.incidentId, involves, incidentActor(actor, request), new Date());
    return toActionResult(result, involves ? "Flagged as involving Amazon Information." : "Flag cleared.", input.incidentId);
  },
});

export const assignRoleAction = defineAction({
  name: "incidents.assign-role",
  access: { permission: "incidents:manage" },
  input: z.object({
    incidentId: uuid,
    role: z.enum(INCIDENT_ROLES),
    userId: z.union([uuid, z.literal("")]).transform((value) => (value === "" ? null : value)),
  }),
  handler: async (input, { actor, request }) => {
    const result = await assignIncidentRole(getPrisma(), input.incidentId, { role: input.role, userId: input.userId }, incidentActor(actor, request), new Date());
    return toActionResult(result, `${ROLE_LABELS[input.role]} ${input.userId ? "assigned" : "unassigned"}.`, input.incidentId);
  },
});

export const addNoteAction = defineAction({
  name: "incidents.add-note",
  access: { permission: "incidents:manage" },
  input: z.object({ incidentId: uuid, body: trimmed(1, 5_000, "a note") }),
  handler: async (input, { actor, request }) => {
    const result = await addIncidentNote(getPrisma(), input.incidentId, input.body, incidentActor(actor, request), new Date());
    return toActionResult(result, "Note added to the timeline.", input.incidentId);
  },
});

const channelKeys = Object.keys(AMAZON_NOTIFICATION_CHANNELS) as [keyof typeof AMAZON_NOTIFICATION_CHANNELS, ...(keyof typeof AMAZON_NOTIFICATION_CHANNELS)[]];

export const recordAmazonNotificationAction = defineAction({
  name: "incidents.record-amazon-notification",
  access: { permission: "incidents:manage" },
  input: z.object({
    incidentId: uuid,
    notifiedAt: utcDateTime,
    channel: z.enum(channelKeys, { error: "Choose how Amazon was notified." }),
    reference: trimmed(2, 200, "Reference"),
  }),
  handler: async (input, { actor, request }) => {
    const result = await recordAmazonNotification(
      getPrisma(),
      input.incidentId,
      { notifiedAt: input.notifiedAt, channel: input.channel, reference: input.reference },
      incidentActor(actor, request),
      new Date(),
    );
    if (!result.ok) return { ok: false, error: result.error, fieldErrors: { notifiedAt: [result.error] } };
    refresh(input.incidentId);
    return { ok: true, message: result.data.late ? "Amazon notification recorded (after the deadline)." : "Amazon notification recorded: the clock is stopped." };
  },
});

export const linkSellerAction = defineAction({
  name: "incidents.link-seller",
  access: { permission: "incidents:manage" },
  input: z.object({ incidentId: uuid, organizationId: uuid }),
  handler: async (input, { actor, request }) => {
    const result = await linkAffectedSeller(getPrisma(), input.incidentId, input.organizationId, incidentActor(actor, request), new Date());
    return toActionResult(result, "Affected seller linked.", input.incidentId);
  },
});

export const notifySellersAction = defineAction({
  name: "incidents.notify-sellers",
  access: { permission: "incidents:manage" },
  input: z.object({ incidentId: uuid, title: trimmed(3, 200, "Notice title"), body: trimmed(10, 5_000, "Notice text") }),
  handler: async (input, { actor, request }) => {
    const result = await notifyAffectedSellers(getPrisma(), input.incidentId, { title: input.title, body: input.body }, incidentActor(actor, request), new Date());
    if (!result.ok) return { ok: false, error: result.error };
    refresh(input.incidentId);
    const { organizationsNotified, emailsSent, emailsFailed } = result.data;
    return {
      ok: true,
      message: `Notified ${organizationsNotified} seller${organizationsNotified === 1 ? "" : "s"}: ${emailsSent} e-mail${emailsSent === 1 ? "" : "s"} sent${emailsFailed ? `, ${emailsFailed} failed` : ""}.`,
    };
  },
});

export const updatePostMortemAction = defineAction({
  name: "incidents.update-post-mortem",
  access: { permission: "incidents:manage" },
  input: z.object({ incidentId: uuid, markdown: multiLineText({ max: 50_000, maxMessage: "The post-mortem is at most 50,000 characters." }) }),
  handler: async (input, { actor, request }) => {
    const result = await updatePostMortem(getPrisma(), input.incidentId, input.markdown, incidentActor(actor, request), new Date());
    return toActionResult(result, "Post-mortem saved.", input.incidentId);
  },
});

export const addCorrectiveActionAction = defineAction({
  name: "incidents.add-action",
  access: { permission: "incidents:manage" },
  input: z.object({
    incidentId: uuid,
    title: trimmed(3, 200, "Action"),
    ownerUserId: uuid,
    dueDate: z.iso.date({ error: "Choose a due date." }),
  }),
  handler: async (input, { actor, request }) => {
    const result = await addCorrectiveAction(
      getPrisma(),
      input.incidentId,
      { title: input.title, ownerUserId: input.ownerUserId, dueDate: new Date(`${input.dueDate}T00:00:00Z`) },
      incidentActor(actor, request),
      new Date(),
    );
    return toActionResult(result, "Corrective action added.", input.incidentId);
  },
});

export const updateCorrectiveActionAction = defineAction({
  name: "incidents.update-action",
  access: { permission: "incidents:manage" },
  input: z.object({ incidentId: uuid, actionId: uuid, status: z.enum(["OPEN", "IN_PROGRESS", "DONE"]) }),
  handler: async (input, { actor, request }) => {
    const result = await updateCorrectiveActionStatus(
      getPrisma(),
      input.incidentId,
      { actionId: input.actionId, status: input.status },
      incidentActor(actor, request),
      new Date(),
    );
    return toActionResult(result, "Corrective action updated.", input.incidentId);
  },
});

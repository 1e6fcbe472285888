// Server-side only.
//
// The incident response runbook (D6): versioned markdown (a save is version
// n+1 with a change summary; old versions are never overwritten) and a review
// sign-off every reviewCadence.runbookReviewMonths months (6 at most).
// Version 1 is created on first use from docs/incident-response-runbook.md.
// Reading needs incidents:view, editing and signing off incidents:manage:
// checked by the actions AND here (defense in depth). Both changes are audited.
import "server-only";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { multiLineText } from "@/lib/validation/input";
import { recordAudit } from "@/lib/audit/record-audit";
import { hasPermission, type Role } from "@/lib/rbac/roles";
import { getSecuritySettings } from "@/lib/security-settings/settings";
import type { Db, DbTransaction } from "@/lib/db/db";

/** The markdown placeholder the page replaces with the named point of contact from settings. */
export const INCIDENT_CONTACT_PLACEHOLDER = "{{INCIDENT_CONTACT}}";
export const RUNBOOK_SOURCE_FILE = path.join("docs", "incident-response-runbook.md");
export const RUNBOOK_MAX_LENGTH = 100_000;
/** Advisory lock naming "runbook version numbers" (distinct from the other 7270737x keys in the code base). */
const RUNBOOK_VERSION_LOCK_KEY = 72707391;

export const runbookSaveSchema = z.object({
  markdown: multiLineText({ min: 1, max: RUNBOOK_MAX_LENGTH, minMessage: "The runbook cannot be empty.", maxMessage: `At most ${RUNBOOK_MAX_LENGTH} characters.` }),
  changeSummary: multiLineText({ min: 5, max: 500, minMessage: "Say what changed (at least 5 characters).", maxMessage: "At most 500 characters." }),
});

export const runbookReviewSchema = z.object({
  notes: multiLineText({ min: 5, max: 2000, minMessage: "Notes are required: what was checked (at least 5 characters).", maxMessage: "At most 2,000 characters." }),
});

export interface RunbookActor {
  userId: string;
  role: Role;
  ipAddress?: string | null;
  userAgent?: string | null;
  requestId?: string | null;
}

export type RunbookMutationResult<T> = { ok: true; value: T } | { ok: false; error: string; fieldErrors?: Record<string, string[]> };

export const RUNBOOK_NOT_ALLOWED = "You do not have permission to change the runbook.";

/** Used only when the docs file is missing from a deployment (e.g. an image built without docs/). */
const FALLBACK_RUNBOOK = `# FireFeed incident response runbook

The full template (${RUNBOOK_SOURCE_FILE}) was not found in this deployment: replace this text.

## Incident management point of contact

${INCIDENT_CONTACT_PLACEHOLDER}

## Escalation path to Amazon

For incidents involving Amazon Information, e-mail **security@amazon.com within 24 hours of confirming the incident**, and record the notification in the incident.
`;

async function readSourceMarkdown(): Promise<string> {
  try {
    // A fixed path inside the app (RUNBOOK_SOURCE_FILE), never user input.
    // eslint-disable-next-line security/detect-non-literal-fs-filename
    return await readFile(path.join(process.cwd(), RUNBOOK_SOURCE_FILE), "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return FALLBACK_RUNBOOK;
    throw error;
  }
}

/** The current (highest) version, creating version 1 from the docs file on first use. */
export async function ensureRunbook(db: Db, loadSource: () => Promise<string> = readSourceMarkdown) {
  const current = await db.runbookVersion.findFirst({ orderBy: { version: "desc" } });
  if (current) return current;
  const markdown = await loadSource();
  try {
    return await db.runbookVersion.create({
      data: { version: 1, markdown, changeSummary: `First version, from ${RUNBOOK_SOURCE_FILE}.` },
    });
  } catch (error) {
    // Two first visits at once: the unique version number lets one win; read what it wrote.
    const existing = await db.runbookVersion.findFirst({ orderBy: { version: "desc" } });
    if (existing) return existing;
    throw error;
  }
}

export async function getRunbookVersion(db: Db, version: number) {
  return db.runbookVersion.findUnique({ where: { version } });
}

export async function listRunbookVersions(db: Db) {
  return db.runbookVersion.findMany({
    orderBy: { version: "desc" },
    select: { id: true, version: true, changeSummary: true, createdAt: true, createdByUserId: true },
  });
}

export async function listRunbookReviews(db: Db, take = 10) {
  return db.runbookReview.findMany({
    orderBy: { reviewedAt: "desc" },
    take,
    include: { runbookVersion: { select: { version: true } } },
  });
}

/** Replaces the placeholder with the named incident management point of contact (markdown, escaped). */
export function withIncidentContact(markdown: string, contact: { name: string; email: string; phone: string }): string {
  const escape = (text: string) => text.replace(/([\\`*_[\]<>#|])/g, "\\$1");
  const lines = [
    `**${escape(contact.name)}**`,
    `E-mail: [${escape(contact.email)}](mailto:${encodeURIComponent(contact.email).replace(/%40/g, "@")})`,
  ];
  if (contact.phone) lines.push(`Phone: ${escape(contact.phone)}`);
  return markdown.split(INCIDENT_CONTACT_PLACEHOLDER).join(lines.join("  \n"));
}

/** Saves a new version (n+1). Old versions stay as they were. */
export async function saveRunbookVersion(
  db: Db,
  input: unknown,
  actor: RunbookActor,
): Promise<RunbookMutationResult<{ version: number }>> {
  if (!hasPermission(actor.role, "incidents:manage")) return { ok: false, error: RUNBOOK_NOT_ALLOWED };
  const parsed = runbookSaveSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: "Check the highlighted fields.", fieldErrors: z.flattenError(parsed.error).fieldErrors };
  await ensureRunbook(db);
  const created = await db.$transaction(async (tx: DbTransaction) => {
    // Serialize savers: the version number is max + 1 and must not be taken twice.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${RUNBOOK_VERSION_LOCK_KEY}::bigint)`;
    const latest = await tx.runbookVersion.findFirst({ orderBy: { version: "desc" }, select: { version: true } });
    const version = (latest?.version ?? 0) + 1;
    const row = await tx.runbookVersion.create({
      data: { version, markdown: parsed.data.markdown, changeSummary: parsed.data.changeSummary, createdByUserId: actor.userId },
    });
    await recordAudit(tx, {
      action: "runbook.updated",
      result: "SUCCESS",
      actorUserId: actor.userId,
      ipAddress: actor.ipAddress ?? null,
      userAgent: actor.userAgent ?? null,
      requestId: actor.requestId ?? null,
      targetType: "runbook_version",
      targetId: row.id,
      details: { version, changeSummary: parsed.data.changeSummary, characters: parsed.data.markdown.length },
    });
    return row;
  });
  return { ok: true, value: { version: created.version } };
}

/** now + months, keeping the day of the month where it exists (31 Aug + 6 months = 28/29 Feb). */
export function addMonthsUtc(date: Date, months: number): Date {
  const result = new Date(date.getTime());
  const day = result.getUTCDate();
  result.setUTCDate(1);
  result.setUTCMonth(result.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate();
  result.setUTCDate(Math.min(day, lastDay));
  return result;
}

/** Signs off a review of the CURRENT version: nextDueAt = reviewedAt + review cadence (months). */
export async function signOffRunbookReview(
  db: Db,
  input: unknown,
  actor: RunbookActor,
  now: Date,
): Promise<RunbookMutationResult<{ nextDueAt: Date; version: number }>> {
  if (!hasPermission(actor.role, "incidents:manage")) return { ok: false, error: RUNBOOK_NOT_ALLOWED };
  const parsed = runbookReviewSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: "Check the highlighted fields.", fieldErrors: z.flattenError(parsed.error).fieldErrors };
  const current = await ensureRunbook(db);
  const { reviewCadence } = await getSecuritySettings(db);
  const nextDueAt = addMonthsUtc(now, reviewCadence.runbookReviewMonths);
  await db.$transaction(async (tx: DbTransaction) => {
    const review = await tx.runbookReview.create({
      data: { runbookVersionId: current.id, reviewedByUserId: actor.userId, reviewedAt: now, notes: parsed.data.notes, nextDueAt },
    });
    await recordAudit(tx, {
      action: "runbook.reviewed",
      result: "SUCCESS",
      actorUserId: actor.userId,
      ipAddress: actor.ipAddress ?? null,
      userAgent: actor.userAgent ?? null,
      requestId: actor.requestId ?? null,
      targetType: "runbook_review",
      targetId: review.id,
      details: { version: current.version, nextDueAt: nextDueAt.toISOString() },
    });
  });
  return { ok: true, value: { nextDueAt, version: current.version } };
}

export interface RunbookReviewStatus {
  lastReviewedAt: Date | null;
  /** Null until the first review: then the runbook is due now. */
  nextDueAt: Date | null;
  overdue: boolean;
  currentVersion: number | null;
}

/** For the dashboard and the runbook page. Never reviewed = overdue (D6 needs a sign-off). */
export async function getRunbookReviewStatus(db: Pick<Db, "runbookReview" | "runbookVersion">, now: Date): Promise<RunbookReviewStatus> {
  const [last, current] = await Promise.all([
    db.runbookReview.findFirst({ orderBy: { reviewedAt: "desc" }, select: { reviewedAt: true, nextDueAt: true } }),
    db.runbookVersion.findFirst({ orderBy: { version: "desc" }, select: { version: true } }),
  ]);
  return {
    lastReviewedAt: last?.reviewedAt ?? null,
    nextDueAt: last?.nextDueAt ?? null,
    overdue: last ? last.nextDueAt.getTime() < now.getTime() : true,
    currentVersion: current?.version ?? null,
  };
}

import type { Metadata } from "next";
import { Alert } from "@/components/alert";
import { ButtonLink, buttonClasses } from "@/components/button";
import { Card } from "@/components/card";
import { EmptyState } from "@/components/empty-state";
import { SelectField, TextField } from "@/components/form-field";
import { Icon } from "@/components/icons";
import { PageHeader } from "@/components/page-header";
import { can, requireRouteAccess } from "@/lib/auth/authorize";
import {
  AUDIT_PAGE_SIZE,
  InvalidAuditCursorError,
  auditNames,
  auditFiltersToParams,
  findAuditEvent,
  parseAuditFilters,
  queryAuditEvents,
  type AuditFilters,
  type AuditPage,
} from "@/lib/audit/audit-query";
import { AUDIT_EXPORT_ROW_CAP } from "@/lib/audit/audit-export";
import { getPrisma } from "@/lib/db/client";
import { AuditLogTable } from "./audit-log-table";
import { toAuditRowView } from "./audit-row-view";
import { VerifyChainPanel } from "./verify-chain-panel";

export const metadata: Metadata = { title: "Audit log" };

type SearchParams = Record<string, string | string[] | undefined>;

const RESULT_OPTIONS = [
  { value: "SUCCESS", label: "Success" },
  { value: "FAILURE", label: "Failure" },
  { value: "DENIED", label: "Denied" },
];

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** datetime-local inputs need a time: a bare date in the URL shows as the start (from) or end (to) of that day. */
function dateTimeValue(value: string | undefined, end: boolean): string | undefined {
  if (!value) return undefined;
  if (value.length === 10) return `${value}T${end ? "23:59" : "00:00"}`;
  return value.slice(0, 16);
}

function hrefWith(filters: AuditFilters, extra: Record<string, string>): string {
  const params = auditFiltersToParams(filters);
  for (const [key, value] of Object.entries(extra)) params.set(key, value);
  const query = params.toString();
  return query ? `/admin/security/audit?${query}` : "/admin/security/audit";
}

export default async function AdminAuditLogPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const actor = await requireRouteAccess("/admin/security/audit");
  const params = await searchParams;
  const db = getPrisma();
  const parsed = parseAuditFilters(params);
  const filters = parsed.filters;
  const fieldErrors = parsed.ok ? {} : parsed.fieldErrors;
  const cursor = single(params.cursor);
  const direction = single(params.dir) === "newer" ? "newer" : "older";

  let page: AuditPage = { rows: [], newerCursor: null, olderCursor: null };
  let cursorError: string | null = null;
  try {
    page = await queryAuditEvents(db, filters, { cursor, direction, pageSize: AUDIT_PAGE_SIZE });
  } catch (error) {
    if (!(error instanceof InvalidAuditCursorError)) throw error;
    cursorError = error.message;
  }

  const eventParam = single(params.event);
  const deepLinked = eventParam && /^\d{1,19}$/.test(eventParam) ? await findAuditEvent(db, BigInt(eventParam)) : null;
  // Names instead of ids (e-mails, organizations' legal names): the audit viewer may see both.
  const names = await auditNames(db, deepLinked ? [...page.rows, deepLinked] : page.rows);
  const rows = page.rows.map((row) => toAuditRowView(row, names));
  const initialEvent = deepLinked ? toAuditRowView(deepLinked, names) : null;

  const organizations = await db.organization.findMany({ orderBy: { legalName: "asc" }, take: 500, select: { id: true, legalName: true } });
  const filtered = Object.values(filters).some((value) => value !== undefined);
  const exportQuery = auditFiltersToParams(filters);
  const mayExport = can(actor, "audit:export");
  const exportHref = (format: "csv" | "json") => `/api/admin/audit/export?${new URLSearchParams([["format", format], ...exportQuery]).toString()}`;
  // Back from step-up for an export (see the export route): the same export, one click away.
  const readyParam = single(params.ready);
  const readyFormat = mayExport && (readyParam === "csv" || readyParam === "json") ? readyParam : null;

  return (
    <>
      <PageHeader
        eyebrow="Security"
        title="Audit log"
        description="Append-only, hash-chained record of sign-ins, access to Amazon Information and changes. Newest first; times in UTC."
        actions={
          mayExport ? (
            <>
              {/* Plain links, not next/link: a prefetch must never start an (audited) export. No `download`
                  attribute: the response's Content-Disposition makes it a download, and a step-up redirect stays a page. */}
              <a className={buttonClasses({ variant: "secondary" })} href={exportHref("csv")}>
                Export CSV
              </a>
              <a className={buttonClasses({ variant: "secondary" })} href={exportHref("json")}>
                Export JSON
              </a>
            </>
          ) : undefined
        }
      />
      <div className="grid gap-6">
        {readyFormat && (
          <Alert
            tone="success"
            title="Confirmed: your export is ready"
            action={
              <a className={buttonClasses({ variant: "primary", size: "sm" })} href={exportHref(readyFormat)}>
                Download {readyFormat.toUpperCase()}
              </a>
            }
          >
            {filtered ? "It holds the events that match the filters below." : "No filter is set: it holds every event (up to the export limit)."}
          </Alert>
        )}
        <Card id="filters" title="Filters" description={`Exports hold the filtered events (at most ${AUDIT_EXPORT_ROW_CAP.toLocaleString("en-US")} rows) and are themselves recorded in this log.`}>
          <form method="get" action="/admin/security/audit" className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3" role="search" aria-label="Filter audit events">
            <TextField name="actor" label="Actor (e-mail or user id)" defaultValue={filters.actor ?? single(params.actor)} error={fieldErrors.actor} />
            <TextField
              name="action"
              label="Action"
              hint="Exact (auth.sign_in) or a group ending with a dot (auth.)"
              defaultValue={filters.action ?? single(params.action)}
              error={fieldErrors.action}
            />
            <SelectField name="result" label="Result" options={RESULT_OPTIONS} placeholder="Any result" defaultValue={filters.result ?? ""} error={fieldErrors.result} />
            <TextField name="targetType" label="Target type" defaultValue={filters.targetType} error={fieldErrors.targetType} />
            <TextField name="targetId" label="Target id" defaultValue={filters.targetId} error={fieldErrors.targetId} />
            <TextField name="request" label="Request id" defaultValue={filters.request} error={fieldErrors.request} />
            <SelectField
              name="org"
              label="Organization"
              options={organizations.map((organization) => ({ value: organization.id, label: organization.legalName }))}
              placeholder="Any organization"
              defaultValue={filters.org ?? ""}
              error={fieldErrors.org}
            />
            <TextField name="from" type="datetime-local" label="From (UTC)" defaultValue={dateTimeValue(filters.from ?? single(params.from), false)} error={fieldErrors.from} />
            <TextField name="to" type="datetime-local" label="To (UTC)" defaultValue={dateTimeValue(filters.to ?? single(params.to), true)} error={fieldErrors.to} />
            <div className="flex items-end gap-2 sm:col-span-2 lg:col-span-3">
              <button type="submit" className={buttonClasses({ variant: "primary" })}>
                <Icon name="search" className="size-4" />
                Apply filters
              </button>
              {filtered && (
                <ButtonLink href="/admin/security/audit" variant="ghost">
                  Clear filters
                </ButtonLink>
              )}
            </div>
          </form>
        </Card>

        {!parsed.ok && (
          <Alert tone="warning" title="Some filters were not applied">
            Fix the highlighted fields; the other filters are applied.
          </Alert>
        )}
        {cursorError && (
          <Alert tone="error" title="This page link is not valid" action={<ButtonLink href={hrefWith(filters, {})} variant="secondary" size="sm">Newest events</ButtonLink>}>
            {cursorError}
          </Alert>
        )}

        <section aria-labelledby="events-title" className="space-y-3">
          <div className="flex flex-wrap items-center justify-between gap-3">
            <h2 id="events-title" className="text-base font-semibold text-slate-900">
              Events
            </h2>
            <nav aria-label="Audit log pages" className="flex gap-2">
              {page.newerCursor ? (
                <ButtonLink href={hrefWith(filters, { cursor: page.newerCursor, dir: "newer" })} variant="secondary" size="sm" scroll={false}>
                  <Icon name="chevronLeft" className="size-4" />
                  Newer
                </ButtonLink>
              ) : (
                <span aria-disabled="true" className={buttonClasses({ variant: "secondary", size: "sm" })}>
                  <Icon name="chevronLeft" className="size-4" />
                  Newer
                </span>
              )}
              {page.olderCursor ? (
                <ButtonLink href={hrefWith(filters, { cursor: page.olderCursor, dir: "older" })} variant="secondary" size="sm" scroll={false}>
                  Older
                  <Icon name="chevronRight" className="size-4" />
                </ButtonLink>
              ) : (
                <span aria-disabled="true" className={buttonClasses({ variant: "secondary", size: "sm" })}>
                  Older
                  <Icon name="chevronRight" className="size-4" />
                </span>
              )}
            </nav>
          </div>
          <AuditLogTable
            rows={rows}
            initialEvent={initialEvent}
            empty={
              <EmptyState
                icon="fileText"
                title={filtered ? "No events match these filters" : "No audit events yet"}
                description={
                  filtered
                    ? "Widen the time range, use an action group (auth.) instead of one action, or clear the filters."
                    : "Sign-ins, failed attempts, two-step verification events, role changes and reveals of buyer details appear here as they happen."
                }
                action={filtered ? <ButtonLink href="/admin/security/audit" variant="secondary">Clear filters</ButtonLink> : undefined}
              />
            }
          />
        </section>

        <Card
          id="verify"
          title="Chain verification"
          description="Recomputes every row's hash and checks that each row links to the one before it, from the oldest kept row (or the retention anchor) to the newest. The check is recorded in this log."
        >
          <VerifyChainPanel />
        </Card>
      </div>
    </>
  );
}

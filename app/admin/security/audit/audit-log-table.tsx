"use client";
// The audit log table and its detail drawer. The drawer is a native <dialog>
// opened with showModal(): the page behind is inert, focus moves into it and
// stays there, Escape closes it, and focus returns to the row's "Details"
// button. A deep link (?event=<id>, e.g. from "Verify chain") opens it on load;
// closing it then drops the parameter from the URL.
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useId, useRef, useState } from "react";
import { Badge, type BadgeTone } from "@/components/badge";
import { Button } from "@/components/button";
import { DataTable } from "@/components/data-table";
import { Icon } from "@/components/icons";
import { auditLogHref, formatAuditTime, windowAround, type AuditRowView } from "./audit-row-view";

const RESULT_TONES: Record<AuditRowView["result"], BadgeTone> = { SUCCESS: "success", FAILURE: "warning", DENIED: "danger" };

function actorText(row: AuditRowView): string {
  return row.actorEmail ?? row.actorLabel ?? row.actorUserId ?? "System";
}

/** "user: ada@example.com" rather than the user's id, when the target has a name (the id is in the tooltip and the drawer). */
function targetText(row: AuditRowView): string {
  if (!row.targetType && !row.targetId) return "—";
  return [row.targetType, row.targetName ?? row.targetId].filter(Boolean).join(": ");
}

/** A name with the id it stands for underneath, kept for copying and for filters. */
function NamedId({ name, id }: { name: string | null; id: string | null }) {
  if (!id) return <>—</>;
  if (!name) return <>{id}</>;
  return (
    <>
      <span className="block">{name}</span>
      <span className="block font-mono text-xs text-slate-600">{id}</span>
    </>
  );
}

export function AuditLogTable({
  rows,
  initialEvent,
  empty,
}: {
  rows: readonly AuditRowView[];
  /** Opened on load (deep link ?event=<id>). */
  initialEvent: AuditRowView | null;
  empty: React.ReactNode;
}) {
  const [selected, setSelected] = useState<AuditRowView | null>(initialEvent);
  const fromDeepLink = useRef(initialEvent !== null);
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();

  useEffect(() => {
    setSelected(initialEvent);
    fromDeepLink.current = initialEvent !== null;
  }, [initialEvent]);

  const close = useCallback(() => {
    setSelected(null);
    if (fromDeepLink.current) {
      fromDeepLink.current = false;
      const params = new URLSearchParams(searchParams.toString());
      params.delete("event");
      const query = params.toString();
      router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
    }
  }, [pathname, router, searchParams]);

  return (
    <>
      <DataTable
        caption="Audit events, newest first"
        hideCaption
        rows={rows}
        rowKey={(row) => row.id}
        columns={[
          {
            key: "occurredAt",
            header: "Time (UTC)",
            className: "whitespace-nowrap",
            cell: (row) => <time dateTime={row.occurredAt}>{formatAuditTime(row.occurredAt)}</time>,
          },
          { key: "action", header: "Action", cell: (row) => <code className="text-xs text-slate-900">{row.action}</code> },
          {
            key: "result",
            header: "Result",
            cell: (row) => (
              <Badge tone={RESULT_TONES[row.result]} dot>
                {row.result.toLowerCase()}
              </Badge>
            ),
          },
          { key: "actor", header: "Actor", cell: (row) => <span className="break-all">{actorText(row)}</span> },
          {
            key: "target",
            header: "Target",
            cell: (row) => (
              <span className="break-all text-slate-700" title={row.targetName && row.targetId ? row.targetId : undefined}>
                {targetText(row)}
              </span>
            ),
          },
          { key: "ip", header: "IP address", cell: (row) => row.ipAddress ?? "—" },
          {
            key: "details",
            header: <span className="sr-only">Details</span>,
            align: "right",
            cell: (row) => (
              <Button variant="ghost" size="sm" aria-label={`Details of event ${row.id}`} onClick={() => setSelected(row)}>
                Details
              </Button>
            ),
          },
        ]}
        empty={empty}
      />
      <AuditEventDrawer event={selected} onClose={close} />
    </>
  );
}

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid grid-cols-3 gap-2 py-2">
      <dt className="text-sm font-medium text-slate-600">{label}</dt>
      <dd className="col-span-2 text-sm break-all text-slate-900">{children}</dd>
    </div>
  );
}

function AuditEventDrawer({ event, onClose }: { event: AuditRowView | null; onClose: () => void }) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const closeRef = useRef<HTMLButtonElement>(null);
  const openerRef = useRef<HTMLElement | null>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (event && !dialog.open) {
      openerRef.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      dialog.showModal();
      closeRef.current?.focus();
    } else if (!event && dialog.open) {
      dialog.close();
    }
  }, [event]);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    const restoreFocus = () => {
      if (openerRef.current?.isConnected) openerRef.current.focus();
      openerRef.current = null;
    };
    dialog.addEventListener("close", restoreFocus);
    return () => dialog.removeEventListener("close", restoreFocus);
  }, []);

  const requestWindow = event ? windowAround(event.occurredAt) : null;

  return (
    <dialog
      ref={dialogRef}
      aria-labelledby={titleId}
      className="fixed inset-y-0 right-0 left-auto m-0 h-full max-h-none w-full max-w-xl overflow-y-auto bg-white p-0 text-slate-900 shadow-xl ring-1 ring-slate-200 backdrop:bg-slate-900/30"
      onCancel={(domEvent) => {
        domEvent.preventDefault();
        onClose();
      }}
      onClick={(domEvent) => {
        if (domEvent.target === domEvent.currentTarget) onClose();
      }}
    >
      {event && (
        <div className="flex min-h-full flex-col">
          <header className="flex items-start justify-between gap-3 border-b border-slate-200 px-6 py-4">
            <div>
              <p className="text-sm font-medium text-ember-800">Audit event {event.id}</p>
              <h2 id={titleId} className="text-lg font-semibold text-slate-900">
                <code>{event.action}</code>
              </h2>
            </div>
            <Button ref={closeRef} variant="ghost" size="sm" onClick={onClose} aria-label="Close details">
              <Icon name="x" className="size-5" />
            </Button>
          </header>
          <div className="flex-1 px-6 py-4">
            <dl className="divide-y divide-slate-100">
              <Field label="Event id">{event.id}</Field>
              <Field label="Time">
                <time dateTime={event.occurredAt}>{formatAuditTime(event.occurredAt)}</time>
              </Field>
              <Field label="Action">
                <code>{event.action}</code>
              </Field>
              <Field label="Result">{event.result.toLowerCase()}</Field>
              <Field label="Actor e-mail">{event.actorEmail ?? "—"}</Field>
              <Field label="Actor user id">{event.actorUserId ?? "—"}</Field>
              <Field label="Actor label">{event.actorLabel ?? "—"}</Field>
              <Field label="Target type">{event.targetType ?? "—"}</Field>
              <Field label="Target">
                <NamedId name={event.targetName} id={event.targetId} />
              </Field>
              <Field label="Organization">
                <NamedId name={event.organizationName} id={event.organizationId} />
              </Field>
              <Field label="IP address">{event.ipAddress ?? "—"}</Field>
              <Field label="User agent">{event.userAgent ?? "—"}</Field>
              <Field label="Request id">{event.requestId ?? "—"}</Field>
            </dl>
            <h3 className="mt-4 text-sm font-semibold text-slate-900">Details</h3>
            {event.detailsJson ? (
              <pre className="mt-2 overflow-x-auto rounded-md bg-slate-50 p-3 text-xs text-slate-800 ring-1 ring-slate-200">
                {event.detailsJson}
              </pre>
            ) : (
              <p className="mt-2 text-sm text-slate-600">No details recorded.</p>
            )}
            <h3 className="mt-4 text-sm font-semibold text-slate-900">Hash chain</h3>
            <dl className="divide-y divide-slate-100">
              <Field label="Previous hash">
                <code className="text-xs">{event.prevHash}</code>
              </Field>
              <Field label="Hash">
                <code className="text-xs">{event.hash}</code>
              </Field>
            </dl>
            <h3 className="mt-4 text-sm font-semibold text-slate-900">Related events</h3>
            <ul className="mt-2 space-y-1 text-sm">
              {event.actorUserId && (
                <li>
                  <Link className="text-ember-800 underline underline-offset-4" href={auditLogHref({ actor: event.actorUserId })}>
                    More from this actor
                  </Link>
                </li>
              )}
              {(event.targetType || event.targetId) && (
                <li>
                  <Link
                    className="text-ember-800 underline underline-offset-4"
                    href={auditLogHref({ targetType: event.targetType, targetId: event.targetId })}
                  >
                    More on this target
                  </Link>
                </li>
              )}
              {event.organizationId && (
                <li>
                  <Link className="text-ember-800 underline underline-offset-4" href={auditLogHref({ org: event.organizationId })}>
                    More in {event.organizationName ?? "this organization"}
                  </Link>
                </li>
              )}
              {event.requestId && requestWindow && (
                <li>
                  <Link
                    className="text-ember-800 underline underline-offset-4"
                    href={auditLogHref({ request: event.requestId, from: requestWindow.from, to: requestWindow.to })}
                  >
                    More from this request
                  </Link>
                </li>
              )}
              {!event.actorUserId && !event.targetType && !event.targetId && !event.organizationId && !event.requestId && (
                <li className="text-slate-600">No actor, target, organization or request to follow.</li>
              )}
            </ul>
          </div>
        </div>
      )}
    </dialog>
  );
}

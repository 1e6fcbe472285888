"use client";
// The connection's live state: status, selling partner, region, last/next
// sync, the last error (safe text), a running sync's progress (polled from
// /api/seller/sync-status with TanStack Query), "Sync now" and "Disconnect".
import { useQuery } from "@tanstack/react-query";
import { useActionState, useEffect, useState, useTransition, type ReactNode } from "react";
import { Alert } from "@/components/alert";
import { Badge } from "@/components/badge";
import { Button, ButtonLink } from "@/components/button";
import { Card } from "@/components/card";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { useActionFeedback } from "@/components/use-action-feedback";
import type { ActionResult } from "@/lib/auth/define-action";
import { REGION_LABELS, type AmazonRegionCode } from "@/lib/onboarding/marketplaces";
import { countInWords, durationInWords } from "@/lib/time/in-words";
import { disconnectAmazonAction, syncNowAction } from "./actions";
import { ConnectAmazonForm } from "./connect-amazon-form";

/** SyncStatus (lib/orders/sync.ts) as JSON: dates are ISO strings. */
export interface SyncStatusJson {
  connection: {
    id: string;
    status: "ACTIVE" | "REVOKED" | "DISCONNECTED";
    region: AmazonRegionCode;
    sellingPartnerId: string;
    lastSyncAt: string | null;
    nextSyncAt: string | null;
    lastError: string | null;
  } | null;
  currentRun?: { id: string; startedAt: string; pagesFetched: number; ordersUpserted: number; ordersAdded: number };
  recentRuns: {
    id: string;
    status: string;
    startedAt: string;
    finishedAt: string | null;
    pagesFetched: number;
    ordersUpserted: number;
    ordersAdded: number;
    error: string | null;
  }[];
}

async function fetchSyncStatus(): Promise<SyncStatusJson> {
  const response = await fetch("/api/seller/sync-status", { cache: "no-store", headers: { accept: "application/json" } });
  if (!response.ok) throw new Error("Could not load the sync status.");
  return (await response.json()) as SyncStatusJson;
}

/** Fixed format (no locale): the same text on the server and in the browser. */
function formatTime(iso: string | null): string {
  if (!iso) return "—";
  return `${iso.slice(0, 16).replace("T", " ")} UTC`;
}

const STATUS_BADGES = {
  ACTIVE: { tone: "success", label: "Connected" },
  REVOKED: { tone: "danger", label: "Revoked on Amazon" },
  DISCONNECTED: { tone: "neutral", label: "Disconnected" },
} as const;

type RunJson = SyncStatusJson["recentRuns"][number];

/** "Syncing: 3 pages read, 150 orders so far (120 new)." */
export function syncProgressText(run: { pagesFetched: number; ordersUpserted: number; ordersAdded: number }): string {
  const added = run.ordersAdded > 0 && run.ordersAdded !== run.ordersUpserted ? ` (${run.ordersAdded.toLocaleString("en-US")} new)` : "";
  return `${countInWords(run.pagesFetched, "page")} read, ${countInWords(run.ordersUpserted, "order")} so far${added}.`;
}

/** "120 orders added and 3 updated in 42 seconds." */
export function syncSummaryText(run: RunJson): string {
  const updated = Math.max(0, run.ordersUpserted - run.ordersAdded);
  const took = run.finishedAt ? ` in ${durationInWords(Date.parse(run.finishedAt) - Date.parse(run.startedAt))}` : "";
  if (run.ordersUpserted === 0) return `No new or changed orders${took ? ` (checked${took})` : ""}.`;
  return `${countInWords(run.ordersAdded, "order")} added and ${updated.toLocaleString("en-US")} updated${took}.`;
}

/**
 * The sync the person is waiting for: the first one after connecting, or one
 * they watched run on this page. Live while it runs (pages and orders as they
 * arrive), then a summary, or the safe error text if it failed.
 */
function SyncBanner({ status, justConnected, watchedRunId }: { status: SyncStatusJson; justConnected: boolean; watchedRunId: string | null }) {
  const running = status.currentRun;
  const first = justConnected ? "Your first sync" : "The sync";
  if (running) {
    return (
      <Alert tone="info" title={`${first} is running`} live="status">
        {syncProgressText(running)} Orders appear on the orders page as they arrive.
      </Alert>
    );
  }
  const finished = status.recentRuns.find((run) => run.id === watchedRunId) ?? (justConnected ? status.recentRuns[0] : undefined);
  if (!finished) {
    return justConnected ? (
      <Alert tone="success" title="Amazon is connected" live="status">
        Your first sync starts in a moment.
      </Alert>
    ) : null;
  }
  if (finished.status === "FAILED") {
    return (
      <Alert tone="error" title={`${first} failed`} live="alert">
        {finished.error ?? "Amazon did not answer."} FireFeed retries on the next scheduled sync.
      </Alert>
    );
  }
  return (
    <Alert
      tone="success"
      title={`${first} has finished`}
      live="status"
      action={<ButtonLink href="/seller/orders" variant="secondary" size="sm">View orders</ButtonLink>}
    >
      {syncSummaryText(finished)}
    </Alert>
  );
}

export function AmazonConnectionPanel({
  initialStatus,
  justConnected,
  regions,
  canConnect,
  canSync,
  canDisconnect,
}: {
  initialStatus: SyncStatusJson;
  /** The person has just come back from Amazon's consent page. */
  justConnected: boolean;
  regions: readonly AmazonRegionCode[];
  canConnect: boolean;
  canSync: boolean;
  canDisconnect: boolean;
}) {
  const { data: status, isError } = useQuery({
    queryKey: ["sync-status"],
    queryFn: fetchSyncStatus,
    initialData: initialStatus,
    staleTime: 0,
    // Every 2 s while a sync runs, every 15 s otherwise (the scheduler may start one).
    refetchInterval: (query) => (query.state.data?.currentRun ? 2_000 : 15_000),
  });
  const connection = status.connection;
  const active = connection?.status === "ACTIVE";
  // The run this page saw running: when it ends, its summary replaces the progress.
  const [watchedRunId, setWatchedRunId] = useState<string | null>(initialStatus.currentRun?.id ?? null);
  if (status.currentRun && status.currentRun.id !== watchedRunId) setWatchedRunId(status.currentRun.id);

  return (
    <div className="grid gap-6">
      {active && <SyncBanner status={status} justConnected={justConnected} watchedRunId={watchedRunId} />}
      <Card id="amazon-connection" title="Connection">
        {!connection ? (
          <p className="text-sm text-slate-600">Amazon is not connected.</p>
        ) : (
          <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-2">
            <ConnectionField label="Status" className="mt-1">
              <Badge tone={STATUS_BADGES[connection.status].tone} dot>
                {STATUS_BADGES[connection.status].label}
              </Badge>
            </ConnectionField>
            <ConnectionField label="Selling partner id" className="mt-1 font-mono text-slate-900">{connection.sellingPartnerId}</ConnectionField>
            <ConnectionField label="Region" className="mt-1 text-slate-900">{REGION_LABELS[connection.region]}</ConnectionField>
            <ConnectionField label="Last sync" className="mt-1 text-slate-900">{formatTime(connection.lastSyncAt)}</ConnectionField>
            <ConnectionField label="Next sync" className="mt-1 text-slate-900">{active ? formatTime(connection.nextSyncAt) : "—"}</ConnectionField>
            <ConnectionField label="Last error" className="mt-1 text-slate-900">{connection.lastError ?? "None"}</ConnectionField>
          </dl>
        )}
        {isError && (
          <p role="status" className="mt-4 text-sm text-slate-600">
            Live status is unavailable right now; showing the last known state.
          </p>
        )}
        {active && (canSync || canDisconnect) && (
          <div className="mt-6 flex flex-wrap gap-3">
            {canSync && <SyncNowButton connectionId={connection.id} running={Boolean(status.currentRun)} onStarted={setWatchedRunId} />}
            {canDisconnect && <DisconnectButton connectionId={connection.id} />}
          </div>
        )}
      </Card>
      {!active && canConnect && (
        <Card id="connect-amazon" title="Connect Amazon" description="You will sign in on Amazon's own page and confirm; FireFeed never sees your Amazon password.">
          {connection?.status === "REVOKED" && (
            <div className="mb-4">
              <Alert tone="warning">The authorization was revoked on Amazon, so syncing stopped and your Amazon data was deleted. Connect again to resume.</Alert>
            </div>
          )}
          <ConnectAmazonForm regions={regions} />
        </Card>
      )}
    </div>
  );
}

/** One term/value pair of the connection's description list. */
function ConnectionField({ label, className, children }: { label: string; className: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-slate-500">{label}</dt>
      <dd className={className}>
        {children}
      </dd>
    </div>
  );
}

function SyncNowButton({ connectionId, running, onStarted }: { connectionId: string; running: boolean; onStarted: (runId: string) => void }) {
  const [state, formAction, pending] = useActionState(syncNowAction, null);
  useActionFeedback(state);
  // Watch the run this click started, so its summary shows even if it ends between two polls.
  const runId = state?.ok ? (state.data?.runId ?? null) : null;
  useEffect(() => {
    if (runId) onStarted(runId);
  }, [runId, onStarted]);
  return (
    <form action={formAction}>
      <input type="hidden" name="connectionId" value={connectionId} />
      <Button type="submit" variant="secondary" pending={pending} disabled={running}>
        Sync now
      </Button>
    </form>
  );
}

function DisconnectButton({ connectionId }: { connectionId: string }) {
  const [open, setOpen] = useState(false);
  const [result, setResult] = useState<ActionResult | null>(null);
  const [pending, startTransition] = useTransition();
  useActionFeedback(result);

  const confirm = () =>
    startTransition(async () => {
      const formData = new FormData();
      formData.set("connectionId", connectionId);
      const outcome = await disconnectAmazonAction(null, formData);
      setResult(outcome);
      setOpen(false);
    });

  return (
    <>
      <Button variant="danger" onClick={() => setOpen(true)}>
        Disconnect
      </Button>
      <ConfirmDialog
        open={open}
        onOpenChange={setOpen}
        onConfirm={confirm}
        pending={pending}
        tone="danger"
        title="Disconnect Amazon?"
        description="FireFeed stops syncing and deletes all your Amazon orders and buyer data now. A record that the deletion happened is kept. You can connect again later; orders then sync from scratch."
        confirmLabel="Disconnect and delete data"
      />
    </>
  );
}

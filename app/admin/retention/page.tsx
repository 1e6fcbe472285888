import type { Metadata } from "next";
import { Card } from "@/components/card";
import { DataTable } from "@/components/data-table";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { ConfirmActionButton } from "@/components/confirm-action-button";
import { requireRouteAccess } from "@/lib/auth/authorize";
import { getPrisma } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { listRetentionRuns } from "@/lib/orders/retention";
import { listSecurityRetentionRuns } from "@/lib/audit/security-retention";
import { runRetentionNow, runSecurityRetentionNow } from "./actions";
import { LocalTime } from "@/components/local-time";

export const metadata: Metadata = { title: "Data retention" };

/** Amazon-data retention runs (D1, D5): counts only, never order or buyer data. */
export default async function AdminRetentionPage() {
  await requireRouteAccess("/admin/retention");
  const env = getEnv();
  const runs = await listRetentionRuns(getPrisma(), 20);
  const securityRuns = await listSecurityRetentionRuns(getPrisma(), 10);

  return (
    <>
      <PageHeader
        title="Data retention"
        description={`Buyer details are removed ${env.PII_RETENTION_DAYS} days after delivery (or shipment when no delivery date is known); order records are deleted after ${env.ORDER_RETENTION_MONTHS} months. The job runs daily.`}
      />
      <div className="grid gap-6">
        <Card id="run-now" title="Run now" description="Runs the same job immediately. The run and its counts are recorded in the audit log.">
          <ConfirmActionButton
            action={runRetentionNow}
            fields={{}}
            label="Run retention now"
            title="Run retention now?"
            description="Buyer details past the retention window are removed permanently and old orders are deleted. This cannot be undone."
            confirmLabel="Run retention"
            variant="primary"
            size="md"
          />
        </Card>
        <Card id="runs" title="Recent runs" flush>
          <DataTable
            caption="Recent retention runs"
            hideCaption
            rows={runs}
            rowKey={(run) => run.id}
            columns={[
              { key: "startedAt", header: "Started", cell: (run) => <LocalTime value={run.startedAt} empty="Never" /> },
              { key: "trigger", header: "Trigger", cell: (run) => run.trigger },
              { key: "purged", header: "Orders with buyer details removed", cell: (run) => String(run.ordersPiiPurged) },
              { key: "deleted", header: "Orders deleted", cell: (run) => String(run.ordersDeleted) },
              { key: "finishedAt", header: "Finished", cell: (run) => (run.finishedAt ? <LocalTime value={run.finishedAt} empty="Never" /> : "Did not finish") },
            ]}
            empty={<EmptyState title="No retention runs yet" description="The daily job records its runs here; you can also run it now." />}
          />
        </Card>
        <Card
          id="security-records"
          title="Security records"
          description={`Audit events, closed alerts and completed log reviews are kept ${env.SECURITY_RECORD_RETENTION_DAYS} days (never less than 365, control L5), then deleted by a daily job. Deleted audit events leave an anchor so the hash chain stays verifiable. Application logs are kept by your log collector.`}
          actions={
            <ConfirmActionButton
              action={runSecurityRetentionNow}
              fields={{}}
              label="Run security retention now"
              title="Run security retention now?"
              description={`Security records older than ${env.SECURITY_RECORD_RETENTION_DAYS} days are deleted permanently. Nothing younger than 365 days can be deleted.`}
              confirmLabel="Run security retention"
              variant="primary"
              size="md"
            />
          }
          flush
        >
          <DataTable
            caption="Recent security retention runs"
            hideCaption
            rows={securityRuns}
            rowKey={(run) => run.id}
            columns={[
              { key: "startedAt", header: "Started", cell: (run) => <LocalTime value={run.startedAt} empty="Never" /> },
              { key: "trigger", header: "Trigger", cell: (run) => run.trigger },
              { key: "cutoff", header: "Deleted records before", cell: (run) => <LocalTime value={run.cutoff} empty="Never" /> },
              { key: "audit", header: "Audit events deleted", align: "right", cell: (run) => String(run.auditEventsDeleted) },
              { key: "alerts", header: "Alerts deleted", align: "right", cell: (run) => String(run.alertsDeleted) },
              { key: "other", header: "Other records deleted", align: "right", cell: (run) => String(run.otherRecordsDeleted) },
              { key: "finishedAt", header: "Finished", cell: (run) => (run.finishedAt ? <LocalTime value={run.finishedAt} empty="Never" /> : "Did not finish") },
            ]}
            empty={<EmptyState title="No security retention runs yet" description="The daily job records its runs here; you can also run it now." />}
          />
        </Card>
      </div>
    </>
  );
}

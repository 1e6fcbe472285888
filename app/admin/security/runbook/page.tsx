import type { Metadata } from "next";
import Link from "next/link";
import { Alert } from "@/components/alert";
import { Badge } from "@/components/badge";
import { Card } from "@/components/card";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { can, requireRouteAccess } from "@/lib/auth/authorize";
import { getPrisma } from "@/lib/db/client";
import {
  ensureRunbook,
  getRunbookReviewStatus,
  getRunbookVersion,
  listRunbookReviews,
  listRunbookVersions,
  withIncidentContact,
} from "@/lib/runbook/runbook";
import { getSecuritySettings } from "@/lib/security-settings/settings";
import { formatUtc } from "@/lib/users/shared";
import { EditRunbookForm, SignOffReviewForm } from "./runbook-forms";
import { SafeMarkdown as RunbookMarkdown } from "@/components/safe-markdown";
import { LocalTime } from "@/components/local-time";

export const metadata: Metadata = { title: "Incident response runbook" };

function formatDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The incident response runbook (D6): versioned, reviewed every 6 months, with the named point of contact. */
export default async function RunbookPage({ searchParams }: { searchParams: Promise<{ version?: string | string[] }> }) {
  const actor = await requireRouteAccess("/admin/security/runbook");
  const db = getPrisma();
  const current = await ensureRunbook(db);
  const requested = (await searchParams).version;
  const requestedNumber = typeof requested === "string" && /^\d{1,6}$/.test(requested) ? Number(requested) : null;
  const shown = requestedNumber !== null && requestedNumber !== current.version ? await getRunbookVersion(db, requestedNumber) : current;
  const [settings, status, versions, reviews] = await Promise.all([
    getSecuritySettings(db),
    getRunbookReviewStatus(db, new Date()),
    listRunbookVersions(db),
    listRunbookReviews(db, 10),
  ]);
  const mayManage = can(actor, "incidents:manage");
  const contact = settings.incidentContact;

  return (
    <>
      <PageHeader
        eyebrow="Security"
        title="Incident response runbook"
        description={`Version ${current.version}, saved ${formatUtc(current.createdAt)}. Reviewed and signed off at least every ${settings.reviewCadence.runbookReviewMonths} months.`}
        actions={
          <div className="flex flex-wrap items-center gap-2" role="group" aria-label="Review status">
            {status.overdue ? (
              <Badge tone="danger" dot>
                {status.nextDueAt ? "Review overdue" : "Never reviewed"}
              </Badge>
            ) : (
              <Badge tone="success" dot>
                Reviewed
              </Badge>
            )}
            <span className="text-sm text-slate-700">
              {status.nextDueAt ? `Next review due ${formatDay(status.nextDueAt)}` : "Review due now"}
            </span>
          </div>
        }
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          {!shown ? (
            <EmptyState
              icon="fileText"
              title={`There is no version ${requestedNumber}`}
              description="Choose a version from the history."
              action={<Link href="/admin/security/runbook" className="font-medium text-ember-800 underline">Current version</Link>}
            />
          ) : (
            <Card id="runbook" title={shown.version === current.version ? `Current version (${shown.version})` : `Version ${shown.version} (not current)`}>
              {shown.version !== current.version && (
                <Alert tone="info" live="none" className="mb-4" title="You are reading an earlier version">
                  Saved <LocalTime value={shown.createdAt} empty="Never" />: {shown.changeSummary} <Link href="/admin/security/runbook">Read the current version</Link>.
                </Alert>
              )}
              <RunbookMarkdown markdown={withIncidentContact(shown.markdown, contact)} />
            </Card>
          )}
          {mayManage && (
            <Card id="edit" title="Edit the runbook" description="Saving creates a new version with your change summary; every version is kept and the change is recorded in the audit log.">
              <details>
                <summary className="cursor-pointer text-sm font-medium text-ember-800">Edit version {current.version}</summary>
                <div className="mt-4">
                  <EditRunbookForm markdown={current.markdown} version={current.version} />
                </div>
              </details>
            </Card>
          )}
        </div>
        <div className="space-y-6">
          <Card id="contact" title="Point of contact" description="The named incident management contact (Security settings).">
            <p className="text-sm font-semibold text-slate-900">{contact.name}</p>
            <p className="text-sm">
              <a className="text-ember-800 underline underline-offset-4" href={`mailto:${contact.email}`}>
                {contact.email}
              </a>
            </p>
            {contact.phone && <p className="text-sm text-slate-700">{contact.phone}</p>}
          </Card>
          <Card id="review" title="Review sign-off">
            <dl className="mb-4 space-y-1 text-sm">
              <div className="flex justify-between gap-2">
                <dt className="text-slate-600">Last reviewed</dt>
                <dd className="text-slate-900">{status.lastReviewedAt ? <LocalTime value={status.lastReviewedAt} empty="Never" /> : "Never"}</dd>
              </div>
              <div className="flex justify-between gap-2">
                <dt className="text-slate-600">Next review due</dt>
                <dd className="text-slate-900" data-testid="runbook-next-due">
                  {status.nextDueAt ? formatDay(status.nextDueAt) : "Now"}
                </dd>
              </div>
            </dl>
            {mayManage ? (
              <SignOffReviewForm version={current.version} />
            ) : (
              <p className="text-sm text-slate-600">Only the security team (incident managers) can sign off a review.</p>
            )}
          </Card>
          <Card id="history" title="Version history" flush>
            <ol className="divide-y divide-slate-200">
              {versions.map((version) => (
                <li key={version.id} className="px-5 py-3 text-sm">
                  <Link
                    href={version.version === current.version ? "/admin/security/runbook" : `/admin/security/runbook?version=${version.version}`}
                    className="font-medium text-ember-800 underline underline-offset-4"
                    aria-current={shown?.version === version.version ? "page" : undefined}
                  >
                    Version {version.version}
                  </Link>
                  <span className="ml-2 text-slate-600"><LocalTime value={version.createdAt} empty="Never" /></span>
                  <p className="mt-1 text-slate-700">{version.changeSummary}</p>
                </li>
              ))}
            </ol>
          </Card>
          <Card id="reviews" title="Recent reviews" flush>
            {reviews.length === 0 ? (
              <p className="px-5 py-4 text-sm text-slate-600">No review signed off yet.</p>
            ) : (
              <ol className="divide-y divide-slate-200">
                {reviews.map((review) => (
                  <li key={review.id} className="px-5 py-3 text-sm">
                    <p className="font-medium text-slate-900">
                      <LocalTime value={review.reviewedAt} empty="Never" /> · version {review.runbookVersion.version}
                    </p>
                    <p className="mt-1 whitespace-pre-line text-slate-700">{review.notes}</p>
                  </li>
                ))}
              </ol>
            )}
          </Card>
        </div>
      </div>
    </>
  );
}

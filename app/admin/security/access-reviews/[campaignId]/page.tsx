import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { Alert } from "@/components/alert";
import { Badge, type BadgeTone } from "@/components/badge";
import { Button, ButtonLink, buttonClasses } from "@/components/button";
import { Card } from "@/components/card";
import { cx } from "@/components/class-names";
import { DataTable } from "@/components/data-table";
import { EmptyState } from "@/components/empty-state";
import { SelectField } from "@/components/form-field";
import { PageHeader } from "@/components/page-header";
import { ConfirmActionButton } from "@/components/confirm-action-button";
import { requireRouteAccess } from "@/lib/auth/authorize";
import { getPrisma } from "@/lib/db/client";
import type { AccessReviewDecision } from "@/lib/db/generated/enums";
import { DECISION_LABELS, SUBJECT_TYPES, SUBJECT_TYPE_LABELS } from "@/lib/access-reviews/access-review-rules";
import { getAccessReviewCampaign, listAccessReviewItems, type ReviewItemRow } from "@/lib/access-reviews/access-reviews";
import { OPERATOR_ROLES, ROLE_SHORT_LABELS, SELLER_ROLES, formatUtc } from "@/lib/users/shared";
import { isUuid } from "@/lib/validation/input";
import { completeAccessReviewAction, decideAccessReviewItemAction, keepRemainingAccessReviewItemsAction } from "../actions";
import { CampaignProgress } from "../campaign-progress";
import { DecisionForm } from "./decision-form";
import { LocalTime } from "@/components/local-time";

export const metadata: Metadata = { title: "Access review campaign" };

const PAGE_SIZE = 50;
const searchSchema = z.object({
  type: z.enum(SUBJECT_TYPES).optional().catch(undefined),
  decision: z.enum(["KEEP", "CHANGE", "REVOKE", "UNDECIDED"]).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).optional().catch(undefined),
});

const DECISION_TONES: Record<AccessReviewDecision, BadgeTone> = { KEEP: "success", CHANGE: "warning", REVOKE: "danger" };
const operatorRoleOptions = OPERATOR_ROLES.map((role) => ({ value: role, label: ROLE_SHORT_LABELS[role] }));
const sellerRoleOptions = SELLER_ROLES.map((role) => ({ value: role, label: ROLE_SHORT_LABELS[role] }));

function roleLabel(role: string | null): string {
  if (!role) return "—";
  return ROLE_SHORT_LABELS[role as keyof typeof ROLE_SHORT_LABELS] ?? role;
}

export default async function AccessReviewCampaignPage({
  params,
  searchParams,
}: {
  params: Promise<{ campaignId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { campaignId } = await params;
  const actor = await requireRouteAccess(`/admin/security/access-reviews/${campaignId}`);
  if (!isUuid(campaignId)) notFound();
  const db = getPrisma();
  const now = new Date();
  const campaign = await getAccessReviewCampaign(db, campaignId, now);
  if (!campaign) notFound();
  const filters = searchSchema.parse(await searchParams);
  const { rows, totalCount, page } = await listAccessReviewItems(db, campaignId, {
    subjectType: filters.type,
    decision: filters.decision,
    page: filters.page,
    pageSize: PAGE_SIZE,
  });
  const isOpen = campaign.status === "OPEN";
  const undecided = campaign.total - campaign.decided;
  const base = `/admin/security/access-reviews/${campaign.id}`;
  const pageHref = (target: number) => {
    const query = new URLSearchParams();
    if (filters.type) query.set("type", filters.type);
    if (filters.decision) query.set("decision", filters.decision);
    query.set("page", String(target));
    return `${base}?${query.toString()}`;
  };

  const decisionCell = (item: ReviewItemRow) =>
    item.decision ? (
      <div className="grid gap-1">
        <span>
          <Badge tone={DECISION_TONES[item.decision]} dot>
            {DECISION_LABELS[item.decision]}
            {item.decision === "CHANGE" && item.newRole ? ` to ${roleLabel(item.newRole)}` : ""}
          </Badge>
        </span>
        <span className="text-xs text-slate-600">
          {item.reviewerEmail ?? "a former reviewer"}, <LocalTime value={item.reviewedAt} empty="Never" />
        </span>
        {item.justification && <span className="text-xs break-words text-slate-700">“{item.justification}”</span>}
      </div>
    ) : (
      <Badge tone="neutral">Undecided</Badge>
    );

  const actionCell = (item: ReviewItemRow) => {
    if (!isOpen) return null;
    if (item.subjectUserId === actor.userId) {
      return <span className="text-sm text-slate-600">You cannot review your own access</span>;
    }
    return (
      <DecisionForm
        final={item.decision === "CHANGE" || item.decision === "REVOKE"}
        action={decideAccessReviewItemAction}
        campaignId={campaign.id}
        itemId={item.id}
        subjectLabel={item.subjectLabel}
        currentDecision={item.decision}
        roleOptions={item.subjectType === "OPERATOR" ? operatorRoleOptions : item.subjectType === "SELLER_USER" ? sellerRoleOptions : []}
      />
    );
  };

  return (
    <>
      <PageHeader
        eyebrow={
          <Link href="/admin/security/access-reviews" className="underline-offset-4 hover:underline">
            Access reviews
          </Link>
        }
        title={campaign.title}
        description={`Started ${formatUtc(campaign.startedAt)}, due ${formatUtc(campaign.dueAt)}${campaign.completedAt ? `, completed ${formatUtc(campaign.completedAt)}` : ""}.`}
        actions={
          <>
            {/* A plain link: the route handler answers a file download, not a page. */}
            <a href={`/api/admin/access-reviews/export?campaignId=${campaign.id}`} className={buttonClasses({ variant: "secondary" })}>
              Export CSV
            </a>
            <ButtonLink href={`${base}/report`} variant="secondary">
              Printable report
            </ButtonLink>
          </>
        }
      />
      <div className="grid gap-6">
        {campaign.overdue && (
          <Alert tone="warning" title="This campaign is overdue" live="none">
            It was due <LocalTime value={campaign.dueAt} empty="Never" />; {undecided} items are still undecided.
          </Alert>
        )}
        <Card
          title="Progress"
          actions={
            // Mounted even when not applicable (hidden): the button that just completed the campaign
            // or kept the last items must stay mounted to announce its result.
            <div className={cx("flex flex-wrap gap-2 print:hidden", !isOpen && "hidden")}>
              <div className={cx(undecided === 0 && "hidden")}>
                <ConfirmActionButton
                  action={keepRemainingAccessReviewItemsAction}
                  fields={{ campaignId: campaign.id }}
                  label="Keep all undecided"
                  title="Keep every undecided item?"
                  description="Every item without a decision, except your own, is recorded as Keep with this justification (each one in the audit trail). Review the ones you want to change or revoke first."
                  confirmLabel="Keep all undecided"
                  tone="primary"
                  size="md"
                  reason={{ label: "Justification", hint: "At least 10 characters, e.g. who confirmed these accounts still need their access." }}
                />
              </div>
              <ConfirmActionButton
                action={completeAccessReviewAction}
                fields={{ campaignId: campaign.id }}
                label="Complete campaign"
                title="Complete this campaign?"
                description="Only possible when every item is decided. Afterwards no decision can change; the report is the evidence."
                confirmLabel="Complete campaign"
                tone="primary"
                variant="primary"
                size="md"
              />
            </div>
          }
        >
          <div className="grid gap-3">
            <CampaignProgress decided={campaign.decided} total={campaign.total} label="Items decided" className="max-w-md" />
            <p className="text-sm text-slate-600">
              {campaign.status === "COMPLETED" ? (
                <Badge tone="success" dot>
                  Completed
                </Badge>
              ) : (
                <>{undecided === 0 ? "Every item is decided: complete the campaign." : `${undecided} undecided.`}</>
              )}{" "}
              {campaign.revoked} revoked, {campaign.changed} changed. Nobody can decide their own item: another reviewer does.
            </p>
          </div>
        </Card>
        <Card title="Items" flush>
          <DataTable
            caption="Review items"
            hideCaption
            rows={rows}
            rowKey={(item) => item.id}
            pagination={{ page, pageSize: PAGE_SIZE, totalCount }}
            pageHref={pageHref}
            filters={
              <form method="get" action={base} className="flex flex-wrap items-end gap-3">
                <SelectField
                  name="type"
                  label="Type"
                  defaultValue={filters.type ?? ""}
                  placeholder="All types"
                  options={SUBJECT_TYPES.map((type) => ({ value: type, label: SUBJECT_TYPE_LABELS[type] }))}
                />
                <SelectField
                  name="decision"
                  label="Decision"
                  defaultValue={filters.decision ?? ""}
                  placeholder="All decisions"
                  options={[
                    { value: "UNDECIDED", label: "Undecided" },
                    { value: "KEEP", label: "Keep" },
                    { value: "CHANGE", label: "Change role" },
                    { value: "REVOKE", label: "Revoke" },
                  ]}
                />
                <Button type="submit" variant="secondary">
                  Filter
                </Button>
              </form>
            }
            columns={[
              {
                key: "subject",
                header: "Subject",
                cell: (item) => (
                  <div className="grid gap-1">
                    <span className="font-medium break-words text-slate-900">{item.subjectLabel}</span>
                    <span>
                      <Badge tone="neutral">{SUBJECT_TYPE_LABELS[item.subjectType]}</Badge>
                    </span>
                  </div>
                ),
              },
              {
                key: "access",
                header: "Access at start",
                cell: (item) => <span className="text-sm break-words text-slate-700">{item.accessSummary}</span>,
              },
              { key: "decision", header: "Decision", cell: decisionCell },
              { key: "action", header: <span className="sr-only">Action</span>, cell: actionCell },
            ]}
            empty={
              <EmptyState
                icon="clipboardCheck"
                title={totalCount === 0 && !filters.type && !filters.decision ? "Nothing to review" : "No items match these filters"}
                description={filters.type || filters.decision ? "Clear the filters to see every item." : "No account had access when this campaign started."}
                headingLevel={3}
              />
            }
          />
        </Card>
      </div>
    </>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { DeadlineCountdown } from "@/app/admin/security/(dashboard)/_components/deadline-countdown";
import { ButtonLink } from "@/components/button";
import { Card } from "@/components/card";
import { cx } from "@/components/class-names";
import { EmptyState } from "@/components/empty-state";
import { LocalTime } from "@/components/local-time";
import { Icon, type IconName } from "@/components/icons";
import { PageHeader } from "@/components/page-header";
import { attentionItems, type AttentionItemKey, type AttentionTone } from "@/lib/admin-overview/needs-attention-items";
import { getNeedsAttention } from "@/lib/admin-overview/needs-attention";
import { requireRouteAccess } from "@/lib/auth/authorize";
import { getPrisma } from "@/lib/db/client";
import { mayOpen } from "@/lib/rbac/navigation";

export const metadata: Metadata = { title: "Operator console" };

const ICONS: Readonly<Record<AttentionItemKey, IconName>> = {
  "amazon-deadline": "alertTriangle",
  incidents: "siren",
  alerts: "bell",
  "log-reviews": "search",
  "access-review": "clipboardCheck",
  runbook: "fileText",
  "failing-syncs": "link",
  "operator-invitations": "mail",
};

const TONE_CLASSES: Readonly<Record<AttentionTone, string>> = {
  danger: "bg-red-100 text-red-800",
  warning: "bg-amber-100 text-amber-900",
  info: "bg-sky-100 text-sky-800",
};

// What needs the viewer's attention, counted from the records (issue 11): each
// item only for a role that may open the screen it links to.
export default async function AdminOverviewPage() {
  const actor = await requireRouteAccess("/admin");
  const now = new Date();
  const items = attentionItems(await getNeedsAttention(getPrisma(), actor.role, now), now);
  const dashboardLink = mayOpen("/admin/security", actor.role) ? (
    <ButtonLink href="/admin/security" variant="secondary" size="sm">
      Open the security dashboard
    </ButtonLink>
  ) : undefined;
  return (
    <>
      <PageHeader title="Overview" description="The operator console: sellers, operators and security." />
      {items.length === 0 ? (
        <EmptyState
          icon="inbox"
          title="Nothing needs your attention"
          description="Open incidents, unacknowledged alerts, overdue reviews, failing Amazon syncs and pending invitations that you may act on are listed here as they come up."
          action={dashboardLink}
        />
      ) : (
        <Card id="needs-attention" title="Needs your attention" description={
            <>
              As of <LocalTime value={now} />.
            </>
          } actions={dashboardLink} flush>
          <ul className="divide-y divide-slate-200">
            {items.map((item) => (
              <li key={item.key} className="flex flex-wrap items-start gap-3 px-5 py-4 sm:flex-nowrap">
                <span className={cx("flex size-8 shrink-0 items-center justify-center rounded-md", TONE_CLASSES[item.tone])}>
                  <Icon name={ICONS[item.key]} className="size-4" />
                </span>
                <div className="min-w-0 flex-1">
                  <Link href={item.href} className="font-medium text-ember-800 underline-offset-4 hover:underline">
                    {item.title}
                  </Link>
                  {item.detail && <p className="mt-1 text-sm text-slate-600">{item.detail}</p>}
                </div>
                {item.clock && <DeadlineCountdown clock={item.clock} serverNow={now.toISOString()} className="shrink-0" />}
              </li>
            ))}
          </ul>
        </Card>
      )}
    </>
  );
}

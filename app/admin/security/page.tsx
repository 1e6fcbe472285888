import type { Metadata } from "next";
import Link from "next/link";
import { EmptyState } from "@/components/empty-state";
import { Icon, type IconName } from "@/components/icons";
import { PageHeader } from "@/components/page-header";
import { requireRouteAccess } from "@/lib/auth/authorize";

export const metadata: Metadata = { title: "Security dashboard" };

const securityAreas: ReadonlyArray<{ href: string; icon: IconName; title: string; body: string }> = [
  { href: "/admin/security/audit", icon: "fileText", title: "Audit log", body: "Who accessed or changed what, in a tamper-evident log." },
  { href: "/admin/security/alerts", icon: "bell", title: "Alerts", body: "Suspicious sign-ins, configuration changes and unusual data access." },
  { href: "/admin/security/incidents", icon: "siren", title: "Incidents", body: "From detection to post-mortem, with the 24-hour Amazon deadline." },
  { href: "/admin/security/access-reviews", icon: "clipboardCheck", title: "Access reviews", body: "Confirm or revoke access every 90 days." },
];

export default async function AdminSecurityDashboardPage() {
  await requireRouteAccess("/admin/security");
  return (
    <>
      <PageHeader
        eyebrow="Security"
        title="Security dashboard"
        description="Open alerts, incidents, reviews and the health of keys and backups, in one place."
      />
      <EmptyState
        icon="shield"
        title="No open security items"
        description="Open alerts, running incidents, due access reviews and log reviews, key rotation and backup freshness will be summarised here. Until then, start from one of the areas below."
      />
      <h2 className="mt-10 mb-4 text-base font-semibold text-slate-900">Security areas</h2>
      <ul className="grid gap-4 sm:grid-cols-2">
        {securityAreas.map((area) => (
          <li key={area.href}>
            <Link
              href={area.href}
              className="group flex h-full gap-4 rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200 hover:ring-ember-300"
            >
              <span className="flex size-10 shrink-0 items-center justify-center rounded-md bg-ember-50 text-ember-700">
                <Icon name={area.icon} className="size-5" />
              </span>
              <span>
                <span className="flex items-center gap-1 font-semibold text-slate-900 group-hover:text-ember-800">
                  {area.title}
                  <Icon name="arrowRight" className="size-4" />
                </span>
                <span className="mt-1 block text-sm text-slate-600">{area.body}</span>
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </>
  );
}

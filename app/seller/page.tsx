import type { Metadata } from "next";
import { ButtonLink } from "@/components/button";
import { Card } from "@/components/card";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { requireRouteAccess } from "@/lib/auth/authorize";

export const metadata: Metadata = { title: "Overview" };

const gettingStarted = [
  { title: "Secure your account", body: "Verify your e-mail address and turn on multi-factor authentication." },
  { title: "Connect Amazon", body: "Authorize FireFeed on Amazon's consent screen so your orders can sync." },
  { title: "Invite your team", body: "Give each colleague their own account and only the role they need." },
] as const;

export default async function SellerOverviewPage() {
  await requireRouteAccess("/seller");
  return (
    <>
      <PageHeader title="Overview" description="Your FireFeed account at a glance." />
      <div className="grid gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <EmptyState
          icon="home"
          title="Nothing to show yet"
          description="Once your Amazon account is connected, this page shows the connection's health, your latest orders and recent activity on your team. Start by connecting Amazon."
          action={<ButtonLink href="/seller/amazon">Connect your Amazon account</ButtonLink>}
        />
        <Card title="Getting started" description="Three steps to your first synced order.">
          <ol className="space-y-4">
            {gettingStarted.map((step, index) => (
              <li key={step.title} className="flex gap-3">
                <span
                  className="flex size-6 shrink-0 items-center justify-center rounded-full bg-ember-50 text-xs font-semibold text-ember-800 ring-1 ring-inset ring-ember-200"
                  aria-hidden="true"
                >
                  {index + 1}
                </span>
                <div>
                  <p className="text-sm font-medium text-slate-900">{step.title}</p>
                  <p className="mt-0.5 text-sm text-slate-600">{step.body}</p>
                </div>
              </li>
            ))}
          </ol>
        </Card>
      </div>
    </>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { ButtonLink } from "@/components/button";
import { Icon, type IconName } from "@/components/icons";
import { PublicShell } from "@/components/public-shell";

export const metadata: Metadata = {
  title: { absolute: "FireFeed Portal" },
  description: "Connect your Amazon seller account to FireFeed, follow your orders and manage your team.",
  robots: { index: true, follow: true },
};

const features: ReadonlyArray<{ icon: IconName; title: string; body: string }> = [
  {
    icon: "link",
    title: "Connect Amazon in a few clicks",
    body: "Authorize FireFeed through Amazon's own consent screen. You can disconnect at any time, and we then delete your Amazon data.",
  },
  {
    icon: "package",
    title: "Your orders in one place",
    body: "See the orders FireFeed handles for you. Buyer details stay masked until someone with the right role reveals them, and every reveal is recorded.",
  },
  {
    icon: "users",
    title: "Your team, with the right access",
    body: "Invite colleagues with individual accounts and roles. Two-step verification is required for anyone who can see orders.",
  },
];

// Each maps to docs/controls.md (R2, A3, I3, D1, D2); details on /security.
const promises: readonly string[] = [
  "Buyer names, addresses and contact details encrypted with AES-256 before they are stored.",
  "Two-step verification for everyone who can see orders.",
  "Buyer personal information deleted 30 days after delivery, and all your Amazon data when you disconnect.",
  "Amazon notified within 24 hours of a confirmed incident involving its data.",
];

export default function LandingPage() {
  return (
    <PublicShell>
      <section className="border-b border-slate-200 bg-white">
        <div className="mx-auto grid max-w-6xl items-center gap-12 px-4 py-16 sm:px-6 sm:py-24 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
          <div>
            <p className="inline-flex items-center gap-2 rounded-full bg-ember-50 px-3 py-1 text-sm font-medium text-ember-800 ring-1 ring-inset ring-ember-200">
              <Icon name="flame" className="size-4" />
              For Amazon sellers working with FireFeed
            </p>
            <h1 className="mt-6 max-w-3xl text-4xl font-semibold tracking-tight text-slate-900 sm:text-5xl">
              The FireFeed Portal: your Amazon connection, orders and team, kept secure.
            </h1>
            <p className="mt-6 max-w-2xl text-lg text-slate-600">
              FireFeed Portal is where sellers connect their Amazon account to FireFeed, follow the orders we process
              for them and decide who on their team can see what. Buyer information is encrypted and only shown when
              it is needed.
            </p>
            <div className="mt-10 flex flex-wrap items-center gap-3">
              <ButtonLink href="/sign-in" size="lg">
                Sign in
              </ButtonLink>
              <ButtonLink href="/sign-up" size="lg" variant="secondary">
                Create a seller account
              </ButtonLink>
            </div>
          </div>
          <aside aria-labelledby="promises-heading" className="rounded-xl bg-slate-50 p-6 ring-1 ring-slate-200 sm:p-8">
            <h2 id="promises-heading" className="flex items-center gap-2 text-base font-semibold text-slate-900">
              <Icon name="shield" className="size-5 text-ember-700" />
              What we promise
            </h2>
            <ul className="mt-5 space-y-4 text-sm text-slate-700">
              {promises.map((promise) => (
                <li key={promise} className="flex gap-3">
                  <Icon name="checkCircle" className="mt-0.5 size-5 shrink-0 text-emerald-700" />
                  <span>{promise}</span>
                </li>
              ))}
            </ul>
          </aside>
        </div>
      </section>

      <section aria-labelledby="features-heading" className="mx-auto max-w-6xl px-4 py-16 sm:px-6">
        <h2 id="features-heading" className="sr-only">
          What you can do
        </h2>
        <ul className="grid gap-6 md:grid-cols-3">
          {features.map((feature) => (
            <li key={feature.title} className="rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200">
              <span className="flex size-10 items-center justify-center rounded-md bg-ember-50 text-ember-700">
                <Icon name={feature.icon} className="size-5" />
              </span>
              <h3 className="mt-4 text-base font-semibold text-slate-900">{feature.title}</h3>
              <p className="mt-2 text-sm text-slate-600">{feature.body}</p>
            </li>
          ))}
        </ul>

        <div className="mt-12 flex flex-col gap-4 rounded-lg bg-slate-900 p-6 text-slate-100 sm:flex-row sm:items-center sm:justify-between sm:p-8">
          <div className="flex gap-4">
            <Icon name="shield" className="size-8 shrink-0 text-ember-400" />
            <div>
              <h2 className="text-lg font-semibold text-white">Security is part of the product</h2>
              <p className="mt-1 text-sm text-slate-300">
                Encryption, access control, monitoring and incident response: read how we protect your data and your
                buyers&apos; data.
              </p>
            </div>
          </div>
          <Link
            href="/security"
            className="inline-flex shrink-0 items-center gap-2 rounded-md bg-white px-4 py-2 text-sm font-semibold text-slate-900 hover:bg-slate-100"
          >
            How we protect your data
            <Icon name="arrowRight" className="size-4" />
          </Link>
        </div>
      </section>
    </PublicShell>
  );
}

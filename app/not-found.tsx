import type { Metadata } from "next";
import { ButtonLink } from "@/components/button";
import { Icon } from "@/components/icons";
import { PublicShell } from "@/components/public-shell";

export const metadata: Metadata = { title: "Page not found" };

export default function NotFound() {
  return (
    <PublicShell>
      <div className="mx-auto flex max-w-lg flex-col items-center px-4 py-20 text-center">
        <span className="flex size-12 items-center justify-center rounded-full bg-ember-50 text-ember-700">
          <Icon name="search" className="size-6" />
        </span>
        <p className="mt-4 text-sm font-semibold text-ember-800">404</p>
        <h1 className="mt-1 text-2xl font-semibold tracking-tight text-slate-900">We could not find that page</h1>
        <p className="mt-2 text-slate-600">
          The link may be old or mistyped. Check the address, or start again from the home page.
        </p>
        <div className="mt-8 flex flex-wrap justify-center gap-3">
          <ButtonLink href="/">Go to the home page</ButtonLink>
          <ButtonLink href="/security" variant="secondary">
            Security at FireFeed
          </ButtonLink>
        </div>
      </div>
    </PublicShell>
  );
}

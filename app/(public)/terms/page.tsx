import type { Metadata } from "next";
import Link from "next/link";
import { DataUseTermsText, termsVersionLine } from "@/components/data-use-terms";
import { TERMS_TITLE } from "@/lib/onboarding/terms";

export const metadata: Metadata = {
  title: "Data-use terms",
  description: "The terms a seller accepts when creating a FireFeed Portal account and connecting Amazon: how FireFeed uses your Amazon data.",
  robots: { index: true, follow: true },
};

// Public by design (ROUTE_POLICY "/terms"): sign-up asks a visitor without an
// account to accept these terms, so they must be readable signed out. The text
// is the version the server records as accepted (lib/onboarding/terms.ts).
export default function TermsPage() {
  return (
    <div className="mx-auto max-w-3xl px-4 py-12 sm:px-6 sm:py-16">
      <header>
        <h1 className="text-3xl font-semibold tracking-tight text-slate-900 sm:text-4xl">{TERMS_TITLE}</h1>
        <p className="mt-3 text-sm text-slate-600">{termsVersionLine()}</p>
      </header>
      <div className="mt-8 rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200">
        <DataUseTermsText className="mt-4 text-base text-slate-700 first:mt-0" />
      </div>
      <p className="mt-8 text-sm text-slate-600">
        You accept these terms when you{" "}
        <Link href="/sign-up" className="font-medium text-ember-800 underline underline-offset-4">
          create a seller account
        </Link>{" "}
        and again, for your organization, before you connect Amazon: FireFeed records which version your organization accepted, and when.
        Questions about how we protect this data are answered on the{" "}
        <Link href="/security" className="font-medium text-ember-800 underline underline-offset-4">
          security page
        </Link>
        .
      </p>
    </div>
  );
}

import Link from "next/link";
import type { ReactNode } from "react";
import { ButtonLink } from "./button";
import { ProductMark } from "./app-shell";

export const SECURITY_EMAIL = "security@fire-feed.com";

/** The layout of the public pages (landing, /security, sign-in, sign-up, not-found). */
export function PublicShell({ children }: { children: ReactNode }) {
  return (
    <div className="flex min-h-dvh flex-col">
      <header className="sticky top-0 z-30 border-b border-slate-200 bg-white/95 backdrop-blur">
        <div className="mx-auto flex h-16 max-w-6xl items-center justify-between gap-4 px-4 sm:px-6">
          <ProductMark href="/" />
          <nav aria-label="Main" className="flex items-center gap-1 sm:gap-2">
            <Link href="/security" className="rounded-md px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100 hover:text-slate-900">
              Security
            </Link>
            <ButtonLink href="/sign-in" variant="ghost" size="sm">
              Sign in
            </ButtonLink>
            <ButtonLink href="/sign-up" size="sm" className="hidden sm:inline-flex">
              Create a seller account
            </ButtonLink>
          </nav>
        </div>
      </header>
      <main id="main" tabIndex={-1} className="flex-1 outline-none">
        {children}
      </main>
      <footer className="border-t border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl flex-col gap-4 px-4 py-8 text-sm text-slate-600 sm:flex-row sm:items-center sm:justify-between sm:px-6">
          <p>© FireFeed. The seller portal for FireFeed&apos;s Amazon integration.</p>
          <ul className="flex flex-wrap gap-x-6 gap-y-2">
            <li>
              <Link href="/security" className="underline-offset-4 hover:text-slate-900 hover:underline">
                Security
              </Link>
            </li>
            <li>
              <Link href="/terms" className="underline-offset-4 hover:text-slate-900 hover:underline">
                Data-use terms
              </Link>
            </li>
            <li>
              <a href="/.well-known/security.txt" className="underline-offset-4 hover:text-slate-900 hover:underline">
                security.txt
              </a>
            </li>
            <li>
              <a href={`mailto:${SECURITY_EMAIL}`} className="underline-offset-4 hover:text-slate-900 hover:underline">
                Report a vulnerability: {SECURITY_EMAIL}
              </a>
            </li>
          </ul>
        </div>
      </footer>
    </div>
  );
}

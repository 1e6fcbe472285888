import Link from "next/link";
import type { ReactNode } from "react";
import { Icon } from "./icons";
import { SideNav, type NavSection } from "./side-nav";

export type { NavSection } from "./side-nav";

type AppShellProps = {
  /** Shown next to the product name, e.g. "Seller portal" or "Operator console". */
  areaLabel: string;
  /** Where the product name links to (the area's home). */
  homeHref: string;
  navigation: readonly NavSection[];
  /** Right side of the top bar (account menu, sign out) once identity lands. */
  topBarActions?: ReactNode;
  children: ReactNode;
};

/** FireFeed's product mark: the flame plus the name. */
export function ProductMark({ href }: { href: string }) {
  return (
    <Link href={href} className="flex items-center gap-2 rounded text-slate-900">
      <span className="flex size-8 items-center justify-center rounded-md bg-ember-700 text-white">
        <Icon name="flame" className="size-5" />
      </span>
      <span className="text-base font-semibold tracking-tight">FireFeed Portal</span>
    </Link>
  );
}

/**
 * The layout of an authenticated area (/seller, /admin): top bar, side
 * navigation, and the main region that the skip link targets. Layout only:
 * every page still authorizes itself.
 */
export function AppShell({ areaLabel, homeHref, navigation, topBarActions, children }: AppShellProps) {
  return (
    <div className="min-h-dvh">
      <header className="print:hidden sticky top-0 z-30 border-b border-slate-200 bg-white/95 backdrop-blur">
        <div className="flex h-16 items-center justify-between gap-4 px-4 sm:px-6">
          <div className="flex items-center gap-3">
            <ProductMark href={homeHref} />
            <span className="hidden h-6 w-px bg-slate-200 sm:block" aria-hidden="true" />
            <span className="rounded-full bg-slate-100 px-2.5 py-0.5 text-xs font-medium text-slate-700">{areaLabel}</span>
          </div>
          {topBarActions && <div className="flex items-center gap-2">{topBarActions}</div>}
        </div>
      </header>
      {/* At least the viewport's height below the top bar, so the side column's background and border
          reach the bottom of the window on a short page too. */}
      <div className="md:flex md:min-h-[calc(100dvh-4rem)]">
        {/* The column stretches to the page's full height (its background and border go all the way down);
            the menu inside it stays in view while the page scrolls. */}
        <aside className="print:hidden border-b border-slate-200 bg-white md:w-64 md:shrink-0 md:border-r md:border-b-0">
          <div className="px-3 py-3 md:sticky md:top-16 md:max-h-[calc(100dvh-4rem)] md:overflow-y-auto md:py-6">
            <SideNav label={`${areaLabel} navigation`} sections={navigation} />
          </div>
        </aside>
        <main id="main" tabIndex={-1} className="min-w-0 flex-1 px-4 py-8 outline-none sm:px-8">
          <div className="mx-auto max-w-6xl">{children}</div>
        </main>
      </div>
    </div>
  );
}

import type { ReactNode } from "react";
import { cx } from "./class-names";

/** One grey placeholder block. Decorative: wrap a group of them in `LoadingRegion`. */
export function Skeleton({ className }: { className?: string }) {
  return <div aria-hidden="true" className={cx("rounded-md bg-slate-200 motion-safe:animate-pulse", className)} />;
}

/** Announces "Loading…" once to screen readers while the skeletons inside are shown. */
export function LoadingRegion({ label = "Loading…", children }: { label?: string; children: ReactNode }) {
  return (
    <div role="status" aria-live="polite" aria-busy="true">
      <span className="sr-only">{label}</span>
      {children}
    </div>
  );
}

/** A page-shaped placeholder: title, description, then a card of rows. */
export function PageSkeleton({ rows = 5 }: { rows?: number }) {
  return (
    <LoadingRegion>
      <div className="mb-6 space-y-3 border-b border-slate-200 pb-5">
        <Skeleton className="h-8 w-64" />
        <Skeleton className="h-4 w-96 max-w-full" />
      </div>
      <div className="space-y-3 rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200">
        {Array.from({ length: rows }, (_, index) => (
          <Skeleton key={index} className="h-10 w-full" />
        ))}
      </div>
    </LoadingRegion>
  );
}

"use client";

import { ErrorPanel } from "@/components/error-panel";

/** The error boundary for every page below the root layout. Shows a reference, never the error. */
export default function ErrorPage({ error, retry }: { error: unknown; retry: () => void }) {
  return (
    <main id="main" tabIndex={-1} className="min-h-dvh outline-none">
      <ErrorPanel error={error} onRetry={retry} />
    </main>
  );
}

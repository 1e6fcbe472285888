"use client";

import { ErrorPanel } from "@/components/error-panel";
import "./globals.css";

/** Replaces the root layout when the layout itself fails, so it brings its own document. */
export default function GlobalError({ error, retry }: { error: unknown; retry: () => void }) {
  return (
    <html lang="en">
      <body>
        <title>Something went wrong · FireFeed Portal</title>
        <main id="main">
          <ErrorPanel error={error} onRetry={retry} />
        </main>
      </body>
    </html>
  );
}

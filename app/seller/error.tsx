"use client";

import { ErrorPanel } from "@/components/error-panel";

/** Errors inside this area keep the area's navigation; only a reference is shown. */
export default function AreaError({ error, retry }: { error: unknown; retry: () => void }) {
  return <ErrorPanel error={error} onRetry={retry} />;
}

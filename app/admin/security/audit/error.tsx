"use client";

import { ErrorPanel } from "@/components/error-panel";

/** The audit log could not be loaded: only a reference is shown (the error is logged with it). */
export default function AuditLogError({ error, retry }: { error: unknown; retry: () => void }) {
  return <ErrorPanel error={error} onRetry={retry} />;
}

"use client";
// "Verify chain": runs the verifier on the server (audited) and shows the rows
// checked, the time it took and, when the chain is broken, the first bad row
// with a link that opens it in the detail drawer.
import Link from "next/link";
import { useActionState } from "react";
import { Alert } from "@/components/alert";
import { Button } from "@/components/button";
import { useActionFeedback } from "@/app/_identity-ui/use-action-feedback";
import { verifyAuditChainNow } from "./actions";
import { auditLogHref } from "./audit-row-view";

const PROBLEM_TEXT = {
  edited: "was edited after it was written (its content no longer matches its hash)",
  inserted: "was inserted into the chain (the rows around it link past it)",
  removed: "follows one or more removed rows (it no longer links to the row before it)",
} as const;

export function VerifyChainPanel() {
  const [state, formAction, pending] = useActionState(verifyAuditChainNow, null);
  useActionFeedback(state);
  const report = state?.ok ? state.data : undefined;

  return (
    <div className="space-y-4">
      <form action={formAction}>
        <Button type="submit" variant="secondary" pending={pending}>
          Verify chain
        </Button>
      </form>
      {report &&
        (report.ok ? (
          <Alert tone="success" title="Chain intact">
            {report.rowsChecked.toLocaleString("en-US")} row(s) checked in {report.durationMs.toLocaleString("en-US")} ms. Every row
            matches its hash and links to the one before it.
          </Alert>
        ) : (
          <Alert tone="error" title="Chain broken">
            <p>
              Row{" "}
              <Link href={auditLogHref({ event: report.firstBadId })} className="font-mono">
                {report.firstBadId}
              </Link>{" "}
              {report.problem ? PROBLEM_TEXT[report.problem] : "is not valid"}. {report.rowsChecked.toLocaleString("en-US")} row(s) checked in{" "}
              {report.durationMs.toLocaleString("en-US")} ms.
            </p>
            <p className="mt-1">Treat this as a security incident: preserve the database and open an incident.</p>
          </Alert>
        ))}
    </div>
  );
}

"use client";
// "Verify chain": runs the verifier on the server (audited) and shows the rows
// checked, the time it took and, when the chain is broken, the first bad row
// with a link that opens it in the detail drawer.
import Link from "next/link";
import { useActionState } from "react";
import { Alert } from "@/components/alert";
import { Button } from "@/components/button";
import { useActionFeedback } from "@/components/use-action-feedback";
import { verifyAuditChainNow } from "./actions";
import { auditLogHref } from "./audit-row-view";

const PROBLEM_TEXT = {
  edited: "was edited after it was written (its content no longer matches its keyed MAC)",
  inserted: "was inserted into the chain (it does not belong where it is)",
  removed: "follows one or more removed rows (it no longer links to the row before it)",
  truncated: "is named by a signed checkpoint but no longer exists: the newest rows were removed",
  "checkpoint-mismatch": "no longer carries the MAC a signed checkpoint recorded for it: the chain was rewritten",
  unkeyed: "ends a chain that has no keyed row at all: it could have been written by anyone",
  "unknown-key": "is signed with a key this portal does not hold",
  "forged-anchor": "is where a retention anchor says the chain starts, but no retention run attests that anchor",
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
            matches its keyed MAC and links to the one before it
            {report.checkpointFileConfigured
              ? `, and ${report.checkpointsMatched.toLocaleString("en-US")} signed checkpoint(s) kept outside the database match.`
              : ". No checkpoint file is configured, so removal of the newest rows could not be checked."}
            {report.checkpointsRefused > 0 && ` ${report.checkpointsRefused} checkpoint line(s) had an invalid signature and were ignored.`} A new
            checkpoint of this head was written.
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

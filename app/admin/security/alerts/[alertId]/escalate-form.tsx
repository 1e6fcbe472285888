"use client";
// Escalate to incident: title (prefilled from the alert), severity and whether
// Amazon Information is involved (that flag starts Amazon's 24-hour clock once
// the incident is confirmed). On success the action redirects to the incident.
import { useActionState } from "react";
import { Button } from "@/components/button";
import { SelectField, TextField } from "@/components/form-field";
import { fieldError, useActionFeedback } from "@/components/use-action-feedback";
import { escalateAlertAction } from "../actions";

const SEVERITY_OPTIONS = [
  { value: "SEV1", label: "SEV1: critical, customer data exposed or at risk" },
  { value: "SEV2", label: "SEV2: major, likely security impact" },
  { value: "SEV3", label: "SEV3: moderate, contained or unconfirmed" },
  { value: "SEV4", label: "SEV4: minor" },
];

export function EscalateForm({ alertId, defaultTitle, defaultSeverity }: { alertId: string; defaultTitle: string; defaultSeverity: string }) {
  const [state, formAction, pending] = useActionState(escalateAlertAction, null);
  useActionFeedback(state);
  return (
    <form action={formAction} className="grid max-w-xl gap-4" aria-label="Escalate to incident">
      <input type="hidden" name="alertId" value={alertId} />
      <TextField name="title" id="escalate-incident-title" label="Incident title" defaultValue={defaultTitle} required minLength={3} maxLength={200} error={fieldError(state, "title")} />
      <SelectField name="severity" id="escalate-severity" label="Incident severity" options={SEVERITY_OPTIONS} defaultValue={defaultSeverity} required error={fieldError(state, "severity")} />
      <div className="flex items-start gap-2">
        <input
          id="escalate-amazon"
          type="checkbox"
          name="involvesAmazonInformation"
          className="mt-0.5 size-4 rounded border-slate-300 text-ember-700 focus-visible:outline-2 focus-visible:outline-ember-600"
          aria-describedby="escalate-amazon-hint"
        />
        <div>
          <label htmlFor="escalate-amazon" className="text-sm font-medium text-slate-900">
            Involves Amazon Information
          </label>
          <p id="escalate-amazon-hint" className="text-sm text-slate-600">
            Buyer data or other information from Amazon may be affected. Once the incident is confirmed, Amazon must be notified within 24 hours.
          </p>
        </div>
      </div>
      <div>
        <Button type="submit" variant="danger" pending={pending}>
          Escalate to incident
        </Button>
      </div>
    </form>
  );
}

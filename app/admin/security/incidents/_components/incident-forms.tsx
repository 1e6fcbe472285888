"use client";
// The incident page's forms. Each posts one server action (actions.ts) and
// reports through the shared toast pattern; the server re-checks every rule.
import { useActionState, useEffect, useRef, useState } from "react";
import { Button } from "@/components/button";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { SelectField, TextAreaField, TextField, type SelectOption } from "@/components/form-field";
import { fieldError, useActionFeedback } from "@/components/use-action-feedback";
import type { ActionResult } from "@/lib/auth/define-action";
import { SafeMarkdown as MarkdownView } from "@/components/safe-markdown";

type FormAction = (previous: ActionResult | null, formData: FormData) => Promise<ActionResult>;

function useFormAction(action: FormAction) {
  const [state, formAction, pending] = useActionState(action, null);
  useActionFeedback(state);
  return { state, formAction, pending };
}

/** Resets a form after a successful submit (the new entry shows up on the page). */
function useResetOnSuccess(state: ActionResult | null) {
  const ref = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (state?.ok) ref.current?.reset();
  }, [state]);
  return ref;
}

export function NewIncidentForm({ action, severityOptions }: { action: FormAction; severityOptions: readonly SelectOption[] }) {
  const { state, formAction, pending } = useFormAction(action);
  return (
    <form action={formAction} className="grid max-w-2xl gap-5">
      <TextField name="title" label="Title" required minLength={3} maxLength={200} error={fieldError(state, "title")} />
      <TextAreaField
        name="summary"
        label="Summary"
        hint="What was detected, where, and what is known so far. No buyer data or secrets."
        required
        minLength={3}
        maxLength={5000}
        rows={5}
        error={fieldError(state, "summary")}
      />
      <SelectField name="severity" label="Severity" options={severityOptions} placeholder="Choose a severity…" required error={fieldError(state, "severity")} />
      <TextField
        name="detectedAt"
        type="datetime-local"
        label="Detected at (UTC)"
        hint="Leave empty for now."
        error={fieldError(state, "detectedAt")}
      />
      <div className="flex items-start gap-3">
        <input id="field-involvesAmazonInformation" name="involvesAmazonInformation" type="checkbox" className="mt-1 size-4 rounded border-slate-300" />
        <label htmlFor="field-involvesAmazonInformation" className="text-sm">
          <span className="font-medium text-slate-900">Involves Amazon Information</span>
          <span className="block text-slate-600">Amazon must be notified within 24 hours of confirmation; the countdown starts when the incident is confirmed.</span>
        </label>
      </div>
      <div>
        <Button type="submit" pending={pending}>
          Open incident
        </Button>
      </div>
    </form>
  );
}

export function PhaseControls({
  action,
  incidentId,
  nextPhase,
  nextLabel,
  previousPhase,
  previousLabel,
  closeBlockers,
}: {
  action: FormAction;
  incidentId: string;
  nextPhase: string | null;
  nextLabel: string | null;
  previousPhase: string | null;
  previousLabel: string | null;
  closeBlockers: readonly string[];
}) {
  const forward = useFormAction(action);
  const back = useFormAction(action);
  const [backOpen, setBackOpen] = useState(false);
  const backForm = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (back.state?.ok) setBackOpen(false);
  }, [back.state]);
  const closing = nextPhase === "CLOSED";
  return (
    <div className="flex flex-wrap items-start gap-3">
      {nextPhase && (
        <form action={forward.formAction}>
          <input type="hidden" name="incidentId" value={incidentId} />
          <input type="hidden" name="toPhase" value={nextPhase} />
          <Button type="submit" pending={forward.pending} variant={closing ? "danger" : "primary"}>
            {closing ? "Close incident" : `Move to ${nextLabel}`}
          </Button>
        </form>
      )}
      {previousPhase && (
        <form ref={backForm} action={back.formAction}>
          <input type="hidden" name="incidentId" value={incidentId} />
          <input type="hidden" name="toPhase" value={previousPhase} />
          <Button variant="secondary" onClick={() => setBackOpen(true)}>
            Back to {previousLabel}
          </Button>
          <ConfirmDialog
            open={backOpen}
            onOpenChange={setBackOpen}
            onConfirm={() => backForm.current?.requestSubmit()}
            title={`Move back to ${previousLabel}?`}
            description="Say why on the timeline (e.g. containment did not hold)."
            confirmLabel="Move back"
            pending={back.pending}
          >
            <TextAreaField name="note" label="Why" required minLength={3} maxLength={2000} rows={3} error={fieldError(back.state, "note")} />
          </ConfirmDialog>
        </form>
      )}
      {closing && closeBlockers.length > 0 && (
        <ul className="basis-full list-disc space-y-1 pl-5 text-sm text-amber-900" aria-label="Before closing">
          {closeBlockers.map((blocker) => (
            <li key={blocker}>{blocker}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function RoleForm({
  action,
  incidentId,
  role,
  label,
  currentUserId,
  operators,
}: {
  action: FormAction;
  incidentId: string;
  role: string;
  label: string;
  currentUserId: string | null;
  operators: readonly SelectOption[];
}) {
  const { state, formAction, pending } = useFormAction(action);
  const [value, setValue] = useState(currentUserId ?? "");
  useEffect(() => setValue(currentUserId ?? ""), [currentUserId]);
  // Keyed by the saved value: React resets a form after its action, which puts a
  // controlled select's DOM back on "Unassigned" while the state (unchanged)
  // does not re-render it; a new saved value mounts a fresh form instead.
  return (
    <form key={currentUserId ?? ""} action={formAction} className="flex items-end gap-2">
      <input type="hidden" name="incidentId" value={incidentId} />
      <input type="hidden" name="role" value={role} />
      <SelectField
        id={`field-role-${role}`}
        name="userId"
        label={label}
        options={operators}
        placeholder="Unassigned"
        value={value}
        onChange={(event) => setValue(event.target.value)}
        fieldClassName="min-w-56 flex-1"
        error={fieldError(state, "userId")}
      />
      <Button type="submit" variant="secondary" pending={pending} disabled={value === (currentUserId ?? "")} aria-label={`Save ${label}`}>
        Save
      </Button>
    </form>
  );
}

export function NoteForm({ action, incidentId }: { action: FormAction; incidentId: string }) {
  const { state, formAction, pending } = useFormAction(action);
  const ref = useResetOnSuccess(state);
  return (
    <form ref={ref} action={formAction} className="grid gap-3">
      <input type="hidden" name="incidentId" value={incidentId} />
      <TextAreaField name="body" label="Add a timeline note" rows={3} required maxLength={5000} error={fieldError(state, "body")} />
      <div>
        <Button type="submit" variant="secondary" pending={pending}>
          Add note
        </Button>
      </div>
    </form>
  );
}

export function AmazonFlagForm({ action, incidentId, involves, label }: { action: FormAction; incidentId: string; involves: boolean; label: string }) {
  const { formAction, pending } = useFormAction(action);
  return (
    <form action={formAction}>
      <input type="hidden" name="incidentId" value={incidentId} />
      <input type="hidden" name="involves" value={String(involves)} />
      <Button type="submit" size="sm" variant="secondary" pending={pending}>
        {label}
      </Button>
    </form>
  );
}

export function AmazonNotificationDialog({
  action,
  incidentId,
  channelOptions,
}: {
  action: FormAction;
  incidentId: string;
  channelOptions: readonly SelectOption[];
}) {
  const { state, formAction, pending } = useFormAction(action);
  const [open, setOpen] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (state?.ok) setOpen(false);
  }, [state]);
  return (
    <form ref={formRef} action={formAction}>
      <input type="hidden" name="incidentId" value={incidentId} />
      <Button onClick={() => setOpen(true)}>Record Amazon notification</Button>
      <ConfirmDialog
        open={open}
        onOpenChange={setOpen}
        onConfirm={() => formRef.current?.requestSubmit()}
        title="Record the notification to Amazon"
        description="When and how Amazon (security@amazon.com) was told. Recording it stops the 24-hour clock."
        confirmLabel="Record notification"
        pending={pending}
      >
        <div className="grid gap-4">
          <SelectField name="channel" label="Channel" options={channelOptions} defaultValue="EMAIL" required error={fieldError(state, "channel")} />
          <TextField
            name="reference"
            label="Reference"
            hint="E.g. Amazon's case number or the e-mail's subject and Message-ID."
            required
            minLength={2}
            maxLength={200}
            error={fieldError(state, "reference")}
          />
          <TextField
            name="notifiedAt"
            type="datetime-local"
            label="Notified at (UTC)"
            hint="Leave empty for now. May be earlier, but not before confirmation and not in the future."
            error={fieldError(state, "notifiedAt")}
          />
        </div>
      </ConfirmDialog>
    </form>
  );
}

export function LinkSellerButton({ action, incidentId, organizationId, legalName }: { action: FormAction; incidentId: string; organizationId: string; legalName: string }) {
  const { formAction, pending } = useFormAction(action);
  return (
    <form action={formAction}>
      <input type="hidden" name="incidentId" value={incidentId} />
      <input type="hidden" name="organizationId" value={organizationId} />
      <Button type="submit" size="sm" variant="secondary" pending={pending} aria-label={`Link ${legalName}`}>
        Link
      </Button>
    </form>
  );
}

export function NotifySellersForm({ action, incidentId, pendingCount }: { action: FormAction; incidentId: string; pendingCount: number }) {
  const { state, formAction, pending } = useFormAction(action);
  const ref = useResetOnSuccess(state);
  return (
    <form ref={ref} action={formAction} className="grid gap-4">
      <input type="hidden" name="incidentId" value={incidentId} />
      <TextField name="title" label="Notice title" required minLength={3} maxLength={200} error={fieldError(state, "title")} />
      <TextAreaField
        name="body"
        label="Notice text"
        hint="Written by the communications lead. Shown in the seller portal and e-mailed to each seller owner: say what happened and what they should do. No personal data."
        required
        minLength={10}
        maxLength={5000}
        rows={5}
        error={fieldError(state, "body")}
      />
      <div>
        <Button type="submit" pending={pending} disabled={pendingCount === 0}>
          Notify affected sellers{pendingCount > 0 ? ` (${pendingCount})` : ""}
        </Button>
      </div>
    </form>
  );
}

export function PostMortemEditor({ action, incidentId, markdown, editable }: { action: FormAction; incidentId: string; markdown: string; editable: boolean }) {
  const { state, formAction, pending } = useFormAction(action);
  const [text, setText] = useState(markdown);
  const [tab, setTab] = useState<"write" | "preview">(editable ? "write" : "preview");
  useEffect(() => setText(markdown), [markdown]);
  const tabClass = (active: boolean) =>
    `rounded-md px-3 py-1.5 text-sm font-medium ${active ? "bg-slate-900 text-white" : "text-slate-700 hover:bg-slate-100"}`;
  return (
    <form action={formAction} className="grid gap-3">
      <input type="hidden" name="incidentId" value={incidentId} />
      {editable && (
        <div role="tablist" aria-label="Post-mortem view" className="flex gap-2">
          <button type="button" role="tab" id="pm-tab-write" aria-controls="pm-panel-write" aria-selected={tab === "write"} className={tabClass(tab === "write")} onClick={() => setTab("write")}>
            Write
          </button>
          <button type="button" role="tab" id="pm-tab-preview" aria-controls="pm-panel-preview" aria-selected={tab === "preview"} className={tabClass(tab === "preview")} onClick={() => setTab("preview")}>
            Preview
          </button>
        </div>
      )}
      {/* The textarea stays in the form while previewing, so "Save" always sends the text. */}
      <div id="pm-panel-write" role="tabpanel" aria-labelledby="pm-tab-write" hidden={tab !== "write"}>
        <TextAreaField
          name="markdown"
          label="Post-mortem (markdown)"
          hint="Timeline, root cause, impact, what went well, what to change. Markdown; HTML is shown as text."
          rows={14}
          maxLength={50000}
          value={text}
          onChange={(event) => setText(event.target.value)}
          className="font-mono"
          error={fieldError(state, "markdown")}
        />
      </div>
      <div id="pm-panel-preview" role="tabpanel" aria-labelledby="pm-tab-preview" hidden={tab !== "preview"} className="rounded-md p-3 ring-1 ring-slate-200">
        {text.trim() ? <MarkdownView markdown={text} /> : <p className="text-sm text-slate-600">Nothing written yet.</p>}
      </div>
      {editable && (
        <div>
          <Button type="submit" pending={pending} disabled={text === markdown}>
            Save post-mortem
          </Button>
        </div>
      )}
    </form>
  );
}

export function AddCorrectiveActionForm({ action, incidentId, operators }: { action: FormAction; incidentId: string; operators: readonly SelectOption[] }) {
  const { state, formAction, pending } = useFormAction(action);
  const ref = useResetOnSuccess(state);
  return (
    <form ref={ref} action={formAction} className="grid gap-4 sm:grid-cols-[2fr_1fr_1fr_auto] sm:items-end">
      <input type="hidden" name="incidentId" value={incidentId} />
      <TextField id="field-action-title" name="title" label="Corrective action" required minLength={3} maxLength={200} error={fieldError(state, "title")} />
      <SelectField name="ownerUserId" label="Owner" options={operators} placeholder="Choose an owner…" required error={fieldError(state, "ownerUserId")} />
      <TextField name="dueDate" type="date" label="Due date" required error={fieldError(state, "dueDate")} />
      <Button type="submit" variant="secondary" pending={pending}>
        Add action
      </Button>
    </form>
  );
}

export function ActionStatusForm({
  action,
  incidentId,
  actionId,
  title,
  status,
  statusOptions,
}: {
  action: FormAction;
  incidentId: string;
  actionId: string;
  title: string;
  status: string;
  statusOptions: readonly SelectOption[];
}) {
  const { formAction, pending } = useFormAction(action);
  const [value, setValue] = useState(status);
  useEffect(() => setValue(status), [status]);
  // Keyed by the saved status, for the reason given in RoleForm.
  return (
    <form key={status} action={formAction} className="flex items-end gap-2">
      <input type="hidden" name="incidentId" value={incidentId} />
      <input type="hidden" name="actionId" value={actionId} />
      <SelectField
        id={`field-status-${actionId}`}
        name="status"
        label={<span className="sr-only">Status of {title}</span>}
        options={statusOptions}
        value={value}
        onChange={(event) => setValue(event.target.value)}
      />
      <Button type="submit" size="sm" variant="secondary" pending={pending} disabled={value === status} aria-label={`Update status of ${title}`}>
        Update
      </Button>
    </form>
  );
}

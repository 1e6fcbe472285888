"use client";
// The four settings forms. Inputs are controlled so that a refused value stays
// on screen next to its error (React resets uncontrolled fields after an action).
import { useActionState, useState, type ReactNode } from "react";
import { Button } from "@/components/button";
import { cx } from "@/components/class-names";
import { SelectField, TextField } from "@/components/form-field";
import { Icon } from "@/components/icons";
import { fieldError, useActionFeedback } from "@/components/use-action-feedback";
import type { ActionResult } from "@/lib/auth/define-action";
import type { SecuritySettings } from "@/lib/security-settings/settings";
import { SWITCH_RULES, THRESHOLD_RULES, WEEKDAYS } from "./settings-form-fields";

type FormAction = (previous: ActionResult | null, formData: FormData) => Promise<ActionResult>;

function useSettingsForm(action: FormAction) {
  const [state, formAction, pending] = useActionState(action, null);
  useActionFeedback(state);
  return { state, formAction, pending, error: (field: string) => fieldError(state, field) };
}

function Checkbox({
  name,
  label,
  hint,
  checked,
  onChange,
  value,
}: {
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  checked: boolean;
  onChange: (checked: boolean) => void;
  value?: string;
}) {
  const id = `field-${name}${value ? `-${value}` : ""}`;
  return (
    <div className="flex items-start gap-2">
      <input
        id={id}
        type="checkbox"
        name={name}
        value={value ?? "on"}
        checked={checked}
        onChange={(event) => onChange(event.target.checked)}
        aria-describedby={hint ? `${id}-hint` : undefined}
        className="mt-0.5 size-4 rounded border-slate-300 text-ember-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ember-600"
      />
      <span>
        <label htmlFor={id} className="text-sm font-medium text-slate-900">
          {label}
        </label>
        {hint && (
          <span id={`${id}-hint`} className="block text-sm text-slate-600">
            {hint}
          </span>
        )}
      </span>
    </div>
  );
}

function GroupError({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <p id={id} className="flex items-start gap-1.5 text-sm font-medium text-red-700">
      <Icon name="xCircle" className="mt-0.5 size-4 shrink-0" />
      <span>{message}</span>
    </p>
  );
}

function SaveButton({ pending, children }: { pending: boolean; children: ReactNode }) {
  return (
    <div className="flex justify-end border-t border-slate-200 pt-4">
      <Button type="submit" pending={pending}>
        {children}
      </Button>
    </div>
  );
}

export function AlertRulesForm({ action, initial }: { action: FormAction; initial: SecuritySettings["alertRules"] }) {
  const { formAction, pending, error } = useSettingsForm(action);
  const [values, setValues] = useState(() => ({
    ...Object.fromEntries(
      THRESHOLD_RULES.flatMap((rule) => [
        [`${rule.key}.count`, String(initial[rule.key].count)],
        [`${rule.key}.windowMinutes`, String(initial[rule.key].windowMinutes)],
      ]),
    ),
  }));
  const [enabled, setEnabled] = useState<Record<string, boolean>>(() =>
    Object.fromEntries([...THRESHOLD_RULES, ...SWITCH_RULES].map((rule) => [rule.key, initial[rule.key].enabled])),
  );
  const set = (name: string) => (event: { target: { value: string } }) => setValues((current) => ({ ...current, [name]: event.target.value }));

  return (
    <form action={formAction} className="space-y-5" noValidate>
      <div className="grid gap-4 lg:grid-cols-2">
        {THRESHOLD_RULES.map((rule) => (
          <fieldset key={rule.key} className="space-y-3 rounded-md p-4 ring-1 ring-slate-200">
            <legend className="px-1 text-sm font-semibold text-slate-900">{rule.title}</legend>
            <p className="text-sm text-slate-600">{rule.description}</p>
            <Checkbox
              name={`${rule.key}.enabled`}
              label="Raise this alert"
              checked={enabled[rule.key] ?? false}
              onChange={(value) => setEnabled((current) => ({ ...current, [rule.key]: value }))}
            />
            <div className="grid grid-cols-2 gap-3">
              <TextField
                name={`${rule.key}.count`}
                label="Events"
                hint="At least this many…"
                inputMode="numeric"
                value={values[`${rule.key}.count`]}
                onChange={set(`${rule.key}.count`)}
                error={error(`${rule.key}.count`)}
              />
              <TextField
                name={`${rule.key}.windowMinutes`}
                label="Window (minutes)"
                hint="…within this many minutes"
                inputMode="numeric"
                value={values[`${rule.key}.windowMinutes`]}
                onChange={set(`${rule.key}.windowMinutes`)}
                error={error(`${rule.key}.windowMinutes`)}
              />
            </div>
          </fieldset>
        ))}
      </div>
      <fieldset className="space-y-3 rounded-md p-4 ring-1 ring-slate-200">
        <legend className="px-1 text-sm font-semibold text-slate-900">Rules without a threshold</legend>
        {SWITCH_RULES.map((rule) => (
          <Checkbox
            key={rule.key}
            name={`${rule.key}.enabled`}
            label={rule.title}
            hint={rule.description}
            checked={enabled[rule.key] ?? false}
            onChange={(value) => setEnabled((current) => ({ ...current, [rule.key]: value }))}
          />
        ))}
      </fieldset>
      <SaveButton pending={pending}>Save alert rules</SaveButton>
    </form>
  );
}

export function WorkingHoursForm({
  action,
  initial,
  timeZones,
}: {
  action: FormAction;
  initial: SecuritySettings["workingHours"];
  timeZones: readonly string[];
}) {
  const { formAction, pending, error } = useSettingsForm(action);
  const [timeZone, setTimeZone] = useState(initial.timeZone);
  const [start, setStart] = useState(initial.start);
  const [end, setEnd] = useState(initial.end);
  const [days, setDays] = useState<ReadonlySet<number>>(() => new Set(initial.days));
  const daysError = error("days");

  return (
    <form action={formAction} className="space-y-5" noValidate>
      <div className="grid gap-4 sm:grid-cols-3">
        <SelectField
          name="timeZone"
          label="Time zone"
          options={timeZones.map((zone) => ({ value: zone, label: zone.replaceAll("_", " ") }))}
          value={timeZone}
          onChange={(event) => setTimeZone(event.target.value)}
          error={error("timeZone")}
        />
        <TextField name="start" label="Day starts" type="time" value={start} onChange={(event) => setStart(event.target.value)} error={error("start")} />
        <TextField name="end" label="Day ends" type="time" value={end} onChange={(event) => setEnd(event.target.value)} error={error("end")} />
      </div>
      <fieldset className="space-y-2" aria-describedby={daysError ? "field-days-error" : undefined}>
        <legend className="text-sm font-medium text-slate-900">Working days</legend>
        <div className={cx("flex flex-wrap gap-x-5 gap-y-2", daysError && "rounded-md p-2 ring-1 ring-red-600")}>
          {WEEKDAYS.map((day) => (
            <Checkbox
              key={day.value}
              name="days"
              value={String(day.value)}
              label={day.label}
              checked={days.has(day.value)}
              onChange={(isChecked) =>
                setDays((current) => {
                  const next = new Set(current);
                  if (isChecked) next.add(day.value);
                  else next.delete(day.value);
                  return next;
                })
              }
            />
          ))}
        </div>
        <GroupError id="field-days-error" message={daysError} />
      </fieldset>
      <SaveButton pending={pending}>Save working hours</SaveButton>
    </form>
  );
}

export function IncidentContactForm({ action, initial }: { action: FormAction; initial: SecuritySettings["incidentContact"] }) {
  const { formAction, pending, error } = useSettingsForm(action);
  const [name, setName] = useState(initial.name);
  const [email, setEmail] = useState(initial.email);
  const [phone, setPhone] = useState(initial.phone);
  return (
    <form action={formAction} className="space-y-5" noValidate>
      <div className="grid gap-4 sm:grid-cols-3">
        <TextField name="name" label="Name" autoComplete="off" value={name} onChange={(event) => setName(event.target.value)} error={error("name")} />
        <TextField name="email" label="E-mail" type="email" autoComplete="off" value={email} onChange={(event) => setEmail(event.target.value)} error={error("email")} />
        <TextField
          name="phone"
          label="Phone"
          type="tel"
          autoComplete="off"
          hint="Optional. Include the country code."
          value={phone}
          onChange={(event) => setPhone(event.target.value)}
          error={error("phone")}
        />
      </div>
      <SaveButton pending={pending}>Save incident contact</SaveButton>
    </form>
  );
}

export function ReviewCadenceForm({ action, initial }: { action: FormAction; initial: SecuritySettings["reviewCadence"] }) {
  const { formAction, pending, error } = useSettingsForm(action);
  const [values, setValues] = useState({
    accessReviewDays: String(initial.accessReviewDays),
    runbookReviewMonths: String(initial.runbookReviewMonths),
    logReviewGraceDays: String(initial.logReviewGraceDays),
  });
  const set = (name: keyof typeof values) => (event: { target: { value: string } }) => setValues((current) => ({ ...current, [name]: event.target.value }));
  return (
    <form action={formAction} className="space-y-5" noValidate>
      <div className="grid gap-4 sm:grid-cols-3">
        <TextField
          name="accessReviewDays"
          label="Access review every (days)"
          hint="At most 90 days (A4)."
          inputMode="numeric"
          value={values.accessReviewDays}
          onChange={set("accessReviewDays")}
          error={error("accessReviewDays")}
        />
        <TextField
          name="runbookReviewMonths"
          label="Runbook review every (months)"
          hint="At most 6 months (D6)."
          inputMode="numeric"
          value={values.runbookReviewMonths}
          onChange={set("runbookReviewMonths")}
          error={error("runbookReviewMonths")}
        />
        <TextField
          name="logReviewGraceDays"
          label="Log review due after the week (days)"
          hint="Days after each reviewed week ends (L4)."
          inputMode="numeric"
          value={values.logReviewGraceDays}
          onChange={set("logReviewGraceDays")}
          error={error("logReviewGraceDays")}
        />
      </div>
      <SaveButton pending={pending}>Save review cadences</SaveButton>
    </form>
  );
}

"use client";
// Step-up returns to the action (issue 11). When a server action answers
// "confirm it's you first", useActionFeedback sends the person to /step-up;
// before it does, rememberFormsForStepUp() copies what they typed in this
// page's forms into sessionStorage (this tab only, ten minutes at most, never
// a password, a file or a hidden field). Back on the same page, the
// restorer puts the values back and submits again the form whose submission
// was refused (with the same button), so the invitation is sent and the
// setting saved without typing it twice. A form with a password field is
// refilled but not resubmitted: the password was not kept. A form marked
// `data-step-up-draft="off"` is never recorded (the orders search may hold a
// buyer's e-mail, which must not land in browser storage).
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, type ReactNode } from "react";
import { useToast } from "./toast";

const STORAGE_KEY = "firefeed:step-up-draft";
const MAX_AGE_MS = 10 * 60_000;
const RESTORE_WAIT_MS = 3_000;

type FieldValues = Record<string, string[]>;

interface FormDraft {
  /** Which form: its accessible name, field names and hidden values (the record it acts on). */
  signature: string;
  values: FieldValues;
  /** The form whose submission asked for step-up, and the button that submitted it. */
  submitted: boolean;
  submitter: { name: string; value: string } | null;
}

interface StepUpDraft {
  /** The page's path (its query is carried by /step-up's `next`). */
  returnTo: string;
  savedAt: number;
  forms: FormDraft[];
}

type Field = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

/** Forms that may hold buyer data opt out; nothing of theirs is read. */
function isExcluded(form: HTMLFormElement): boolean {
  return form.dataset.stepUpDraft === "off";
}

const NOT_KEPT = new Set(["password", "file", "hidden", "submit", "button", "reset", "image"]);

/** A submission this recent is the one the step-up answer is about (a server round trip, not a form used minutes ago). */
const SUBMISSION_WINDOW_MS = 15_000;

/**
 * The last form submitted, with its values as they were sent: React resets a
 * form after its action returns, so by the time the step-up answer arrives
 * the fields are already empty.
 */
let lastSubmission: {
  form: HTMLFormElement;
  values: FieldValues;
  hadPassword: boolean;
  submitter: { name: string; value: string } | null;
  at: number;
} | null = null;

function namedFields(form: HTMLFormElement): Field[] {
  return [...form.elements].filter(
    (element): element is Field =>
      (element instanceof HTMLInputElement || element instanceof HTMLSelectElement || element instanceof HTMLTextAreaElement) && element.name !== "",
  );
}

function isKept(field: Field): boolean {
  return !(field instanceof HTMLInputElement && NOT_KEPT.has(field.type));
}

function signatureOf(form: HTMLFormElement): string {
  const parts = namedFields(form).map((field) =>
    field instanceof HTMLInputElement && field.type === "hidden" ? `${field.name}=${field.value}` : field.name,
  );
  return `${form.getAttribute("aria-label") ?? ""}|${parts.join(",")}`;
}

function valuesOf(form: HTMLFormElement): FieldValues {
  const values: FieldValues = {};
  for (const field of namedFields(form)) {
    if (!isKept(field)) continue;
    const list = (values[field.name] ??= []);
    if (field instanceof HTMLInputElement && (field.type === "checkbox" || field.type === "radio")) {
      if (field.checked) list.push(field.value);
    } else if (field instanceof HTMLSelectElement && field.multiple) {
      list.push(...[...field.selectedOptions].map((option) => option.value));
    } else {
      list.push(field.value);
    }
  }
  return values;
}

function hasPassword(form: HTMLFormElement): boolean {
  return namedFields(form).some((field) => field instanceof HTMLInputElement && field.type === "password" && field.value !== "");
}

/** Called just before the trip to /step-up: keeps what this page's forms hold. */
export function rememberFormsForStepUp(returnTo: string): void {
  try {
    const recent = lastSubmission && Date.now() - lastSubmission.at < SUBMISSION_WINDOW_MS ? lastSubmission : null;
    lastSubmission = null;
    const forms = [...document.querySelectorAll("form")].filter((form) => !isExcluded(form)).map((form): FormDraft => {
      const submitted = recent?.form === form;
      return {
        signature: signatureOf(form),
        values: submitted && recent ? recent.values : valuesOf(form),
        submitted: submitted && !recent?.hadPassword,
        submitter: submitted ? (recent?.submitter ?? null) : null,
      };
    });
    const draft: StepUpDraft = { returnTo, savedAt: Date.now(), forms: forms.filter((form) => Object.keys(form.values).length > 0 || form.submitted) };
    window.sessionStorage.setItem(STORAGE_KEY, JSON.stringify(draft));
  } catch {
    // Storage full or disabled: the person types it again, as before.
  }
}

function takeDraft(here: string): StepUpDraft | null {
  try {
    const raw = window.sessionStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    const draft = JSON.parse(raw) as StepUpDraft;
    if (Date.now() - draft.savedAt > MAX_AGE_MS) {
      window.sessionStorage.removeItem(STORAGE_KEY);
      return null;
    }
    if (draft.returnTo !== here) return null;
    window.sessionStorage.removeItem(STORAGE_KEY);
    return draft;
  } catch {
    return null;
  }
}

/** Sets a value the way a person would, so React's controlled fields see it too. */
function setFieldValue(field: Field, values: string[]): void {
  if (field instanceof HTMLInputElement && (field.type === "checkbox" || field.type === "radio")) {
    const checked = values.includes(field.value);
    if (field.checked !== checked) field.click();
    return;
  }
  if (field instanceof HTMLSelectElement && field.multiple) {
    for (const option of field.options) option.selected = values.includes(option.value);
  } else {
    // The prototype's own setter: React tracks the value set through the instance, and would ignore the change.
    const prototype = Object.getPrototypeOf(field) as object;
    // Reflect.set with the field as receiver runs the prototype's accessor on the field.
    if (!Reflect.set(prototype, "value", values[0] ?? "", field)) field.value = values[0] ?? "";
  }
  field.dispatchEvent(new Event("input", { bubbles: true }));
  field.dispatchEvent(new Event("change", { bubbles: true }));
}

function restore(draft: StepUpDraft): { restored: number; resubmitted: boolean } {
  let restored = 0;
  let resubmitted = false;
  const pages = [...document.querySelectorAll("form")];
  for (const saved of draft.forms) {
    const form = pages.find((candidate) => signatureOf(candidate) === saved.signature);
    if (!form) continue;
    for (const field of namedFields(form)) {
      const values = saved.values[field.name];
      if (values && isKept(field)) setFieldValue(field, values);
    }
    restored += 1;
    if (saved.submitted && !resubmitted) {
      const button = saved.submitter
        ? [...form.querySelectorAll<HTMLButtonElement>("button[name]")].find((b) => b.name === saved.submitter?.name && b.value === saved.submitter.value)
        : undefined;
      form.requestSubmit(button);
      resubmitted = true;
    }
  }
  return { restored, resubmitted };
}

/** Mounted once (app/providers.tsx): records which form was submitted, and restores a draft on arrival. */
export function StepUpDraftRestorer() {
  const pathname = usePathname();
  const { toast } = useToast();

  useEffect(() => {
    const onSubmit = (event: SubmitEvent) => {
      if (!(event.target instanceof HTMLFormElement) || isExcluded(event.target)) return;
      const submitter = event.submitter instanceof HTMLButtonElement && event.submitter.name ? { name: event.submitter.name, value: event.submitter.value } : null;
      lastSubmission = { form: event.target, values: valuesOf(event.target), hadPassword: hasPassword(event.target), submitter, at: Date.now() };
    };
    document.addEventListener("submit", onSubmit, true);
    return () => document.removeEventListener("submit", onSubmit, true);
  }, []);

  useEffect(() => {
    // The router's pathname, not window.location: the effect can run before the address bar is updated.
    const draft = takeDraft(pathname);
    if (!draft) return;
    // The page's forms may render a moment after navigation: look again until they are there.
    const startedAt = Date.now();
    let timer: number | undefined;
    const attempt = () => {
      const { restored, resubmitted } = restore(draft);
      if (restored === 0 && Date.now() - startedAt < RESTORE_WAIT_MS) {
        timer = window.setTimeout(attempt, 100);
        return;
      }
      if (resubmitted) toast({ title: "Confirmed. Finishing what you started…", tone: "info" });
      else if (restored > 0) toast({ title: "Confirmed. What you entered is still here: submit it again to finish.", tone: "info" });
    };
    timer = window.setTimeout(attempt, 0);
    return () => window.clearTimeout(timer);
  }, [pathname, toast]);

  return null;
}

/**
 * "Cancel and go back" on the step-up page: drops the draft first, so going
 * back does not submit the refused form again (which would only ask for the
 * code once more).
 */
export function CancelStepUpLink({ href, className, children }: { href: string; className?: string; children: ReactNode }) {
  return (
    <Link
      href={href}
      className={className}
      onClick={() => {
        try {
          window.sessionStorage.removeItem(STORAGE_KEY);
        } catch {
          // Storage disabled: there is no draft either.
        }
      }}
    >
      {children}
    </Link>
  );
}

import { useId, type ComponentProps, type ReactNode } from "react";
import { Icon } from "./icons";
import { cx } from "./class-names";

/*
 * The one form pattern: a visible label, the control, an optional hint and an
 * inline error tied to the control with aria-describedby / aria-invalid.
 * Ids are the field name plus React's useId (the same on the server and in the
 * browser), so two forms on one page with a field of the same name (the team
 * page's invitation "role" and each member's "role") never share an id: with
 * shared ids one label named several controls ("Role Role of Milo Member").
 * Pass `id` to choose one.
 */

type FieldIds = { controlId: string; hintId: string; errorId: string };

function useFieldIds(name: string, id?: string): FieldIds {
  const unique = useId().replace(/[^a-zA-Z0-9_-]/g, "");
  const controlId = id ?? `field-${name}-${unique}`;
  return { controlId, hintId: `${controlId}-hint`, errorId: `${controlId}-error` };
}

/** The aria attributes a control needs to point at its hint and error. */
function describedBy(ids: FieldIds, hint: ReactNode, error: ReactNode): string | undefined {
  const parts = [hint ? ids.hintId : null, error ? ids.errorId : null].filter(Boolean);
  return parts.length > 0 ? parts.join(" ") : undefined;
}

type FieldShellProps = {
  ids: FieldIds;
  label: ReactNode;
  hint?: ReactNode;
  error?: ReactNode;
  required?: boolean;
  className?: string;
  children: ReactNode;
};

function FieldShell({ ids, label, hint, error, required, className, children }: FieldShellProps) {
  return (
    <div className={cx("space-y-1.5", className)}>
      {/* The required mark is CSS-generated so it is not part of the label's text:
          assistive tech and getByLabel("Email", { exact: true }) see just the label. */}
      <label
        htmlFor={ids.controlId}
        className={cx(
          "block text-sm font-medium text-slate-900",
          required && "after:ml-1 after:text-red-700 after:content-['*']",
        )}
      >
        {label}
      </label>
      {children}
      {hint && (
        <p id={ids.hintId} className="text-sm text-slate-600">
          {hint}
        </p>
      )}
      {error && (
        <p id={ids.errorId} className="flex items-start gap-1.5 text-sm font-medium text-red-700">
          <Icon name="xCircle" className="mt-0.5 size-4 shrink-0" />
          <span>{error}</span>
        </p>
      )}
    </div>
  );
}

const controlBase =
  "block w-full rounded-md border-0 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset " +
  "placeholder:text-slate-500 focus-visible:outline-2 focus-visible:outline-offset-0 focus-visible:outline-ember-600 " +
  "disabled:cursor-not-allowed disabled:bg-slate-100 disabled:text-slate-500";

function controlClasses(invalid: boolean, className?: string): string {
  return cx(controlBase, invalid ? "ring-red-600" : "ring-slate-300", className);
}

type CommonFieldProps = {
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  /** The inline error for this field (e.g. from a zod `flatten().fieldErrors`). */
  error?: ReactNode;
  /** Classes for the wrapper (label + control + messages). */
  fieldClassName?: string;
};

type TextFieldProps = CommonFieldProps & Omit<ComponentProps<"input">, "name">;

export function TextField({ name, label, hint, error, fieldClassName, id, className, required, ...rest }: TextFieldProps) {
  const ids = useFieldIds(name, id);
  return (
    <FieldShell ids={ids} label={label} hint={hint} error={error} required={required} className={fieldClassName}>
      <input
        id={ids.controlId}
        name={name}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(ids, hint, error)}
        className={controlClasses(Boolean(error), cx("h-10", className))}
        {...rest}
      />
    </FieldShell>
  );
}

export type SelectOption = { value: string; label: string; disabled?: boolean };

type SelectFieldProps = CommonFieldProps &
  Omit<ComponentProps<"select">, "name" | "children"> & {
    options: readonly SelectOption[];
    /** A first, empty option such as "Choose a role…". */
    placeholder?: string;
  };

export function SelectField({
  name,
  label,
  hint,
  error,
  fieldClassName,
  id,
  className,
  required,
  options,
  placeholder,
  ...rest
}: SelectFieldProps) {
  const ids = useFieldIds(name, id);
  return (
    <FieldShell ids={ids} label={label} hint={hint} error={error} required={required} className={fieldClassName}>
      <select
        id={ids.controlId}
        name={name}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(ids, hint, error)}
        className={controlClasses(Boolean(error), cx("h-10 pr-8", className))}
        {...rest}
      >
        {placeholder !== undefined && <option value="">{placeholder}</option>}
        {options.map((option) => (
          <option key={option.value} value={option.value} disabled={option.disabled}>
            {option.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

type TextAreaFieldProps = CommonFieldProps & Omit<ComponentProps<"textarea">, "name">;

export function TextAreaField({
  name,
  label,
  hint,
  error,
  fieldClassName,
  id,
  className,
  required,
  rows = 4,
  ...rest
}: TextAreaFieldProps) {
  const ids = useFieldIds(name, id);
  return (
    <FieldShell ids={ids} label={label} hint={hint} error={error} required={required} className={fieldClassName}>
      <textarea
        id={ids.controlId}
        name={name}
        rows={rows}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(ids, hint, error)}
        className={controlClasses(Boolean(error), className)}
        {...rest}
      />
    </FieldShell>
  );
}

/** A form-level error summary (e.g. "Check the highlighted fields"), announced when it appears. */
export function FormError({ children }: { children?: ReactNode }) {
  if (!children) return null;
  return (
    <div role="alert" className="flex gap-2 rounded-md bg-red-50 p-3 text-sm font-medium text-red-800 ring-1 ring-inset ring-red-200">
      <Icon name="xCircle" className="mt-0.5 size-4 shrink-0" />
      <div>{children}</div>
    </div>
  );
}

"use client";
// The new-password field group of sign-up, password reset, invitation
// acceptance and account settings: the password (autocomplete "new-password")
// with its strength feedback and, where the form asks for one, its confirmation.
import { useState, type ReactNode } from "react";
import { TextField } from "./form-field";
import { PasswordHints } from "./password-hints";

const RULES_ID = "password-rules";

type NewPasswordFieldsProps = {
  /** The password field's name: "password" on the public pages, "newPassword" in account settings. */
  name?: string;
  label: string;
  /** The label of the "confirmPassword" field; without one there is no confirmation (sign-up). */
  confirmLabel?: string;
  /** The inline errors of the last submission. */
  errors: { password?: ReactNode; confirmPassword?: ReactNode };
  /** What the user typed elsewhere on the form (e-mail, name…), which the live rules say to leave out. */
  personalInputs?: readonly string[];
  /** A fixed hint in place of the live rules list (account settings). */
  hint?: ReactNode;
  minLength?: number;
};

export function NewPasswordFields({ name = "password", label, confirmLabel, errors, personalInputs, hint, minLength }: NewPasswordFieldsProps) {
  // Controlled, so the value survives a refused submission and feeds the live rules.
  // Fixed ids (one new password per page): the rules list's aria-describedby names the error by id.
  const [password, setPassword] = useState("");
  return (
    <>
      {hint === undefined ? (
        <div className="space-y-2">
          <TextField
            id={`field-${name}`}
            name={name}
            type="password"
            label={label}
            autoComplete="new-password"
            required
            minLength={minLength}
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            // The rules list and (when present) the inline error both describe the field.
            aria-describedby={errors.password ? `${RULES_ID} field-${name}-error` : RULES_ID}
            error={errors.password}
          />
          <PasswordHints id={RULES_ID} password={password} personalInputs={personalInputs} />
        </div>
      ) : (
        <TextField
          id={`field-${name}`}
          name={name}
          type="password"
          label={label}
          autoComplete="new-password"
          required
          minLength={minLength}
          hint={hint}
          error={errors.password}
        />
      )}
      {confirmLabel !== undefined && (
        <TextField
          id="field-confirmPassword"
          name="confirmPassword"
          type="password"
          label={confirmLabel}
          autoComplete="new-password"
          required
          error={errors.confirmPassword}
        />
      )}
    </>
  );
}

"use client";
import Link from "next/link";
import { useActionState, useState } from "react";
import { Alert } from "@/components/alert";
import { Button } from "@/components/button";
import { TextField } from "@/components/form-field";
import { NewPasswordFields } from "@/components/new-password-fields";
import { FormFailure, fieldError } from "../_components/field-errors";
import { YourNameField } from "../_components/your-name-field";
import { signUpSellerAction } from "./actions";

export function SignUpForm({ showDevOutboxHint }: { showDevOutboxHint: boolean }) {
  const [state, formAction, pending] = useActionState(signUpSellerAction, null);
  // Controlled, so the fields survive a refused submission and feed the live hints.
  const [organizationName, setOrganizationName] = useState("");
  const [displayName, setDisplayName] = useState("");
  const [email, setEmail] = useState("");
  const [acceptTerms, setAcceptTerms] = useState(false);

  if (state?.ok) {
    return (
      <Alert tone="success" title="Check your inbox">
        <p>{state.message}</p>
        {showDevOutboxHint ? (
          <p className="mt-2">
            In this demo no e-mail leaves the machine: open the <Link href="/dev/outbox">dev outbox at /dev/outbox</Link> to find the link.
          </p>
        ) : null}
      </Alert>
    );
  }

  const termsError = fieldError(state, "acceptTerms");
  return (
    <form action={formAction} className="space-y-5" noValidate>
      <FormFailure state={state} />
      <TextField
        name="organizationName"
        label="Organization name"
        autoComplete="organization"
        required
        value={organizationName}
        onChange={(event) => setOrganizationName(event.target.value)}
        error={fieldError(state, "organizationName")}
      />
      <YourNameField value={displayName} onChange={setDisplayName} error={fieldError(state, "displayName")} />
      <TextField
        name="email"
        type="email"
        label="Work email"
        autoComplete="email"
        required
        value={email}
        onChange={(event) => setEmail(event.target.value)}
        error={fieldError(state, "email")}
      />
      <NewPasswordFields
        label="Password"
        errors={{ password: fieldError(state, "password") }}
        personalInputs={[email, displayName, organizationName]}
      />
      <div className="space-y-1.5">
        <div className="flex items-start gap-2">
          <input
            id="field-acceptTerms"
            name="acceptTerms"
            type="checkbox"
            // Not controlled: React resets a form after its action runs, and a reset
            // restores defaultChecked, which follows the user's last choice.
            defaultChecked={acceptTerms}
            onChange={(event) => setAcceptTerms(event.target.checked)}
            aria-invalid={termsError ? true : undefined}
            aria-describedby={termsError ? "field-acceptTerms-error" : undefined}
            className="mt-0.5 size-4 rounded border-slate-300 text-ember-700 focus-visible:outline-2 focus-visible:outline-ember-600"
          />
          <label htmlFor="field-acceptTerms" className="text-sm text-slate-900">
            I accept the data-use terms
          </label>
        </div>
        {termsError ? (
          <p id="field-acceptTerms-error" className="text-sm font-medium text-red-700">
            {termsError}
          </p>
        ) : null}
      </div>
      <Button type="submit" pending={pending} className="w-full">
        Create account
      </Button>
    </form>
  );
}

"use client";
import Link from "next/link";
import { useActionState, useState } from "react";
import { Alert } from "@/components/alert";
import { Button } from "@/components/button";
import { TextField } from "@/components/form-field";
import { NewPasswordFields } from "@/components/new-password-fields";
import { DataUseTermsText, termsVersionLine } from "@/components/data-use-terms";
import { TERMS_PATH, TERMS_TITLE } from "@/lib/onboarding/terms";
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
  const termsDescribedBy = ["field-acceptTerms-hint", termsError ? "field-acceptTerms-error" : null].filter(Boolean).join(" ");
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
            aria-describedby={termsDescribedBy}
            className="mt-0.5 size-4 rounded border-slate-300 text-ember-700 focus-visible:outline-2 focus-visible:outline-ember-600"
          />
          <label htmlFor="field-acceptTerms" className="text-sm text-slate-900">
            I accept the data-use terms
          </label>
        </div>
        <p id="field-acceptTerms-hint" className="pl-6 text-sm text-slate-600">
          {termsVersionLine()}
        </p>
        {/* The terms where they are accepted: read here, or on their own page in a new tab (the form keeps what was typed). */}
        <details className="ml-6 rounded-md bg-slate-50 text-sm ring-1 ring-inset ring-slate-200">
          <summary className="cursor-pointer rounded-md px-3 py-2 font-medium text-ember-800 focus-visible:outline-2 focus-visible:outline-ember-600">
            Read the data-use terms
          </summary>
          <div role="region" aria-label={TERMS_TITLE} tabIndex={0} className="max-h-64 overflow-y-auto px-3 pb-3 focus-visible:outline-2 focus-visible:outline-ember-600">
            <DataUseTermsText />
            <p className="mt-3">
              <Link href={TERMS_PATH} target="_blank" className="font-medium text-ember-800 underline underline-offset-4">
                Open the terms on their own page
              </Link>{" "}
              (opens in a new tab)
            </p>
          </div>
        </details>
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

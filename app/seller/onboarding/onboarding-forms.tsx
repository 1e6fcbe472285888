"use client";
// The wizard's step forms (one pattern: labelled fields, inline errors, toast
// for failures, step-up when the MFA check is older than 5 minutes).
import Link from "next/link";
import { useActionState } from "react";
import { Button } from "@/components/button";
import { SelectField, TextField } from "@/components/form-field";
import { fieldError, useActionFeedback } from "@/components/use-action-feedback";
import { COUNTRIES } from "@/lib/onboarding/countries";
import { marketplacesByRegion } from "@/lib/onboarding/marketplaces";
import { DataUseTermsText } from "@/components/data-use-terms";
import { TERMS_PATH, TERMS_TITLE, termsVersionDate } from "@/lib/onboarding/terms";
import { acceptTermsAction, saveContactAction, saveMarketplacesAction, saveOrganizationAction } from "./actions";

function SaveButton({ pending }: { pending: boolean }) {
  return (
    <div>
      <Button type="submit" pending={pending}>
        Save and continue
      </Button>
    </div>
  );
}

export function OrganizationStepForm({ legalName, countryCode }: { legalName: string; countryCode: string | null }) {
  const [state, formAction, pending] = useActionState(saveOrganizationAction, null);
  useActionFeedback(state);
  return (
    <form action={formAction} className="grid max-w-md gap-4">
      <TextField
        name="legalName"
        label="Legal name"
        defaultValue={legalName}
        required
        maxLength={200}
        autoComplete="organization"
        hint="As registered, e.g. “Acme Outdoor LLC”."
        error={fieldError(state, "legalName")}
      />
      <SelectField
        name="countryCode"
        label="Country of registration"
        defaultValue={countryCode ?? ""}
        placeholder="Choose a country…"
        required
        options={COUNTRIES.map((country) => ({ value: country.code, label: country.name }))}
        error={fieldError(state, "countryCode")}
      />
      <SaveButton pending={pending} />
    </form>
  );
}

export function MarketplacesStepForm({ selected }: { selected: readonly string[] }) {
  const [state, formAction, pending] = useActionState(saveMarketplacesAction, null);
  useActionFeedback(state);
  const error = fieldError(state, "marketplaceIds");
  return (
    <form action={formAction} className="grid gap-6">
      {marketplacesByRegion().map((group) => (
        <fieldset key={group.region}>
          <legend className="text-sm font-semibold text-slate-900">{group.label}</legend>
          <div className="mt-2 grid gap-2 sm:grid-cols-3">
            {group.marketplaces.map((marketplace) => (
              <label key={marketplace.id} className="flex items-center gap-2 text-sm text-slate-700">
                <input
                  type="checkbox"
                  name="marketplaceIds"
                  value={marketplace.id}
                  defaultChecked={selected.includes(marketplace.id)}
                  className="size-4 rounded border-slate-300 text-ember-600 focus-visible:outline-ember-600"
                />
                {marketplace.country}
              </label>
            ))}
          </div>
        </fieldset>
      ))}
      {error && (
        <p className="text-sm text-red-700" role="alert">
          {error}
        </p>
      )}
      <SaveButton pending={pending} />
    </form>
  );
}

export function ContactStepForm(props: { contactName: string | null; contactEmail: string | null; contactPhone: string | null }) {
  const [state, formAction, pending] = useActionState(saveContactAction, null);
  useActionFeedback(state);
  return (
    <form action={formAction} className="grid max-w-md gap-4">
      <TextField
        name="contactName"
        label="Contact name"
        defaultValue={props.contactName ?? ""}
        required
        maxLength={200}
        autoComplete="name"
        error={fieldError(state, "contactName")}
      />
      <TextField
        name="contactEmail"
        type="email"
        label="Contact email"
        defaultValue={props.contactEmail ?? ""}
        required
        maxLength={254}
        autoComplete="email"
        hint="Where FireFeed reaches your organization about its account and security notices."
        error={fieldError(state, "contactEmail")}
      />
      <TextField
        name="contactPhone"
        type="tel"
        label="Contact phone (optional)"
        defaultValue={props.contactPhone ?? ""}
        maxLength={40}
        autoComplete="tel"
        error={fieldError(state, "contactPhone")}
      />
      <SaveButton pending={pending} />
    </form>
  );
}

export function TermsStepForm({ termsVersion, acceptedVersion }: { termsVersion: string; acceptedVersion: string | null }) {
  const [state, formAction, pending] = useActionState(acceptTermsAction, null);
  useActionFeedback(state);
  return (
    <form action={formAction} className="grid gap-4">
      <div className="max-h-72 overflow-y-auto rounded-md bg-slate-50 p-4 ring-1 ring-inset ring-slate-200" role="region" tabIndex={0} aria-label={TERMS_TITLE}>
        <h3 className="text-sm font-semibold text-slate-900">
          {TERMS_TITLE} (version {termsVersion})
        </h3>
        {termsVersionDate(termsVersion) && <p className="mt-1 text-xs text-slate-600">In effect since {termsVersionDate(termsVersion)}.</p>}
        <DataUseTermsText />
        <p className="mt-3 text-sm">
          <Link href={TERMS_PATH} target="_blank" className="font-medium text-ember-800 underline underline-offset-4">
            Open the terms on their own page
          </Link>{" "}
          (opens in a new tab, to print or keep)
        </p>
      </div>
      {acceptedVersion && acceptedVersion !== termsVersion && (
        <p className="text-sm text-slate-600">You accepted version {acceptedVersion} earlier; the terms have changed since.</p>
      )}
      <input type="hidden" name="termsVersion" value={termsVersion} />
      <label className="flex items-center gap-2 text-sm text-slate-800">
        <input type="checkbox" name="accept" required className="size-4 rounded border-slate-300 text-ember-600" />
        I accept the FireFeed data-use terms for my organization
      </label>
      {fieldError(state, "accept") && (
        <p className="text-sm text-red-700" role="alert">
          {fieldError(state, "accept")}
        </p>
      )}
      <div>
        <Button type="submit" pending={pending}>
          Accept and continue
        </Button>
      </div>
    </form>
  );
}

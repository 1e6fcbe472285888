"use client";
// "Connect Amazon": asks the server for a consent URL (state bound to this
// session, 10 minutes, single use) and sends the browser to Seller Central.
// Used by the onboarding wizard's last step and by /seller/amazon.
import { useActionState, useEffect } from "react";
import { Button } from "@/components/button";
import { SelectField } from "@/components/form-field";
import { useActionFeedback } from "@/components/use-action-feedback";
import { REGION_LABELS, type AmazonRegionCode } from "@/lib/onboarding/marketplaces";
import { connectAmazonAction } from "./actions";

export function ConnectAmazonForm({ regions, label = "Connect Amazon" }: { regions: readonly AmazonRegionCode[]; label?: string }) {
  const [state, formAction, pending] = useActionState(connectAmazonAction, null);
  // Errors become a toast; stepUpRequired sends the person to /step-up and back here.
  useActionFeedback(state?.ok ? null : state);
  const consentUrl = state?.ok ? state.data?.consentUrl : undefined;

  useEffect(() => {
    // Full navigation to Amazon's consent page (another origin).
    if (consentUrl) window.location.assign(consentUrl);
  }, [consentUrl]);

  if (regions.length === 0) {
    return <p className="text-sm text-slate-600">Choose at least one marketplace during onboarding first.</p>;
  }
  return (
    <form action={formAction} className="flex flex-wrap items-end gap-3">
      <SelectField
        name="region"
        label="Amazon region"
        defaultValue={regions[0]}
        options={regions.map((region) => ({ value: region, label: REGION_LABELS[region] }))}
        hint="One authorization covers every marketplace of the region."
      />
      <div className="pb-6">
        <Button type="submit" pending={pending || Boolean(consentUrl)}>
          {label}
        </Button>
      </div>
    </form>
  );
}

// The data-use terms as people read them, wherever they are accepted or
// looked up: the public /terms page, beside the sign-up checkbox and in the
// onboarding step. Plain markup (no hooks), so server and client components
// render the same text that the server records as accepted.
import { CURRENT_TERMS_VERSION, TERMS_TEXT, termsVersionDate } from "@/lib/onboarding/terms";

/** "Version 2026-11-01, in effect since 1 November 2026." */
export function termsVersionLine(version: string = CURRENT_TERMS_VERSION): string {
  const date = termsVersionDate(version);
  return date ? `Version ${version}, in effect since ${date}.` : `Version ${version}.`;
}

/** The paragraphs of the current terms. */
export function DataUseTermsText({ className = "mt-2 text-sm text-slate-700" }: { className?: string }) {
  return (
    <>
      {TERMS_TEXT.map((paragraph) => (
        <p key={paragraph} className={className}>
          {paragraph}
        </p>
      ))}
    </>
  );
}

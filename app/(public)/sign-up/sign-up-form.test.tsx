import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import { CURRENT_TERMS_VERSION, TERMS_TEXT } from "@/lib/onboarding/terms";

// The form's server action is not called while rendering.
vi.mock("./actions", () => ({ signUpSellerAction: vi.fn() }));
const { SignUpForm } = await import("./sign-up-form");

const escaped = (text: string) => text.replaceAll("&", "&amp;").replaceAll("'", "&#x27;").replaceAll('"', "&quot;");

describe("<SignUpForm> terms", () => {
  const html = renderToStaticMarkup(<SignUpForm showDevOutboxHint={false} />);

  it("shows the terms it asks to accept, next to the checkbox", () => {
    const checkbox = /<input[^>]*id="field-acceptTerms"[^>]*>/.exec(html)?.[0] ?? "";
    expect(checkbox).toContain('aria-describedby="field-acceptTerms-hint"');
    expect(html).toContain(`<p id="field-acceptTerms-hint" class="pl-6 text-sm text-slate-600">Version ${CURRENT_TERMS_VERSION}, in effect since`);
    expect(html).toMatch(/<details[^>]*><summary[^>]*>Read the data-use terms<\/summary>/);
    for (const paragraph of TERMS_TEXT) expect(html).toContain(escaped(paragraph));
  });

  it("links to the terms page in a new tab, so what was typed stays", () => {
    expect(html).toMatch(/<a[^>]*href="\/terms"[^>]*target="_blank"[^>]*>Open the terms on their own page<\/a>|<a[^>]*target="_blank"[^>]*href="\/terms"[^>]*>Open the terms on their own page<\/a>/);
  });
});

import { describe, expect, it } from "vitest";
import { renderToStaticMarkup } from "react-dom/server";
import { CodeEntryForm } from "./code-entry-form";

const noop = () => undefined;

const OPENING_TAGS = { input: /<input[^>]*>/g, button: /<button[^>]*>/g } as const;

/** The opening tag of the first `element` whose attributes include `needle`. */
function tag(html: string, element: keyof typeof OPENING_TAGS, needle: string): string {
  const found = html.match(OPENING_TAGS[element])?.find((candidate) => candidate.includes(needle));
  if (!found) throw new Error(`no <${element}> with ${needle} in ${html}`);
  return found;
}

describe("<CodeEntryForm>", () => {
  it("asks for the one-time code the way authenticator apps and keyboards expect", () => {
    const html = renderToStaticMarkup(
      <CodeEntryForm action={noop} pending={false} failure={null} next="/seller/orders" submitLabel="Confirm" codeHint="The 6-digit code." />,
    );
    const code = tag(html, "input", 'name="code"');
    for (const attribute of ['id="field-code"', 'inputMode="numeric"', 'autoComplete="one-time-code"', 'pattern="[0-9 ]*"', 'maxLength="7"', "required"]) {
      expect(code).toContain(attribute);
    }
    expect(html).toContain('<label for="field-code"');
    expect(html).toContain(">Authentication code</label>");
    expect(html).toContain("The 6-digit code.");
    expect(html).toContain('<input type="hidden" name="next" value="/seller/orders"/>');
    expect(tag(html, "button", 'type="submit"')).not.toContain('disabled=""');
    expect(html).toContain(">Confirm</button>");
    expect(html).not.toContain("Use a recovery code instead");
    expect(html).not.toContain('role="alert"');
  });

  it("offers a recovery code only where asked (sign-in verification)", () => {
    const html = renderToStaticMarkup(<CodeEntryForm action={noop} pending={false} failure={null} next={null} submitLabel="Verify" offerRecoveryCode />);
    expect(html).toContain("Use a recovery code instead");
    expect(html).not.toContain('name="next"');
  });

  it("disables the submit button while pending", () => {
    const html = renderToStaticMarkup(<CodeEntryForm action={noop} pending failure={null} next={null} submitLabel="Confirm" />);
    const submit = tag(html, "button", 'type="submit"');
    expect(submit).toContain('disabled=""');
    expect(submit).toContain('aria-busy="true"');
  });

  it("shows the failure, the inline error where given, and the way back when the sign-in expired", () => {
    const invalid = renderToStaticMarkup(
      <CodeEntryForm action={noop} pending={false} failure={{ ok: false, error: "That code is not valid." }} next={null} submitLabel="Confirm" codeError="Enter the 6-digit code from your app." />,
    );
    expect(invalid).toContain("That code is not valid.");
    expect(invalid).not.toContain("Back to sign in");
    expect(tag(invalid, "input", 'name="code"')).toContain('aria-invalid="true"');
    expect(invalid).toContain("Enter the 6-digit code from your app.");

    const expired = renderToStaticMarkup(
      <CodeEntryForm action={noop} pending={false} failure={{ ok: false, error: "Your sign-in has expired. Sign in again." }} next={null} submitLabel="Verify" />,
    );
    expect(expired).toContain('<a href="/sign-in">Back to sign in</a>');
    expect(tag(expired, "input", 'name="code"')).not.toContain("aria-invalid");
  });
});

import { describe, expect, it } from "vitest";
import { renderToStaticMarkup } from "react-dom/server";
import { NewPasswordFields } from "./new-password-fields";

/** The attributes of the <input> named `name` (password managers and the server both rely on them). */
function input(html: string, name: string): string {
  const tag = html.match(/<input[^>]*>/g)?.find((candidate) => candidate.includes(` name="${name}"`));
  if (!tag) throw new Error(`no input named ${name} in ${html}`);
  return tag;
}

describe("<NewPasswordFields>", () => {
  it("renders a new password and its confirmation for password managers, with the live rules", () => {
    const html = renderToStaticMarkup(<NewPasswordFields label="New password" confirmLabel="Confirm new password" errors={{}} />);
    const password = input(html, "password");
    expect(password).toContain('id="field-password"');
    expect(password).toContain('type="password"');
    expect(password).toContain('autoComplete="new-password"');
    expect(password).toContain('aria-describedby="password-rules"');
    expect(html).toContain('<label for="field-password"');
    expect(html).toContain(">New password</label>");
    expect(html).toContain('<ul id="password-rules"');

    const confirmation = input(html, "confirmPassword");
    expect(confirmation).toContain('id="field-confirmPassword"');
    expect(confirmation).toContain('autoComplete="new-password"');
    expect(html).toContain(">Confirm new password</label>");
  });

  it("has no confirmation without a confirmLabel (sign-up)", () => {
    const html = renderToStaticMarkup(<NewPasswordFields label="Password" errors={{}} />);
    expect(html).toContain('name="password"');
    expect(html).not.toContain("confirmPassword");
  });

  it("ties both the rules and the inline error to the password, and shows the confirmation's error", () => {
    const html = renderToStaticMarkup(
      <NewPasswordFields label="Password" confirmLabel="Confirm password" errors={{ password: "Too short.", confirmPassword: "The passwords do not match." }} />,
    );
    expect(input(html, "password")).toContain('aria-describedby="password-rules field-password-error"');
    expect(html).toContain('id="field-password-error"');
    expect(input(html, "confirmPassword")).toContain('aria-describedby="field-confirmPassword-error"');
    expect(html).toContain("The passwords do not match.");
  });

  it("shows a fixed hint instead of the rules where given (account settings)", () => {
    const html = renderToStaticMarkup(
      <NewPasswordFields name="newPassword" label="New password" confirmLabel="Confirm new password" minLength={12} hint="At least 12 characters." errors={{}} />,
    );
    const password = input(html, "newPassword");
    expect(password).toContain('id="field-newPassword"');
    expect(password).toContain('minLength="12"');
    expect(password).toContain('aria-describedby="field-newPassword-hint"');
    expect(html).toContain("At least 12 characters.");
    expect(html).not.toContain("password-rules");
    expect(input(html, "confirmPassword")).toContain('autoComplete="new-password"');
  });
});

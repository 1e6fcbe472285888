import { describe, expect, it } from "vitest";
import { renderToStaticMarkup } from "react-dom/server";
import { SelectField, TextAreaField, TextField } from "./form-field";

describe("form fields", () => {
  it("labels the input and ties hint and error to it", () => {
    const html = renderToStaticMarkup(
      <TextField name="email" label="E-mail address" type="email" hint="We send a link." error="Enter a valid e-mail address." />,
    );
    expect(html).toContain('<label for="field-email"');
    expect(html).toContain('id="field-email"');
    expect(html).toContain('aria-invalid="true"');
    expect(html).toContain('aria-describedby="field-email-hint field-email-error"');
    expect(html).toContain('id="field-email-error"');
  });

  it("is not marked invalid without an error", () => {
    const html = renderToStaticMarkup(<TextAreaField name="reason" id="reveal-reason" label="Reason" />);
    expect(html).not.toContain("aria-invalid");
    expect(html).not.toContain("aria-describedby");
    expect(html).toContain('<label for="reveal-reason"');
  });

  it("renders select options with an optional placeholder", () => {
    const html = renderToStaticMarkup(
      <SelectField name="role" label="Role" placeholder="Choose a role…" options={[{ value: "owner", label: "Owner" }]} />,
    );
    expect(html).toContain('<option value="">Choose a role…</option>');
    expect(html).toContain('<option value="owner">Owner</option>');
  });
});

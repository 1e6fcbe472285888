import { describe, expect, it } from "vitest";
import { renderToStaticMarkup } from "react-dom/server";
import { SelectField, TextAreaField, TextField } from "./form-field";

describe("form fields", () => {
  it("labels the input and ties hint and error to it", () => {
    const html = renderToStaticMarkup(
      <TextField name="email" label="E-mail address" type="email" hint="We send a link." error="Enter a valid e-mail address." />,
    );
    const id = /<label for="(field-email-[\w-]+)"/.exec(html)?.[1];
    expect(id).toBeDefined();
    expect(html).toContain(`id="${id}"`);
    expect(html).toContain('aria-invalid="true"');
    expect(html).toContain(`aria-describedby="${id}-hint ${id}-error"`);
    expect(html).toContain(`id="${id}-error"`);
  });

  it("gives two fields of the same name on one page different ids (one label names one control)", () => {
    const html = renderToStaticMarkup(
      <>
        <SelectField name="role" label="Role" options={[{ value: "owner", label: "Owner" }]} />
        <SelectField name="role" label="Role of Milo Member" options={[{ value: "owner", label: "Owner" }]} />
      </>,
    );
    const ids = [...html.matchAll(/<label for="([^"]+)"/g)].map((match) => match[1]);
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(2);
    for (const id of ids) expect(html).toContain(`<select id="${id}"`);
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

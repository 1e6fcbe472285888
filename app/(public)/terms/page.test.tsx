import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { routeRequirement } from "@/lib/rbac/route-policy";
import { CURRENT_TERMS_VERSION, TERMS_PATH, TERMS_TEXT, TERMS_TITLE, termsVersionDate } from "@/lib/onboarding/terms";
import TermsPage, { metadata } from "./page";

/** Text as React writes it into HTML. */
const escaped = (text: string) => text.replaceAll("&", "&amp;").replaceAll("'", "&#x27;").replaceAll('"', "&quot;");

describe("the data-use terms page", () => {
  it("shows the current terms with their version and date", () => {
    const html = renderToStaticMarkup(<TermsPage />);
    expect(html).toContain(`<h1 class="text-3xl font-semibold tracking-tight text-slate-900 sm:text-4xl">${TERMS_TITLE}</h1>`);
    expect(html).toContain(`Version ${CURRENT_TERMS_VERSION}, in effect since ${termsVersionDate(CURRENT_TERMS_VERSION)}.`);
    expect(TERMS_TEXT.length).toBeGreaterThan(0);
    for (const paragraph of TERMS_TEXT) expect(html).toContain(escaped(paragraph));
    expect(html).toContain('href="/sign-up"');
    expect(metadata.title).toBe("Data-use terms");
  });

  it("is public: sign-up links to it before anyone has an account", () => {
    expect(TERMS_PATH).toBe("/terms");
    expect(routeRequirement(TERMS_PATH)).toEqual({ kind: "public" });
  });
});

describe("termsVersionDate", () => {
  it("reads a date-based version as people write the date", () => {
    expect(termsVersionDate("2026-11-01")).toBe("1 November 2026");
    expect(termsVersionDate("2027-02-28")).toBe("28 February 2027");
  });

  it("says nothing for a version that is not a date", () => {
    expect(termsVersionDate("v2")).toBeNull();
    expect(termsVersionDate("2026-13-45")).toBeNull();
  });
});

// HTML for the fake Seller Central consent page. Plain forms, no scripts: it works without
// JavaScript and under a CSP that allows only the one stylesheet below (by hash).
import { createHash } from "node:crypto";
import { FAKE_SELLERS } from "./fake-data";

const STYLE = [
  "body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#111}",
  ".banner{background:#fff4e5;border:1px solid #f0a030;padding:.5rem .75rem;border-radius:4px;font-size:.9rem}",
  "button{font-size:1rem;padding:.5rem 1.25rem;margin-right:.5rem;border-radius:4px;border:1px solid #888;cursor:pointer}",
  "button.primary{background:#ffd814;border-color:#c8a500}",
  "label{display:block;margin:1rem 0 .25rem;font-weight:600}",
  "select{font-size:1rem;padding:.25rem}",
  ".error{color:#b00020}",
].join("");

export const CONSENT_STYLE_HASH = `sha256-${createHash("sha256").update(STYLE).digest("base64")}`;

export function escapeHtml(value: string): string {
  return value
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<p class="banner">Local fake of Amazon Seller Central for development. Nothing here talks to Amazon.</p>
${body}
</body>
</html>`;
}

export interface ConsentFormFields {
  applicationId: string;
  appName: string;
  state: string;
  redirectUri: string;
  version: string | undefined;
}

export function renderConsentPage(fields: ConsentFormFields): string {
  const hidden = (name: string, value: string) =>
    `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`;
  const options = FAKE_SELLERS.map(
    (seller) =>
      `<option value="${escapeHtml(seller.sellingPartnerId)}">${escapeHtml(seller.displayName)} (${escapeHtml(seller.sellingPartnerId)})</option>`,
  ).join("");
  return page(
    `${fields.appName} - Authorize`,
    `<h1>${escapeHtml(fields.appName)} wants access to your Amazon seller account</h1>
<p>The app will be able to read your orders, including restricted buyer data needed for shipping and tax documents.</p>
<form method="post" action="/apps/authorize/confirm">
${hidden("application_id", fields.applicationId)}
${hidden("state", fields.state)}
${hidden("redirect_uri", fields.redirectUri)}
${fields.version === undefined ? "" : hidden("version", fields.version)}
<label for="selling_partner_id">Selling account</label>
<select id="selling_partner_id" name="selling_partner_id">${options}</select>
<p>
<button class="primary" type="submit" name="decision" value="confirm">Confirm</button>
<button type="submit" name="decision" value="cancel">Cancel</button>
</p>
</form>`,
  );
}

export function renderConsentError(code: string | undefined, message: string): string {
  return page(
    "Authorization error",
    `<h1 class="error">We could not authorize this app</h1>
<p>${escapeHtml(message)}</p>
${code === undefined ? "" : `<p>Error code: <strong>${escapeHtml(code)}</strong></p>`}`,
  );
}

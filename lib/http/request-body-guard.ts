// Requests whose body the portal cannot read get a 4xx and a real page, never
// a 500 (issue 9, finding 6). Next.js turns an over-limit server-action body,
// a broken multipart body or a non-JSON action payload into an exception
// (500), and next-auth does the same with malformed JSON; the middleware asks
// this module first. Next buffers the body for middleware and replays it to
// the route (experimental.proxyClientMaxBodySize in next.config.ts bounds that
// buffer), so reading a clone here costs one copy of at most
// REQUEST_BODY_LIMIT_BYTES.
//
// Shared by middleware.ts and next.config.ts (Next's own server-action limit
// is the same number): no "server-only", no Node-only imports.

/** The largest request body any route accepts (N5). Next's serverActions.bodySizeLimit is set from it. */
export const REQUEST_BODY_LIMIT_BYTES = 256 * 1024;

export interface BodyRefusal {
  status: 400 | 411 | 413;
  title: string;
  message: string;
}

const TOO_LARGE: BodyRefusal = {
  status: 413,
  title: "That was too much to send",
  message: `What you sent is larger than the ${REQUEST_BODY_LIMIT_BYTES / 1024} KB the portal accepts at once. Shorten it and try again.`,
};
const UNREADABLE: BodyRefusal = {
  status: 400,
  title: "The request could not be read",
  message: "Your browser sent something the portal could not read. Reload the page and try again.",
};
const LENGTH_REQUIRED: BodyRefusal = {
  status: 411,
  title: "The request could not be read",
  message: "The request did not say how large it is. Reload the page and try again.",
};

const METHODS_WITH_BODY = new Set(["POST", "PUT", "PATCH", "DELETE"]);

async function multipartFields(bytes: ArrayBuffer, contentType: string): Promise<FormData | null> {
  try {
    return await new Response(bytes, { headers: { "content-type": contentType } }).formData();
  } catch {
    return null;
  }
}

function jsonOf(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/**
 * The React reply references the portal's forms actually produce: escaped "$$"
 * strings, undefined/NaN/Infinity/-0, dates, bigints, FormData ("$K") and
 * chunk ("$@") references. React's decoder throws (a 500 from Next) on other
 * references that point at nothing (a Map "$Q9" with no part 9, ...), and no
 * form of the portal sends them, so they are refused as unreadable.
 */
const SAFE_REPLY_REFERENCE = /^\$(?:\$|undefined$|NaN$|Infinity$|-Infinity$|-0$|K[0-9a-f]{1,8}$|D|n-?\d{1,40}$|@[0-9a-f]{1,8}$)/;

function isSafeReplyValue(value: unknown, depth = 0): boolean {
  if (depth > 32) return false;
  if (typeof value === "string") return !value.startsWith("$") || SAFE_REPLY_REFERENCE.test(value);
  if (Array.isArray(value)) return value.every((item) => isSafeReplyValue(item, depth + 1));
  if (value !== null && typeof value === "object") return Object.values(value).every((item) => isSafeReplyValue(item, depth + 1));
  return true;
}

/** A server action's arguments: a JSON array of safe reply values. */
function isSafeActionArguments(text: string): boolean {
  const parsed = jsonOf(text);
  return parsed.ok && Array.isArray(parsed.value) && isSafeReplyValue(parsed.value);
}

/** Fields React's form-action decoding parses as JSON: the root "0" of an action call, and "$ACTION_n:m" bound arguments. */
const BOUND_ARGUMENT_FIELD = /(?:^|_)\$ACTION_\d{1,6}:\d{1,6}$/;

function isReadableActionForm(fields: FormData, isServerAction: boolean): boolean {
  if (isServerAction) {
    const root = fields.get("0");
    if (typeof root !== "string" || !isSafeActionArguments(root)) return false;
  }
  for (const [name, value] of fields) {
    if (!BOUND_ARGUMENT_FIELD.test(name)) continue;
    if (typeof value !== "string") return false;
    const parsed = jsonOf(value);
    if (!parsed.ok || !isSafeReplyValue(parsed.value)) return false;
  }
  return true;
}

function decodesAsJson(bytes: ArrayBuffer): string | null {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/**
 * Why `request`'s body must be refused before any route sees it, or null.
 * Bodies are checked where a route would parse them: server actions (the
 * `Next-Action` header: multipart, or a JSON payload as text), JSON and
 * multipart requests to route handlers. Size counts the bytes actually sent,
 * not only the declared Content-Length.
 */
export async function requestBodyRefusal(request: Request): Promise<BodyRefusal | null> {
  if (!METHODS_WITH_BODY.has(request.method)) return null;
  const declared = request.headers.get("content-length");
  if (declared !== null && !/^\d{1,15}$/.test(declared.trim())) return UNREADABLE;
  if (declared !== null && Number(declared) > REQUEST_BODY_LIMIT_BYTES) return TOO_LARGE;

  // Lower-cased for the checks only: a multipart boundary is case-sensitive.
  const rawContentType = request.headers.get("content-type") ?? "";
  const contentType = rawContentType.toLowerCase();
  const isServerAction = request.headers.has("next-action");
  const isMultipart = contentType.startsWith("multipart/form-data");
  const isJson = contentType.startsWith("application/json") || /^application\/[a-z0-9.+-]+\+json/.test(contentType);
  // A server action must say how large it is: browsers always do, and an
  // unbounded chunked body is a way to tie up a worker.
  if (isServerAction && declared === null && request.body !== null) return LENGTH_REQUIRED;
  if (!isServerAction && !isMultipart && !isJson) return null;
  if (request.body === null) return null;

  const bytes = await request.clone().arrayBuffer();
  if (bytes.byteLength > REQUEST_BODY_LIMIT_BYTES) return TOO_LARGE;
  if (isMultipart) {
    const fields = await multipartFields(bytes, rawContentType);
    return fields && isReadableActionForm(fields, isServerAction) ? null : UNREADABLE;
  }
  const text = decodesAsJson(bytes);
  if (text === null) return UNREADABLE;
  // A server action's arguments without a form arrive as React's JSON encoding, as text/plain.
  if (isServerAction) return isSafeActionArguments(text) ? null : UNREADABLE;
  return text.length === 0 || jsonOf(text).ok ? null : UNREADABLE;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/**
 * The portal's error page for a refusal the middleware answers itself
 * (Next cannot render a page with status 400/411/413). Self-contained: its
 * one style block carries the request's CSP nonce, no script, no external asset.
 */
export function refusalPageHtml(refusal: BodyRefusal, requestId: string, nonce: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(refusal.title)} · FireFeed Portal</title>
<style nonce="${escapeHtml(nonce)}">
body{margin:0;font-family:ui-sans-serif,system-ui,sans-serif;background:#f8fafc;color:#0f172a}
main{max-width:32rem;margin:12vh auto;padding:2rem;background:#fff;border:1px solid #e2e8f0;border-radius:.75rem}
h1{font-size:1.25rem;margin:0 0 .75rem}p{line-height:1.5;margin:.5rem 0}a{color:#c2410c}small{color:#64748b}
</style>
</head>
<body>
<main>
<p><strong>FireFeed Portal</strong></p>
<h1>${escapeHtml(refusal.title)}</h1>
<p>${escapeHtml(refusal.message)}</p>
<p><a href="/">Go to the home page</a></p>
<p><small>Error ${refusal.status}. Reference: ${escapeHtml(requestId)}</small></p>
</main>
</body>
</html>
`;
}

// Splits plain-text e-mail bodies into text and links for /dev/outbox, so the
// page can render <a> elements without ever injecting HTML. Only links to the
// portal itself (same origin as APP_URL) become clickable: an outbox is a
// developer tool, not a place to follow links someone typed into a form.

export type TextSegment = { kind: "text"; text: string } | { kind: "link"; text: string; href: string };

// http(s) URLs up to whitespace or a character that cannot end a URL in prose.
const URL_PATTERN = /https?:\/\/[^\s<>"'`]+/g;

export function splitTextIntoLinks(text: string, appUrl: string): TextSegment[] {
  const origin = new URL(appUrl).origin;
  const segments: TextSegment[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    // Sentence punctuation right after a URL is not part of it.
    const raw = match[0].replace(/[.,;:!?)\]]+$/, "");
    const start = match.index;
    let href: string | null = null;
    if (URL.canParse(raw)) {
      const url = new URL(raw);
      if (url.origin === origin) href = url.href;
    }
    if (href === null) continue;
    if (start > last) segments.push({ kind: "text", text: text.slice(last, start) });
    segments.push({ kind: "link", text: raw, href });
    last = start + raw.length;
  }
  if (last < text.length) segments.push({ kind: "text", text: text.slice(last) });
  return segments;
}

/**
 * Which navigation entry is active for a pathname: the longest href that equals
 * the path or is a parent of it. So `/admin/security/audit/42` activates
 * "Audit log" rather than "Security" or "Overview", and `/seller` only matches
 * the overview itself or pages no other entry claims.
 */
export function findActiveHref(pathname: string, hrefs: readonly string[]): string | undefined {
  const path = normalize(pathname);
  let best: string | undefined;
  for (const href of hrefs) {
    const candidate = normalize(href);
    const matches = path === candidate || path.startsWith(candidate === "/" ? "/" : `${candidate}/`);
    if (matches && (best === undefined || candidate.length > normalize(best).length)) best = href;
  }
  return best;
}

function normalize(path: string): string {
  const withoutQuery = path.split(/[?#]/, 1)[0] ?? "";
  return withoutQuery.length > 1 ? withoutQuery.replace(/\/+$/, "") : withoutQuery;
}

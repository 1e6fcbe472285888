// Server-side only (no "server-only" import so tsx scripts can load it).
//
// Optional online breached-password check through Have I Been Pwned's
// k-anonymity range API: only the first 5 hex characters of the password's
// SHA-1 leave the server; the ~800 suffixes sharing that prefix come back and
// are compared here. `Add-Padding: true` asks the API to pad every response
// with fake zero-count entries, so the response size does not hint at the
// prefix either.
//
// Off unless PWNED_PASSWORDS_API=on: the caller reads the setting (lib/env)
// and passes `enabled`; this module never reads process.env.
import { createHash } from "node:crypto";

export const PWNED_RANGE_API_URL = "https://api.pwnedpasswords.com/range/";
export const DEFAULT_PWNED_RANGE_TIMEOUT_MS = 2_000;

export type PwnedRangeResult =
  | { readonly status: "disabled" }
  | { readonly status: "breached"; readonly count: number }
  | { readonly status: "not-found" }
  /**
   * The API could not answer (time-out, network error, bad status, unreadable
   * body). Callers treat it as "not found": FAIL OPEN, deliberately. This check
   * is an optional extra on top of the offline list of the most common
   * breached passwords (already applied) and the strength estimator; refusing
   * every sign-up or password change while a third-party API is down would
   * turn its outage into ours, and an attacker who can block our outbound
   * traffic gains nothing: the password still had to pass the offline checks.
   */
  | { readonly status: "unknown"; readonly reason: "timeout" | "network" | "bad-response" };

export interface PwnedRangeOptions {
  /** True only when PWNED_PASSWORDS_API=on. */
  readonly enabled: boolean;
  /** Injectable for tests (no network) and for a proxy-aware client. */
  readonly fetch?: typeof fetch;
  readonly timeoutMs?: number;
}

/** Parses the setting's raw value: only the exact word "on" enables the API. */
export const isPwnedRangeApiEnabled = (rawValue: string | undefined): boolean => rawValue?.trim().toLowerCase() === "on";

/** Upper-case hex SHA-1 split as the API expects: 5-character prefix, 35-character suffix. */
export function pwnedRangeKey(password: string): { prefix: string; suffix: string } {
  const digest = createHash("sha1").update(password, "utf8").digest("hex").toUpperCase();
  return { prefix: digest.slice(0, 5), suffix: digest.slice(5) };
}

const RANGE_LINE = /^([0-9A-F]{35}):(\d+)$/;

export async function checkPwnedPasswordRange(password: string, options: PwnedRangeOptions): Promise<PwnedRangeResult> {
  if (!options.enabled) return { status: "disabled" };
  const fetchImpl = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? DEFAULT_PWNED_RANGE_TIMEOUT_MS;
  // HIBP hashes passwords as typed; no NFC normalization here, unlike our own hashing.
  const { prefix, suffix } = pwnedRangeKey(password);
  const signal = AbortSignal.timeout(timeoutMs);

  let body: string;
  try {
    const response = await fetchImpl(PWNED_RANGE_API_URL + prefix, {
      method: "GET",
      headers: { "Add-Padding": "true", "User-Agent": "FireFeed-Portal-password-check" },
      signal,
      redirect: "error",
      cache: "no-store",
    });
    if (!response.ok) return { status: "unknown", reason: "bad-response" };
    body = await response.text();
  } catch {
    return { status: "unknown", reason: signal.aborted ? "timeout" : "network" };
  }

  let sawValidLine = false;
  for (const rawLine of body.split("\n")) {
    const line = rawLine.trim();
    if (line === "") continue;
    const match = RANGE_LINE.exec(line.toUpperCase());
    if (!match) continue;
    sawValidLine = true;
    if (match[1] === suffix) {
      const count = Number(match[2]);
      // Padding entries carry a count of 0: they are not breaches.
      return count > 0 ? { status: "breached", count } : { status: "not-found" };
    }
  }
  // A real (padded) answer always has hundreds of lines; none means we did not get the API.
  return sawValidLine ? { status: "not-found" } : { status: "unknown", reason: "bad-response" };
}

// Which address a request came from (rate limits, audit). Pure functions so
// they are unit-tested and usable from server/main.ts (plain Node) as well as
// from lib/http/request-context.ts (Next).
import { isIP } from "node:net";

/**
 * Private header carrying the TCP peer address. server/main.ts sets it on
 * every request from req.socket.remoteAddress, overwriting anything a client
 * sent under that name, so it can be trusted inside the app.
 */
export const CLIENT_IP_HEADER = "x-firefeed-client-ip";

/** A valid IPv4/IPv6 address (IPv4-mapped IPv6 reduced to IPv4, zone id dropped), else null. */
export function normalizeIpAddress(raw: string | null | undefined): string | null {
  if (typeof raw !== "string") return null;
  let value = raw.trim();
  // "[::1]:1234" / "1.2.3.4:5678" forms some proxies use.
  if (value.startsWith("[")) {
    const close = value.indexOf("]");
    const rest = close === -1 ? "" : value.slice(close + 1);
    if (close === -1 || !(rest === "" || /^:\d{1,5}$/.test(rest))) return null;
    value = value.slice(1, close);
  } else if (value.split(":").length === 2 && isIP(value.slice(0, value.indexOf(":"))) === 4) {
    value = value.slice(0, value.indexOf(":"));
  }
  const zone = value.indexOf("%");
  if (zone !== -1) value = value.slice(0, zone);
  value = value.toLowerCase();
  if (value.startsWith("::ffff:") && isIP(value.slice(7)) === 4) value = value.slice(7);
  return isIP(value) === 0 ? null : value;
}

export interface ClientIpHeaders {
  get(name: string): string | null;
}

/**
 * The client address. Behind a trusted proxy (TRUST_PROXY): the LAST entry of
 * X-Forwarded-For, i.e. the address our proxy saw; entries to its left were
 * written by the client and can be forged (a proxy like nginx with
 * `proxy_add_x_forwarded_for` appends to whatever the client sent). Then
 * X-Real-IP, then the socket. Without a trusted proxy: the socket address
 * only (server/main.ts deletes the forwarding headers then).
 */
export function clientIpFromHeaders(headers: ClientIpHeaders, trustProxy: boolean): string | null {
  if (trustProxy) {
    const forwardedFor = headers.get("x-forwarded-for");
    const lastHop = forwardedFor?.split(",").at(-1);
    const fromForwarded = normalizeIpAddress(lastHop);
    if (fromForwarded) return fromForwarded;
    const realIp = normalizeIpAddress(headers.get("x-real-ip"));
    if (realIp) return realIp;
  }
  return normalizeIpAddress(headers.get(CLIENT_IP_HEADER));
}

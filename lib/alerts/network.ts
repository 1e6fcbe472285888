// The network an address belongs to, for the "operator on a new network" rule
// (L3): IPv4 by /24, IPv6 by /64 (the usual size of one site or one ISP
// customer: a laptop moving between rooms stays on one network, a sign-in
// from another city or provider does not). Pure; parsing reuses lib/http/cidr.
import { parseIp } from "@/lib/http/cidr";

/** "203.0.113.0/24", "2001:db8:1:2::/64", or null for an address that does not parse (never guessed). */
export function networkOf(ipAddress: string | null | undefined): string | null {
  if (!ipAddress) return null;
  const ip = parseIp(ipAddress);
  if (ip === null) return null;
  if (ip.family === 4) {
    const base = ip.value >> 8n;
    const octets = [(base >> 16n) & 0xffn, (base >> 8n) & 0xffn, base & 0xffn].map(String);
    return `${octets.join(".")}.0/24`;
  }
  const prefix = ip.value >> 64n;
  const hextets = [48n, 32n, 16n, 0n].map((shift) => ((prefix >> shift) & 0xffffn).toString(16));
  // Four hextets then "::" (the host half is zero): compact without the full RFC 5952 dance.
  return `${hextets.join(":")}::/64`;
}

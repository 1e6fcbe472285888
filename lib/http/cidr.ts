// Is a client IP inside an allow-list of CIDR ranges (ADMIN_ALLOWED_CIDRS,
// control N6)? Pure, no dependencies, loadable in middleware. IPv4-mapped
// IPv6 addresses (::ffff:10.1.2.3, how a dual-stack socket reports IPv4
// clients) are compared as the IPv4 address they carry. Anything that does
// not parse is outside every range (fail closed).
import net from "node:net";

type ParsedIp = { family: 4 | 6; value: bigint };

function parseIpv4(text: string): bigint | null {
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  let value = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return null;
    const octet = Number(part);
    if (octet > 255) return null;
    value = (value << 8n) | BigInt(octet);
  }
  return value;
}

function parseIpv6(text: string): bigint | null {
  if (net.isIPv6(text) === false) return null;
  let head = text;
  // A trailing dotted IPv4 part (::ffff:1.2.3.4) becomes two hextets.
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(head);
  if (dotted?.[1]) {
    const v4 = parseIpv4(dotted[1]);
    if (v4 === null) return null;
    head = `${head.slice(0, -dotted[1].length)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const halves = head.split("::");
  if (halves.length > 2) return null;
  const left = halves[0] ? halves[0].split(":") : [];
  const right = halves.length === 2 && halves[1] ? halves[1].split(":") : [];
  const missing = 8 - left.length - right.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...left, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...right];
  let value = 0n;
  for (const group of groups) {
    if (!/^[0-9a-f]{1,4}$/i.test(group)) return null;
    value = (value << 16n) | BigInt(parseInt(group, 16));
  }
  return value;
}

const IPV4_MAPPED_PREFIX = 0xffffn << 32n;

/** An address as a family and a number; IPv4-mapped IPv6 is folded to IPv4. Zone ids (%eth0) are dropped. */
export function parseIp(raw: string): ParsedIp | null {
  const text = raw.trim().replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  const v4 = parseIpv4(text);
  if (v4 !== null) return { family: 4, value: v4 };
  const v6 = parseIpv6(text);
  if (v6 === null) return null;
  if (v6 >> 32n === 0xffffn) return { family: 4, value: v6 - IPV4_MAPPED_PREFIX };
  return { family: 6, value: v6 };
}

function inCidr(ip: ParsedIp, cidr: string): boolean {
  const [address, prefixText, ...rest] = cidr.trim().split("/");
  if (rest.length > 0 || address === undefined) return false;
  const network = parseIp(address);
  if (network === null) return false;
  const width = network.family === 4 ? 32 : 128;
  let prefix = prefixText === undefined ? width : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : -1;
  // An IPv4-mapped network written in IPv6 (::ffff:10.0.0.0/104) has a 96-bit head to drop.
  if (network.family === 4 && address.includes(":") && prefix >= 96) prefix -= 96;
  if (prefix < 0 || prefix > width || ip.family !== network.family) return false;
  const shift = BigInt(width - prefix);
  return ip.value >> shift === network.value >> shift;
}

export function isIpInCidrs(ip: string | null | undefined, cidrs: readonly string[]): boolean {
  if (!ip) return false;
  const parsed = parseIp(ip);
  if (parsed === null) return false;
  return cidrs.some((cidr) => inCidr(parsed, cidr));
}

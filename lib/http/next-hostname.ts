// Server-side only (no "server-only" import: server/main.ts loads it before Next).
//
// The hostname server/main.ts hands to Next (not the address it listens on).
// Next builds the URL a request "arrived at" from this hostname, and the
// middleware sees the same URL through NextURL, which rewrites every loopback
// address (127.0.0.0/8, [::1]) to "localhost". With HOSTNAME=127.0.0.1 the two
// disagree, so Next took the middleware's refusal rewrites (to the 403/404
// pages) for EXTERNAL rewrites and proxied each request back to itself, about
// 350 times, until a 30 s timeout and a 500: a denial of service from one
// request (issue 9, finding 4). Giving Next "localhost" for loopback
// addresses makes both sides agree; any other address is left as it is (Next
// does not rename it).
import net from "node:net";

function isLoopback(host: string): boolean {
  const bare = host.trim().toLowerCase().replace(/^\[|\]$/g, "");
  if (bare === "localhost" || bare === "::1") return true;
  return net.isIPv4(bare) && bare.startsWith("127.");
}

export function nextInternalHostname(bindHostname: string): string {
  return isLoopback(bindHostname) ? "localhost" : bindHostname;
}

import { getEnv } from "@/lib/env";
import { buildSecurityTxt } from "@/lib/security-txt";

// Expires is computed from the current date, so the file is built per request.
export const dynamic = "force-dynamic";

/** RFC 9116 security contact: https://<APP_URL>/.well-known/security.txt */
export function GET(): Response {
  const body = buildSecurityTxt({ appUrl: getEnv().APP_URL, now: new Date() });
  return new Response(body, {
    status: 200,
    headers: {
      "Content-Type": "text/plain; charset=utf-8",
      // Expires is months ahead, so an hour of caching can never serve an expired file.
      "Cache-Control": "public, max-age=3600",
    },
  });
}

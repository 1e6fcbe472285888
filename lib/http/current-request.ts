import "server-only";

// The current request's RequestContext (./request-context.ts): client address, user
// agent and request id (read from next/headers, so
// callable from server components, server actions and route handlers).
import { headers } from "next/headers";
import { getEnv } from "@/lib/env";
import { clientIpFromHeaders } from "./client-ip";
import { REQUEST_ID_HEADER, isValidRequestId } from "./request-id";
import type { RequestContext } from "./request-context";

const MAX_USER_AGENT_LENGTH = 512;


export async function getRequestContext(): Promise<RequestContext> {
  const requestHeaders = await headers();
  const userAgent = requestHeaders.get("user-agent");
  const requestId = requestHeaders.get(REQUEST_ID_HEADER);
  return {
    ipAddress: clientIpFromHeaders(requestHeaders, getEnv().TRUST_PROXY),
    // Bounded: the user agent is client-chosen text stored in audit rows.
    userAgent: userAgent ? userAgent.slice(0, MAX_USER_AGENT_LENGTH) : null,
    // server/main.ts always sets its own UUID; anything else is not ours.
    requestId: isValidRequestId(requestId) ? requestId.toLowerCase() : null,
  };
}

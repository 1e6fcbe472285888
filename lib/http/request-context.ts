import "server-only";

// Who is asking, for audit rows and rate-limit keys: client address, user
// agent and request id of the current request (read from next/headers, so
// callable from server components, server actions and route handlers).
import { headers } from "next/headers";
import { getEnv } from "@/lib/env";
import { clientIpFromHeaders } from "./client-ip";
import { REQUEST_ID_HEADER, isValidRequestId } from "./request-id";

const MAX_USER_AGENT_LENGTH = 512;

export interface RequestContext {
  ipAddress: string | null;
  userAgent: string | null;
  requestId: string | null;
}

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

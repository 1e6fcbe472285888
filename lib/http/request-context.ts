// Who is asking, for audit rows and rate-limit keys: the one shape every
// domain uses for "the request behind a change" (issue 10). Plain module, so
// jobs and scripts can pass NO_REQUEST; the current request's values come
// from getRequestContext() in ./current-request.ts (server-only).
export interface RequestContext {
  ipAddress: string | null;
  userAgent: string | null;
  requestId: string | null;
}

/** For work no HTTP request caused (scheduled jobs, the CLI). */
export const NO_REQUEST: RequestContext = Object.freeze({ ipAddress: null, userAgent: null, requestId: null });

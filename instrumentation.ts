// Next.js instrumentation hooks (server-side only).
// register(): validate the environment as early as possible on the Node.js
// runtime, so a misconfigured deployment fails at start-up with the names of
// the bad variables instead of on the first request.
// onRequestError(): every error Next catches while rendering or handling a
// request goes to the structured log, scrubbed, with the request id. The
// client never sees it: users get Next's error page, which shows no detail in
// production, and our error boundaries show only the request id (S4).
import type { Instrumentation } from "next";

export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { getEnv } = await import("@/lib/env");
    getEnv();
    // Order sync + retention jobs (issue 4); skipped during `next build` and when SCHEDULER_ENABLED=false.
    const { startPortalScheduler } = await import("@/server/start-portal-scheduler");
    startPortalScheduler();
  }
}

export const onRequestError: Instrumentation.onRequestError = async (error, request, context) => {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const [{ getLogger }, { routeOf }, { REQUEST_ID_HEADER }] = await Promise.all([
    import("@/lib/log"),
    import("@/lib/http/access-log"),
    import("@/lib/http/request-id"),
  ]);
  const rawRequestId = request.headers[REQUEST_ID_HEADER];
  getLogger().error(
    {
      requestId: Array.isArray(rawRequestId) ? rawRequestId[0] : rawRequestId,
      method: request.method,
      route: routeOf(request.path),
      routePath: context.routePath,
      routeType: context.routeType,
      routerKind: context.routerKind,
      err: error,
    },
    "request error",
  );
};

// The portal's web server: `node --import tsx server/main.ts [--dev]`
// (spawned by `npm start` / `npm run dev`). Server-side only.
//
// Why a custom server instead of `next start`: it gives every request an id
// before Next sees it (so middleware, pages, onRequestError and the access log
// share one id) and writes one structured ACCESS LOG line per request (L1),
// which `next start` does not. Next itself still does all routing/rendering.
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { format } from "node:util";
import { LEAST_PRIVILEGE_ADVICE, inspectPortalConnection, leastPrivilegeProblems } from "@/lib/db/database-roles";
import { EnvError, describeEnvForLog, getEnv, type Env } from "@/lib/env";
import { durationMsSince, routeOf } from "@/lib/http/access-log";
import { PROXY_PROTO_HEADER } from "@/lib/http/https-redirect";
import { nextInternalHostname } from "@/lib/http/next-hostname";
import { REQUEST_ID_HEADER } from "@/lib/http/request-id";
import { getLogger, type Logger } from "@/lib/log";

const SHUTDOWN_GRACE_MS = 10_000;
const UNTRUSTED_FORWARDING_HEADERS = ["forwarded", "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "x-real-ip"];

/**
 * Next.js and libraries write errors with console.error (an error's message
 * can hold PII). Send console output through the scrubbing logger so nothing
 * bypasses redaction (S4). Errors keep only their stack (type + message +
 * frames), not their other own properties.
 */
function routeConsoleThroughLogger(logger: Logger): void {
  const forward =
    (level: "debug" | "info" | "warn" | "error") =>
    (...args: unknown[]) =>
      logger[level]({ source: "console" }, format(...args.map((arg) => (arg instanceof Error ? (arg.stack ?? arg.message) : arg))));
  console.debug = forward("debug");
  console.log = forward("info");
  console.info = forward("info");
  console.warn = forward("warn");
  console.error = forward("error");
}

function loadEnvOrExit(): Env {
  try {
    return getEnv();
  } catch (error) {
    if (error instanceof EnvError) {
      // The message names variables and reasons only, never values.
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

/**
 * The running portal must not hold the power to rewrite its own audit log
 * (issue 9): refuse to serve when DATABASE_URL logs in as a superuser, as the
 * owner of the tables, or as anything that may change audit_events. Names
 * roles and reasons only, never the URL.
 */
async function refuseOverPrivilegedDatabaseRole(databaseUrl: string, logger: Logger): Promise<void> {
  const privileges = await inspectPortalConnection(databaseUrl);
  const problems = leastPrivilegeProblems(privileges);
  if (problems.length === 0) {
    logger.info({ databaseRole: privileges.sessionUser, effectiveRole: privileges.currentUser, embedded: privileges.embedded }, "database role checked");
    return;
  }
  logger.fatal({ problems }, "database role refused");
  process.stderr.write(`Refusing to start: ${problems.join("; ")}.\n${LEAST_PRIVILEGE_ADVICE}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  const dev = process.argv.includes("--dev");
  // Next reads NODE_ENV at import time; set it before loading Next.
  (process.env as Record<string, string | undefined>).NODE_ENV ??= dev ? "development" : "production";

  const env = loadEnvOrExit();
  const logger = getLogger();
  routeConsoleThroughLogger(logger);
  logger.info({ env: describeEnvForLog(env), dev }, "starting");
  if (env.DATABASE_URL) await refuseOverPrivilegedDatabaseRole(env.DATABASE_URL, logger);

  const { default: next } = await import("next");
  const server = createServer();
  // Listens on env.HOSTNAME, but tells Next the name its middleware URLs use (lib/http/next-hostname.ts).
  const app = next({ dev, hostname: nextInternalHostname(env.HOSTNAME), port: env.PORT, httpServer: server });
  const handle = app.getRequestHandler();
  await app.prepare();

  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    const startedAt = process.hrtime.bigint();
    // Always our own id: a client-chosen one could collide with or impersonate another request in the logs.
    const requestId = randomUUID();
    req.headers[REQUEST_ID_HEADER] = requestId;
    // The TCP peer address for lib/http/request-context.ts (CLIENT_IP_HEADER); assigning overwrites any client-sent value.
    req.headers["x-firefeed-client-ip"] = req.socket.remoteAddress ?? "";
    // Without a trusted proxy, forwarding headers come from the client: drop
    // them so Next.js (which then fills them from the socket), middleware and
    // rate limiters cannot be told a false protocol, host or client address.
    if (!env.TRUST_PROXY) {
      for (const name of UNTRUSTED_FORWARDING_HEADERS) delete req.headers[name];
    }
    // Keep what the proxy itself reported (if anything) before Next.js adds
    // its own x-forwarded-proto; middleware decides the HTTPS redirect on it (T2).
    delete req.headers[PROXY_PROTO_HEADER];
    const proxyProto = req.headers["x-forwarded-proto"];
    if (env.TRUST_PROXY && typeof proxyProto === "string") req.headers[PROXY_PROTO_HEADER] = proxyProto;
    // Internal marker of a refusal rewrite (middleware.ts): never accepted from a client.
    delete req.headers["x-firefeed-refusal"];
    res.setHeader(REQUEST_ID_HEADER, requestId);
    // Build assets bypass middleware (see its matcher); they still must not be MIME-sniffed.
    res.setHeader("X-Content-Type-Options", "nosniff");

    res.once("close", () => {
      const durationMs = durationMsSince(startedAt);
      logger.info(
        {
          requestId,
          method: req.method,
          route: routeOf(req.url),
          status: res.statusCode,
          durationMs,
          ...(res.writableFinished ? {} : { aborted: true }),
        },
        "request completed",
      );
    });

    handle(req, res).catch((error: unknown) => {
      logger.error({ requestId, route: routeOf(req.url), err: error }, "unhandled request error");
      if (!res.headersSent) {
        res.statusCode = 500;
        res.setHeader("content-type", "text/plain; charset=utf-8");
      }
      // The client sees only the request id (S4).
      res.end(`Internal error. Request id: ${requestId}\n`);
    });
  });

  server.on("clientError", (_error, socket) => {
    if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(env.PORT, env.HOSTNAME, () => resolve());
  });
  const displayHost = env.HOSTNAME === "0.0.0.0" || env.HOSTNAME === "::" ? "localhost" : env.HOSTNAME;
  logger.info({ url: `http://${displayHost}:${env.PORT}` }, "listening");

  let shuttingDown = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (shuttingDown) return;
    shuttingDown = true;
    logger.info({ signal }, "shutting down");
    // Bounded: a stuck request must not keep the process (and a deploy) waiting forever.
    const forceExit = setTimeout(() => {
      logger.warn({ graceMs: SHUTDOWN_GRACE_MS }, "in-flight requests did not finish in time; closing connections");
      server.closeAllConnections();
      process.exit(0);
    }, SHUTDOWN_GRACE_MS);
    forceExit.unref();
    // Stop accepting; in-flight requests finish; idle keep-alive sockets close now.
    server.close(() => {
      void app
        .close()
        .catch(() => undefined)
        .finally(() => {
          logger.info("stopped");
          process.exit(0);
        });
    });
    server.closeIdleConnections();
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
  // Spawned by scripts/start.ts with an IPC channel: when that launcher dies
  // (even by SIGKILL) the channel disconnects, and serving on without the
  // database it owns would be wrong, so stop the same graceful way.
  if (process.send) {
    process.on("disconnect", () => {
      logger.warn("launcher went away");
      shutdown("SIGTERM");
    });
  }
}

main().catch((error: unknown) => {
  try {
    getLogger().fatal({ err: error }, "server failed to start");
  } catch {
    process.stderr.write("server failed to start\n");
  }
  process.exit(1);
});

import type { NextConfig } from "next";
import { REQUEST_BODY_LIMIT_BYTES } from "./lib/http/request-body-guard";

const nextConfig: NextConfig = {
  // NEXT_DIST_DIR lets two builds coexist in one working copy (e.g. parallel test runs);
  // the build and the server that serves it must see the same value.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // Never advertise the framework; security headers are set in middleware.ts.
  poweredByHeader: false,
  reactStrictMode: true,
  // Server-only packages that must not be bundled (native/WASM or worker based).
  serverExternalPackages: ["pino", "pg", "pg-copy-streams", "@electric-sql/pglite", "@electric-sql/pglite-socket", "@prisma/adapter-pg"],
  // Source maps stay off in production builds so no server source reaches the browser.
  productionBrowserSourceMaps: false,
  experimental: {
    // Server actions accept only small bodies (N5: body size limits). middleware.ts
    // answers over-limit bodies with a 413 page first (lib/http/request-body-guard.ts).
    serverActions: { bodySizeLimit: REQUEST_BODY_LIMIT_BYTES },
    // How much of a body Next buffers for middleware to read: beyond the limit,
    // so the guard sees that a chunked body without a length was too large.
    proxyClientMaxBodySize: REQUEST_BODY_LIMIT_BYTES * 2,
    // forbidden(): a signed-in user without the permission gets a real 403 page (A2).
    authInterrupts: true,
  },
};

export default nextConfig;

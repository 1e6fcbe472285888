// Test support only (reads the file system). Kept apart from
// ./route-policy.ts so that module stays free of node:fs and loads in
// middleware and client bundles. No "server-only" import: tests
// use it outside Next.
import { readdirSync } from "node:fs";
import path from "node:path";

// Files that make a URL routable in the App Router.
const ROUTE_FILE = /^(page|route)\.(tsx|ts|jsx|js|mdx)$/;
// Metadata routes that Next serves under another name.
const METADATA_ROUTES: Readonly<Record<string, string>> = {
  "robots.ts": "robots.txt",
  "robots.txt": "robots.txt",
  "sitemap.ts": "sitemap.xml",
  "sitemap.xml": "sitemap.xml",
  "manifest.ts": "manifest.webmanifest",
  "manifest.webmanifest": "manifest.webmanifest",
};

const isRouteGroup = (name: string) => /^\([^().]+\)$/.test(name); // (public)
const isInterceptingRoute = (name: string) => /^\(\.{1,3}\)/.test(name); // (.)photo, (..)(..)x
const isPrivateFolder = (name: string) => name.startsWith("_"); // _components
const isParallelSlot = (name: string) => name.startsWith("@"); // @modal

/**
 * Every URL path the App Router in `appDir` serves, sorted: route groups and
 * parallel-route slots contribute no segment, private `_folders` and
 * intercepting routes (which only re-render another route) are skipped.
 * Dynamic segments are kept as written (`/seller/orders/[orderId]`).
 */
export function listAppRoutes(appDir: string): string[] {
  const routes = new Set<string>();

  const walk = (directory: string, urlSegments: readonly string[]) => {
    // The directory comes from the caller (the app/ folder in tests), never from a request.
    // eslint-disable-next-line security/detect-non-literal-fs-filename
    for (const dirent of readdirSync(directory, { withFileTypes: true })) {
      const name = dirent.name;
      if (dirent.isDirectory()) {
        if (name === "node_modules" || isPrivateFolder(name) || isInterceptingRoute(name)) continue;
        const next = isRouteGroup(name) || isParallelSlot(name) ? urlSegments : [...urlSegments, name];
        walk(path.join(directory, name), next);
      } else if (dirent.isFile()) {
        if (ROUTE_FILE.test(name)) routes.add(`/${urlSegments.join("/")}`);
        const metadataName = METADATA_ROUTES[name];
        if (metadataName !== undefined) routes.add(`/${[...urlSegments, metadataName].join("/")}`);
      }
    }
  };

  walk(appDir, []);
  return [...routes].sort();
}

/** Whether a path segment is dynamic: `[id]`, `[...slug]` or `[[...slug]]`. */
export function isDynamicSegment(segment: string): boolean {
  return /^\[{1,2}(\.\.\.)?[^[\]]+\]{1,2}$/.test(segment);
}

import { defineConfig, devices } from "@playwright/test";
import { existsSync } from "node:fs";
import { e2eServers } from "./e2e/support/e2e-paths";

/**
 * Browser tests run in real Chromium against the production build (`next build`, then
 * the same server `npm start` runs). Three servers:
 *  - "portal": the default developer experience (APP_ENV=development, embedded database);
 *  - "postgres-dev": the README's `DATABASE_URL=... npm start` on the local PostgreSQL;
 *  - "production-like": APP_ENV=production behind a simulated TLS proxy, to prove the
 *    HTTPS redirect and HSTS on real responses.
 * Each gets a fresh database (embedded under .data/e2e, or a re-created PostgreSQL one) so runs never share state.
 */
const debianChromium = "/usr/bin/chromium";
const executablePath = existsSync(debianChromium) ? debianChromium : undefined;

const PORTAL_PORT = e2eServers.portal.port;
const PRODUCTION_LIKE_PORT = e2eServers["production-like"].port;
const POSTGRES_DEV_PORT = e2eServers["postgres-dev"].port;

export default defineConfig({
  testDir: "e2e",
  testMatch: "**/*.spec.ts",
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"]] : [["list"]],
  use: {
    baseURL: `http://localhost:${PORTAL_PORT}`,
    trace: "retain-on-failure",
    launchOptions: {
      // Debian's Chromium where present (no browser downloads on this network);
      // Playwright's own browser elsewhere.
      executablePath,
      args: [
        "--no-sandbox",
        "--headless",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], channel: undefined } }],
  webServer: [
    {
      command: "npx tsx e2e/support/start-e2e-server.ts portal",
      url: `http://localhost:${PORTAL_PORT}/api/health`,
      reuseExistingServer: false,
      timeout: 180_000,
      stdout: "pipe",
      stderr: "pipe",
      gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
    },
    {
      command: "npx tsx e2e/support/start-e2e-server.ts postgres-dev",
      url: `http://localhost:${POSTGRES_DEV_PORT}/api/health`,
      reuseExistingServer: false,
      timeout: 180_000,
      stdout: "pipe",
      stderr: "pipe",
      gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
    },
    {
      command: "npx tsx e2e/support/start-e2e-server.ts production-like",
      url: `http://localhost:${PRODUCTION_LIKE_PORT}/api/health`,
      reuseExistingServer: false,
      timeout: 180_000,
      stdout: "pipe",
      stderr: "pipe",
      gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
    },
  ],
});

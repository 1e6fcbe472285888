import { defineConfig } from "vitest/config";
import { randomBytes } from "node:crypto";
import path from "node:path";

// Two projects: fast unit tests (no I/O beyond the process) and integration
// tests on a real database (embedded PGlite by default, PostgreSQL when
// TEST_DATABASE_URL is set). See test/integration-global-setup.ts.
const alias = {
  "@": path.resolve(__dirname),
  // Next's "server-only" guard throws outside the React server bundler; in tests it is a no-op.
  "server-only": path.resolve(__dirname, "test/server-only-stub.ts"),
};

// Every start needs a session secret and a data key, and no value written in
// this repository is accepted (lib/secrets/secret-strength.ts): each test run
// gets fresh random ones, the way `npm start` creates key files.
const testSecrets = {
  NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET || randomBytes(48).toString("base64url"),
  DATA_ENCRYPTION_KEY: process.env.DATA_ENCRYPTION_KEY || randomBytes(32).toString("base64"),
};

export default defineConfig({
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          env: testSecrets,
          include: ["**/*.test.ts", "**/*.test.tsx"],
          exclude: ["**/*.int.test.ts", "node_modules/**", "e2e/**", ".next/**", ".next-*/**", ".data/**"],
          environment: "node",
        },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          env: testSecrets,
          include: ["**/*.int.test.ts"],
          exclude: ["node_modules/**", "e2e/**", ".next/**", ".next-*/**", ".data/**"],
          environment: "node",
          globalSetup: ["test/integration-global-setup.ts"],
          // One database per run; files share it, so run them one at a time.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});

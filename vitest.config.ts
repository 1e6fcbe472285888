import { defineConfig } from "vitest/config";
import path from "node:path";

// Two projects: fast unit tests (no I/O beyond the process) and integration
// tests on a real database (embedded PGlite by default, PostgreSQL when
// TEST_DATABASE_URL is set). See test/integration-global-setup.ts.
const alias = {
  "@": path.resolve(__dirname),
  // Next's "server-only" guard throws outside the React server bundler; in tests it is a no-op.
  "server-only": path.resolve(__dirname, "test/server-only-stub.ts"),
};

export default defineConfig({
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: ["**/*.test.ts", "**/*.test.tsx"],
          exclude: ["**/*.int.test.ts", "node_modules/**", "e2e/**", ".next/**", ".next-*/**", ".data/**"],
          environment: "node",
        },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
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

/**
 * `npm test`: every quality gate of the project, in order, with one summary.
 *
 * lint (type-aware + security rules, V2) -> secret scan (S1) -> dependency audit (V1,
 * informational when the registry cannot answer) -> typecheck -> unit -> integration on
 * the embedded database -> integration on PostgreSQL (when TEST_DATABASE_URL is set) ->
 * production build -> Playwright e2e in Chromium.
 *
 * Every step runs even if an earlier one failed, so one run shows every problem; the
 * exit code is non-zero when any required step failed.
 */
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, existsSync, rmSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

type StepResult = { name: string; ok: boolean; required: boolean; seconds: number; detail: string };

const reportDir = path.join(process.cwd(), ".data", "test-reports");
rmSync(reportDir, { recursive: true, force: true });
mkdirSync(reportDir, { recursive: true });

function run(command: string, args: string[], env: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      stdio: "inherit",
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env },
    });
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    child.on("error", () => resolve(127));
  });
}

const vitestReport = z.object({
  numPassedTests: z.number(),
  numFailedTests: z.number(),
  numPendingTests: z.number().default(0),
  numTodoTests: z.number().default(0),
});
const playwrightReport = z.object({
  stats: z.object({ expected: z.number(), unexpected: z.number(), flaky: z.number(), skipped: z.number() }),
});

type Counts = { passed: number; failed: number; skipped: number };
const totals: Counts = { passed: 0, failed: 0, skipped: 0 };

function readVitestCounts(file: string): Counts | null {
  if (!existsSync(file)) return null;
  const parsed = vitestReport.safeParse(JSON.parse(readFileSync(file, "utf8")));
  if (!parsed.success) return null;
  const r = parsed.data;
  return { passed: r.numPassedTests, failed: r.numFailedTests, skipped: r.numPendingTests + r.numTodoTests };
}

function readPlaywrightCounts(file: string): Counts | null {
  if (!existsSync(file)) return null;
  const parsed = playwrightReport.safeParse(JSON.parse(readFileSync(file, "utf8")));
  if (!parsed.success) return null;
  const s = parsed.data.stats;
  return { passed: s.expected + s.flaky, failed: s.unexpected, skipped: s.skipped };
}

async function step(
  name: string,
  command: string,
  args: string[],
  options: { env?: Record<string, string>; required?: boolean; counts?: () => Counts | null } = {},
): Promise<StepResult> {
  const started = Date.now();
  console.log(`\n━━━ ${name} ━━━`);
  const code = await run(command, args, options.env);
  const seconds = (Date.now() - started) / 1000;
  const counts = options.counts?.();
  let detail = code === 0 ? "ok" : `exit ${code}`;
  if (counts) {
    totals.passed += counts.passed;
    totals.failed += counts.failed;
    totals.skipped += counts.skipped;
    detail = `${counts.passed} passed, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ""}`;
    // A test runner that ran nothing has proven nothing.
    if (counts.passed + counts.failed === 0) return { name, ok: false, required: true, seconds, detail: "no tests ran" };
  }
  return { name, ok: code === 0, required: options.required ?? true, seconds, detail };
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const wants = (key: string) => only.length === 0 || only.includes(key);
  const results: StepResult[] = [];
  const npx = "npx";

  if (wants("lint")) results.push(await step("Lint (typescript-eslint + security rules)", npx, ["eslint", "--max-warnings=0", "."]));
  if (wants("secrets")) results.push(await step("Secret scan (secretlint)", npx, ["secretlint", "--maskSecrets", "**/*"]));
  if (wants("audit")) results.push(await step("Dependency audit", "npx", ["tsx", "scripts/audit-deps.ts"], { required: false }));
  if (wants("typecheck")) results.push(await step("Typecheck", "npm", ["run", "--silent", "typecheck"]));

  if (wants("unit")) {
    const file = path.join(reportDir, "unit.json");
    results.push(
      await step("Unit tests", npx, ["vitest", "run", "--project", "unit", "--reporter=default", "--reporter=json", `--outputFile.json=${file}`], {
        counts: () => readVitestCounts(file),
      }),
    );
  }
  if (wants("integration")) {
    const file = path.join(reportDir, "integration-embedded.json");
    results.push(
      await step(
        "Integration tests (embedded PGlite)",
        npx,
        ["vitest", "run", "--project", "integration", "--reporter=default", "--reporter=json", `--outputFile.json=${file}`],
        { env: { TEST_DATABASE_URL: "" }, counts: () => readVitestCounts(file) },
      ),
    );
    if (process.env.TEST_DATABASE_URL) {
      const pgFile = path.join(reportDir, "integration-postgres.json");
      results.push(
        await step(
          "Integration tests (PostgreSQL)",
          npx,
          ["vitest", "run", "--project", "integration", "--reporter=default", "--reporter=json", `--outputFile.json=${pgFile}`],
          { counts: () => readVitestCounts(pgFile) },
        ),
      );
    } else {
      console.log("\nTEST_DATABASE_URL is not set: integration tests ran on the embedded database only.");
    }
  }
  if (wants("e2e")) {
    const build = await step("Production build (next build)", npx, ["next", "build"]);
    results.push(build);
    if (build.ok) {
      const file = path.join(reportDir, "e2e.json");
      results.push(
        await step("End-to-end tests (Playwright, Chromium)", npx, ["playwright", "test", "--reporter=list,json"], {
          env: { PLAYWRIGHT_JSON_OUTPUT_NAME: file },
          counts: () => readPlaywrightCounts(file),
        }),
      );
    }
  }

  console.log("\n━━━ Summary ━━━");
  for (const r of results) {
    const mark = r.ok ? "PASS" : r.required ? "FAIL" : "WARN";
    console.log(`${mark.padEnd(5)} ${r.name.padEnd(45)} ${r.seconds.toFixed(1).padStart(6)} s  ${r.detail}`);
  }
  const failedSteps = results.filter((r) => !r.ok && r.required);
  console.log(failedSteps.length === 0 ? "\nAll required steps passed." : `\n${failedSteps.length} required step(s) failed.`);
  console.log(`${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ""}`);
  process.exit(failedSteps.length === 0 ? 0 : 1);
}

void main();

/**
 * Benchmark: argon2id at our parameters (ARGON2_PARAMS) against OWASP's minimum,
 * hash and verify, median and p90 of N runs, plus the ratio ours/minimum (compare
 * ratios across machines, not absolute times), and dummyVerify (must cost about a verify).
 *
 *   npx tsx bench/password-hash.ts            (N from BENCH_PASSWORD_RUNS, default 15)
 *
 * Target: hash and verify at ARGON2_PARAMS between ~50 and ~150 ms on the deploy host.
 */
import {
  ARGON2_PARAMS,
  OWASP_MINIMUM_ARGON2_PARAMS,
  dummyVerify,
  hashPassword,
  verifyPassword,
  type Argon2Params,
} from "../lib/auth/password/hashing";

export type PasswordHashBenchRow = {
  readonly operation: string;
  readonly params: string;
  readonly medianMs: number;
  readonly p90Ms: number;
  /** Median divided by the same operation at OWASP's minimum (1 for the baseline rows). */
  readonly ratioToOwaspMinimum: number | null;
};

export type PasswordHashBenchResult = { readonly runs: number; readonly rows: readonly PasswordHashBenchRow[] };

const PASSWORD = "mellow-quartz-tandem-violet-88";

function quantile(sortedMs: number[], q: number): number {
  return sortedMs[Math.min(sortedMs.length - 1, Math.floor(q * sortedMs.length))] ?? Number.NaN;
}

async function time(runs: number, operation: () => Promise<unknown>): Promise<{ median: number; p90: number }> {
  await operation(); // warm-up (first-call allocation, lazy dummy hash)
  const samples: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    await operation();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return { median: quantile(samples, 0.5), p90: quantile(samples, 0.9) };
}

const describeParams = (params: Argon2Params) => `argon2id m=${params.memoryCost} KiB, t=${params.timeCost}, p=${params.parallelism}`;

export async function runPasswordHashBench(runs = Number(process.env.BENCH_PASSWORD_RUNS ?? 15)): Promise<PasswordHashBenchResult> {
  const owaspHash = await hashPassword(PASSWORD, OWASP_MINIMUM_ARGON2_PARAMS);
  const ourHash = await hashPassword(PASSWORD);

  const owaspHashTime = await time(runs, () => hashPassword(PASSWORD, OWASP_MINIMUM_ARGON2_PARAMS));
  const owaspVerifyTime = await time(runs, () => verifyPassword(owaspHash, PASSWORD, OWASP_MINIMUM_ARGON2_PARAMS));
  const ourHashTime = await time(runs, () => hashPassword(PASSWORD));
  const ourVerifyTime = await time(runs, () => verifyPassword(ourHash, PASSWORD));
  const dummyTime = await time(runs, () => dummyVerify());

  const row = (operation: string, params: string, measured: { median: number; p90: number }, baseline: number | null): PasswordHashBenchRow => ({
    operation,
    params,
    medianMs: measured.median,
    p90Ms: measured.p90,
    ratioToOwaspMinimum: baseline === null ? null : measured.median / baseline,
  });

  return {
    runs,
    rows: [
      row("hash (OWASP minimum)", describeParams(OWASP_MINIMUM_ARGON2_PARAMS), owaspHashTime, owaspHashTime.median),
      row("verify (OWASP minimum)", describeParams(OWASP_MINIMUM_ARGON2_PARAMS), owaspVerifyTime, owaspVerifyTime.median),
      row("hashPassword", describeParams(ARGON2_PARAMS), ourHashTime, owaspHashTime.median),
      row("verifyPassword", describeParams(ARGON2_PARAMS), ourVerifyTime, owaspVerifyTime.median),
      row("dummyVerify (unknown e-mail)", describeParams(ARGON2_PARAMS), dummyTime, owaspVerifyTime.median),
    ],
  };
}

export function formatPasswordHashResults(result: PasswordHashBenchResult): string {
  const lines = [
    `Median and p90 of ${result.runs} runs each.`,
    "",
    "| operation | parameters | median ms | p90 ms | x OWASP minimum |",
    "|---|---|---:|---:|---:|",
    ...result.rows.map(
      (row) =>
        `| ${row.operation} | ${row.params} | ${row.medianMs.toFixed(1)} | ${row.p90Ms.toFixed(1)} | ${
          row.ratioToOwaspMinimum === null ? "n/a" : row.ratioToOwaspMinimum.toFixed(2)
        } |`,
    ),
  ];
  return lines.join("\n");
}

// Run directly (`npx tsx bench/password-hash.ts`), not when imported by bench/run.ts.
if (process.argv[1]?.endsWith("password-hash.ts")) {
  runPasswordHashBench()
    .then((result) => {
      console.log("\n## Password hashing: argon2id at our parameters vs OWASP's minimum\n");
      console.log(formatPasswordHashResults(result));
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}

/**
 * Benchmark: what the perimeter (middleware.ts: request id, nonce CSP, headers, route
 * gate) and server rendering cost per request, as RATIOS against a baseline served by
 * the same server in the same run:
 *   baseline  = a static asset under /_next/static (no middleware, no rendering)
 *   handler   = /.well-known/security.txt (middleware + a trivial route handler): the
 *               cost of the perimeter itself
 *   health    = /api/health (middleware + route handler + 2 database queries)
 *   page      = /security (middleware + server-rendered page with the nonce)
 * Absolute numbers depend on the machine; the ratios are what to compare across commits.
 *
 * Usage: npx tsx bench/http-perimeter.ts   (needs a production build: `npx next build`)
 */
import autocannon from "autocannon";
import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

const port = 3200;
const base = `http://127.0.0.1:${port}`;
const durationSeconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);

type Result = { name: string; path: string; rps: number; p50: number; p99: number; errors: number; non2xx: number };

async function waitForHealth(): Promise<void> {
  for (let i = 0; i < 240; i++) {
    try {
      const response = await fetch(`${base}/api/health`);
      if (response.ok) return;
    } catch {
      // not up yet
    }
    await sleep(500);
  }
  throw new Error("server did not become healthy");
}

async function measure(name: string, urlPath: string): Promise<Result> {
  const result = await autocannon({ url: `${base}${urlPath}`, connections, duration: durationSeconds });
  return {
    name,
    path: urlPath,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
  };
}

export async function runHttpBench(): Promise<Result[]> {
  const dataDir = path.join(process.cwd(), ".data", "bench", "http");
  rmSync(dataDir, { recursive: true, force: true });
  const server = spawn("npx", ["tsx", "scripts/start.ts"], {
    stdio: ["ignore", "ignore", "inherit"],
    env: {
      ...process.env,
      DATABASE_URL: "",
      PORT: String(port),
      EMBEDDED_DB_DIR: path.join(dataDir, "pglite"),
      EMBEDDED_DB_PORT: "54350",
      LOG_LEVEL: "warn",
      NEXT_TELEMETRY_DISABLED: "1",
    },
  });
  try {
    await waitForHealth();
    const html = await (await fetch(`${base}/security`)).text();
    const asset = /\/_next\/static\/[^"']+\.js/.exec(html)?.[0];
    if (!asset) throw new Error("no static asset found in the page");
    // Warm up each target once so JIT and caches are comparable.
    for (const p of [asset, "/.well-known/security.txt", "/api/health", "/security"]) await fetch(`${base}${p}`);
    const results = [
      await measure("static asset (baseline)", asset),
      await measure("trivial handler (middleware)", "/.well-known/security.txt"),
      await measure("health route (middleware + DB)", "/api/health"),
      await measure("page (middleware + render)", "/security"),
    ];
    return results;
  } finally {
    server.kill("SIGTERM");
    await new Promise((resolve) => server.on("exit", resolve));
  }
}

export function formatHttpResults(results: Result[]): string {
  const baseline = results[0]!;
  const lines = ["| target | req/s | p50 ms | p99 ms | throughput vs baseline | non-2xx |", "|---|---|---|---|---|---|"];
  for (const r of results) {
    lines.push(
      `| ${r.name} \`${r.path.length > 30 ? r.path.slice(0, 27) + "..." : r.path}\` | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${(r.rps / baseline.rps).toFixed(2)}x | ${r.non2xx + r.errors} |`,
    );
  }
  return lines.join("\n");
}

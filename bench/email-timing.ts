/**
 * Measurement (not a test): does forgot-password still tell, by its timing,
 * whether an account exists? (issue 9, finding 5; ADR 0020.)
 *
 * Calls requestPasswordReset (lib/auth/accounts.ts, the function the
 * forgot-password action calls) BENCH_EMAIL_RUNS times (default 300) for an
 * existing, active account and as many times for an unknown address,
 * interleaved in random order, on a scratch PostgreSQL database. Prompt
 * delivery is on, with a fake SMTP transport that takes 50 ms per message, so
 * the queued mail really is sent in the background while the requests are
 * timed: SMTP latency would show up in the known address's figures if it were
 * still in the request path. Prints p10/p50/p90/p99 for both, the ratio of
 * the medians, and how much the two distributions overlap (the share of each
 * side's samples inside the other's p10-p90 range; ~80% each when the two
 * are indistinguishable, 0% when every sample tells).
 *
 * Runs on a scratch database created on BENCH_POSTGRES_URL / TEST_DATABASE_URL
 * (default postgresql://postgres@127.0.0.1:5432/postgres) and dropped at the end.
 * Usage: npm run bench -- email   (or npx tsx bench/email-timing.ts)
 * Env: BENCH_EMAIL_RUNS (300), BENCH_EMAIL_SMTP_MS (50).
 */
import "./server-only-shim";
import { randomBytes, randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { applyMigrations } from "../lib/db/migrate";
import { createPrismaClient } from "../lib/db/prisma-factory";
import type { EmailDelivery } from "../lib/email/send-email";
import type { Db } from "@/lib/db/db";

const RUNS = Number(process.env.BENCH_EMAIL_RUNS ?? 300);
const SMTP_MS = Number(process.env.BENCH_EMAIL_SMTP_MS ?? 50);
const WARMUP = 20;

export interface TimingSummary {
  samples: number;
  p10: number;
  p50: number;
  p90: number;
  p99: number;
}

export interface EmailTimingBenchResult {
  runs: number;
  smtpMs: number;
  known: TimingSummary;
  unknown: TimingSummary;
  /** known p50 / unknown p50. */
  medianRatio: number;
  /** Share of known samples inside the unknown samples' p10-p90 range. */
  knownInsideUnknownP10P90: number;
  /** Share of unknown samples inside the known samples' p10-p90 range. */
  unknownInsideKnownP10P90: number;
  /** Messages the fake SMTP transport received during the run (the background delivery). */
  delivered: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function summarize(samples: number[]): TimingSummary {
  const sorted = [...samples].sort((a, b) => a - b);
  return { samples: sorted.length, p10: percentile(sorted, 10), p50: percentile(sorted, 50), p90: percentile(sorted, 90), p99: percentile(sorted, 99) };
}

const shareInside = (samples: number[], range: TimingSummary) =>
  samples.filter((sample) => sample >= range.p10 && sample <= range.p90).length / samples.length;

async function createActiveSeller(db: Db, email: string): Promise<void> {
  const organization = await db.organization.create({ data: { legalName: `Bench Org ${randomBytes(3).toString("hex")}` } });
  const now = new Date();
  await db.user.create({
    data: {
      email,
      displayName: "Bench Seller",
      kind: "SELLER",
      role: "SELLER_OWNER",
      status: "ACTIVE",
      organizationId: organization.id,
      passwordChangedAt: now,
      emailVerifiedAt: now,
    },
  });
}

export async function runEmailTimingBench(): Promise<EmailTimingBenchResult> {
  // Run alone (npx tsx bench/email-timing.ts) it still needs keys; none is in the repository.
  process.env.NEXTAUTH_SECRET ||= randomBytes(48).toString("base64url");
  process.env.DATA_ENCRYPTION_KEY ||= randomBytes(32).toString("base64");
  // One "e-mail sent" line per delivered message would drown the output.
  process.env.LOG_LEVEL ||= "warn";
  // Loaded after the environment is set (lib/env.ts reads it once).
  const { requestPasswordReset } = await import("../lib/auth/accounts");
  const { enableOutboxDeliveryAfterRequests } = await import("../lib/email/outbox-delivery-trigger");

  const adminUrl = process.env.BENCH_POSTGRES_URL ?? process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const name = `firefeed_bench_email_${Date.now()}`;
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const quiet = { info: () => undefined, warn: () => undefined };
  let prisma: Db | undefined;
  let trigger: { stop(): Promise<void> } | undefined;
  try {
    await applyMigrations(url.toString(), { logger: quiet });
    prisma = createPrismaClient(url.toString(), 10);
    const db = prisma;
    const knownEmail = `bench-owner-${randomUUID().slice(0, 8)}@seller.example`;
    await createActiveSeller(db, knownEmail);

    let delivered = 0;
    const slowSmtp: EmailDelivery = {
      appEnv: "production",
      from: "FireFeed Portal <no-reply@fire-feed.com>",
      transport: {
        sendMail: async () => {
          await sleep(SMTP_MS);
          delivered += 1;
          return { messageId: `<bench-${delivered}@email-timing.bench>` };
        },
      },
      db: () => db,
    };
    trigger = enableOutboxDeliveryAfterRequests(db, slowSmtp);

    const request = () => ({ ipAddress: "198.51.100.7", userAgent: "bench", requestId: randomUUID() });
    const unknownEmail = () => `ghost-${randomUUID().slice(0, 8)}@seller.example`;
    const time = async (email: string): Promise<number> => {
      const started = performance.now();
      await requestPasswordReset(email, request(), { db });
      return performance.now() - started;
    };

    console.log(`  warming up, then ${RUNS} forgot-password requests each for a known and an unknown address (fake SMTP: ${SMTP_MS} ms) ...`);
    for (let i = 0; i < WARMUP; i += 1) {
      await time(knownEmail);
      await time(unknownEmail());
    }
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < RUNS; i += 1) {
      // Random order within each pair, so neither side always follows the other's background delivery.
      if (Math.random() < 0.5) {
        known.push(await time(knownEmail));
        unknown.push(await time(unknownEmail()));
      } else {
        unknown.push(await time(unknownEmail()));
        known.push(await time(knownEmail));
      }
    }
    await trigger.stop();
    trigger = undefined;

    const knownSummary = summarize(known);
    const unknownSummary = summarize(unknown);
    return {
      runs: RUNS,
      smtpMs: SMTP_MS,
      known: knownSummary,
      unknown: unknownSummary,
      medianRatio: knownSummary.p50 / unknownSummary.p50,
      knownInsideUnknownP10P90: shareInside(known, unknownSummary),
      unknownInsideKnownP10P90: shareInside(unknown, knownSummary),
      delivered,
    };
  } finally {
    await trigger?.stop();
    await prisma?.$disconnect();
    await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
    await admin.end();
  }
}

const ms = (value: number) => value.toFixed(2);
const pct = (value: number) => `${(value * 100).toFixed(0)}%`;

export function formatEmailTimingResults(result: EmailTimingBenchResult): string {
  const row = (label: string, s: TimingSummary) => `| ${label} | ${s.samples} | ${ms(s.p10)} | ${ms(s.p50)} | ${ms(s.p90)} | ${ms(s.p99)} |`;
  return [
    `requestPasswordReset on PostgreSQL, ${result.runs} interleaved calls per address; queued mail delivered in the background through a fake SMTP transport taking ${result.smtpMs} ms (${result.delivered} messages delivered during the run).`,
    "",
    "| address | samples | p10 ms | p50 ms | p90 ms | p99 ms |",
    "|---|---|---|---|---|---|",
    row("existing account", result.known),
    row("unknown", result.unknown),
    "",
    `Median ratio (existing / unknown): ${result.medianRatio.toFixed(3)}. ` +
      `Existing-account samples inside the unknown p10-p90: ${pct(result.knownInsideUnknownP10P90)}; ` +
      `unknown samples inside the existing-account p10-p90: ${pct(result.unknownInsideKnownP10P90)} (~80% each = indistinguishable).`,
  ].join("\n");
}

// Run directly: npx tsx bench/email-timing.ts
if (process.argv[1] && /bench[\\/]email-timing\.ts$/.test(process.argv[1])) {
  runEmailTimingBench().then(
    (result) => console.log(`\n${formatEmailTimingResults(result)}`),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}

// `npm run audit:verify [-- --checkpoints FILE ...] [--no-checkpoint]`: verifies the
// keyed audit chain (lib/audit/chain-verify.ts) on DATABASE_URL or, when it is unset,
// on the embedded database (started for the duration, as `npm run db:migrate` does),
// against the signed checkpoints kept outside the database: AUDIT_CHECKPOINT_FILE and
// any file named with --checkpoints (e.g. log lines exported from the log collector:
// lines carrying an `auditCheckpoint` field are read too). When the chain is intact it
// writes a new checkpoint of the head (unless --no-checkpoint).
// Exits 0 when intact, 1 when broken (edited, inserted, removed, truncated...), 2 on errors.
import pg from "pg";
import { applyDevelopmentSecrets } from "@/server/development-secrets";
import { describeDatabaseUrl, withDatabase } from "@/lib/db/database-target";
import { createPrismaClient } from "@/lib/db/prisma-factory";
import { getEnv } from "@/lib/env";
import { pgAuditRowSource, verifyAuditChain, type AuditChainResult } from "@/lib/audit/chain-verify";
import { configuredCheckpointSinks, readCheckpointFile, writeAuditCheckpoint, type AuditCheckpoint } from "@/lib/audit/checkpoints";

function checkpointFilesFromArgs(argv: readonly string[]): string[] {
  const files: string[] = [];
  for (let index = 0; index < argv.length; index += 1) {
    if (argv[index] === "--checkpoints" && argv[index + 1]) files.push(argv[(index += 1)] as string);
  }
  return files;
}

async function main(): Promise<number> {
  await applyDevelopmentSecrets(process.env);
  const env = getEnv();
  const files = [...new Set([...(env.AUDIT_CHECKPOINT_FILE ? [env.AUDIT_CHECKPOINT_FILE] : []), ...checkpointFilesFromArgs(process.argv.slice(2))])];
  const checkpoints: AuditCheckpoint[] = [];
  for (const file of files) {
    const contents = await readCheckpointFile(file);
    checkpoints.push(...contents.valid);
    console.log(
      `Checkpoints in ${file}: ${contents.valid.length} valid` +
        (contents.badSignatures ? `, ${contents.badSignatures} with an INVALID signature (ignored; investigate)` : "") +
        (contents.unreadable ? `, ${contents.unreadable} unreadable line(s)` : ""),
    );
  }
  if (files.length === 0) console.log("No checkpoint file: removal of the newest rows cannot be detected (set AUDIT_CHECKPOINT_FILE).");

  const result = await withDatabase(async (connectionString, poolMax): Promise<AuditChainResult> => {
    console.log(`Verifying the audit chain on ${describeDatabaseUrl(connectionString)} ...`);
    const client = new pg.Client({ connectionString });
    await client.connect();
    let verified: AuditChainResult;
    try {
      const started = performance.now();
      verified = await verifyAuditChain(pgAuditRowSource(client), { checkpoints });
      const seconds = (performance.now() - started) / 1000;
      console.log(`Checked in ${seconds.toFixed(2)} s (${Math.round(verified.rows / Math.max(seconds, 0.001))} rows/s).`);
    } finally {
      await client.end();
    }
    if (verified.ok && !process.argv.includes("--no-checkpoint")) {
      const prisma = createPrismaClient(connectionString, poolMax);
      try {
        const checkpoint = await writeAuditCheckpoint(prisma, configuredCheckpointSinks());
        if (checkpoint) console.log(`Wrote a signed checkpoint of the head (row ${checkpoint.lastId}).`);
      } finally {
        await prisma.$disconnect();
      }
    }
    return verified;
  });
  if (result.ok) {
    console.log(
      `OK: ${result.rows} audit row(s) checked (${result.keyedRows} keyed); ${result.checkpointsMatched} checkpoint(s) matched; the chain is intact.`,
    );
    return 0;
  }
  console.error(
    `BROKEN: audit chain problem "${result.problem}" at row id ${result.firstBadId} (${result.rows} row(s) checked up to it). ` +
      "Treat this as a security incident: preserve the database and investigate.",
  );
  return 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`audit:verify failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  },
);

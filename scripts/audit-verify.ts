// `npm run audit:verify`: walks the audit log's hash chain (lib/audit/record-audit.ts)
// on DATABASE_URL, or, when it is unset, on the embedded database (started for the
// duration, as `npm run db:migrate` does). Prints the rows checked and the result;
// exits 1 when the chain is broken (edited, inserted or removed rows), 2 on errors.
// After security retention (L5) the chain starts at the latest AuditChainAnchor.
import { describeDatabaseUrl, withDatabase } from "@/lib/db/database-target";
import { createPrismaClient } from "@/lib/db/prisma-factory";
import { latestAuditChainAnchor, verifyAuditChain, type AuditChainResult } from "@/lib/audit/record-audit";

async function main(): Promise<number> {
  const result = await withDatabase(async (connectionString, poolMax): Promise<AuditChainResult> => {
    console.log(`Verifying the audit chain on ${describeDatabaseUrl(connectionString)} ...`);
    const prisma = createPrismaClient(connectionString, poolMax);
    try {
      const anchor = await latestAuditChainAnchor(prisma);
      if (anchor) console.log(`Retention anchor: the chain starts after row id ${anchor.lastDeletedId.toString()}.`);
      const started = performance.now();
      const result = await verifyAuditChain(prisma);
      const seconds = (performance.now() - started) / 1000;
      console.log(`Checked in ${seconds.toFixed(2)} s (${Math.round(result.rows / Math.max(seconds, 0.001))} rows/s).`);
      return result;
    } finally {
      await prisma.$disconnect();
    }
  });
  if (result.ok) {
    console.log(`OK: ${result.rows} audit row(s) checked; the chain is intact.`);
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

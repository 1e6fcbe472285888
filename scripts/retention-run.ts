// `npm run retention:run`: runs the Amazon-data retention job once (D1, D5;
// lib/orders/retention.ts) on DATABASE_URL, or, when it is unset, on the
// embedded database (started for the duration, as `npm run db:migrate` does).
// Prints the run's counts; exits 1 on error. The run is recorded and audited.
import { describeDatabaseUrl, withDatabase } from "@/lib/db/database-target";
import { createPrismaClient } from "@/lib/db/prisma-factory";
import { runRetention } from "@/lib/orders/retention";

async function main(): Promise<number> {
  const result = await withDatabase(async (connectionString, poolMax) => {
    console.log(`Running Amazon-data retention on ${describeDatabaseUrl(connectionString)} ...`);
    const prisma = createPrismaClient(connectionString, poolMax);
    try {
      return await runRetention(prisma, { trigger: "cli" });
    } finally {
      await prisma.$disconnect();
    }
  });
  console.log(`OK: run ${result.runId}: PII purged from ${result.ordersPiiPurged} order(s); ${result.ordersDeleted} order(s) past retention deleted.`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`retention:run failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);

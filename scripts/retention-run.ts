// `npm run retention:run`: runs the Amazon-data retention job once (D1, D5;
// lib/orders/retention.ts) on DATABASE_URL, or, when it is unset, on the
// embedded database (started for the duration, as `npm run db:migrate` does).
// Then runs the security-record retention (L5; lib/audit/security-retention.ts:
// audit events, closed alerts, completed log reviews older than
// SECURITY_RECORD_RETENTION_DAYS, never younger than 365 days).
// Prints the runs' counts; exits 1 on error. Each run is recorded and audited.
import { applyDevelopmentSecrets } from "@/server/development-secrets";
import { describeDatabaseUrl, withDatabase } from "@/lib/db/database-target";
import { createPrismaClient } from "@/lib/db/prisma-factory";
import { runSecurityRetention } from "@/lib/audit/security-retention";
import { runRetention } from "@/lib/orders/retention";

async function main(): Promise<number> {
  // Audit events are written (and MAC-keyed): the development key files, as npm start uses them.
  await applyDevelopmentSecrets(process.env);
  const { result, security } = await withDatabase(async (connectionString, poolMax) => {
    console.log(`Running Amazon-data retention on ${describeDatabaseUrl(connectionString)} ...`);
    const prisma = createPrismaClient(connectionString, poolMax);
    try {
      const orders = await runRetention(prisma, { trigger: "cli" });
      console.log("Running security-record retention ...");
      return { result: orders, security: await runSecurityRetention(prisma, { trigger: "cli" }) };
    } finally {
      await prisma.$disconnect();
    }
  });
  console.log(`OK: run ${result.runId}: PII purged from ${result.ordersPiiPurged} order(s); ${result.ordersDeleted} order(s) past retention deleted.`);
  console.log(
    `OK: security run ${security.runId} (records older than ${security.retentionDays} days, before ${security.cutoff.toISOString()}): ` +
      `${security.auditEventsDeleted} audit event(s), ${security.alertsDeleted} closed alert(s), ${security.logReviewsDeleted} log review(s), ` +
      `${security.retentionRunsDeleted} old retention run(s) deleted.` +
      (security.anchor ? ` The audit chain now starts after row ${security.anchor.lastDeletedId}.` : ""),
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`retention:run failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);

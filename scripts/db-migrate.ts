// `npm run db:migrate`: applies pending migrations as the OWNER role:
// DATABASE_MIGRATION_URL, else DATABASE_URL, or, when neither is set, the
// embedded database (started for the duration, and refused while `npm start`
// holds it: that run applies migrations itself). README "Database roles".
import { withDatabase } from "@/lib/db/database-target";
import { applyMigrations } from "@/lib/db/migrate";

async function main(): Promise<void> {
  const applied = await withDatabase((connectionString) => applyMigrations(connectionString), process.env, { as: "owner" });
  console.log(applied.length === 0 ? "No pending migrations." : `Applied ${applied.length} migration(s).`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

// `npm run db:serve`: runs the embedded database on its own (for a SQL client,
// or for `npm run dev` pointed at it with DATABASE_URL), until Ctrl-C/SIGTERM.
import { embeddedDbDir, embeddedDbPort } from "@/lib/db/database-target";
import { startEmbeddedDatabase } from "@/lib/db/embedded-server";

async function main(): Promise<void> {
  const database = await startEmbeddedDatabase({ dataDir: embeddedDbDir(), port: embeddedDbPort(), host: "127.0.0.1" });
  console.log(`Embedded database (PGlite) at ${database.dataDir}`);
  console.log(`DATABASE_URL=${database.connectionString}`);
  console.log("Use a connection pool of 1 (DATABASE_POOL_MAX=1). Ctrl-C stops it.");
  const shutdown = (signal: NodeJS.Signals) => {
    console.log(`${signal}: stopping the embedded database...`);
    database.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error instanceof Error ? error.message : error);
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

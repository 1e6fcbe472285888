// Vitest globalSetup of the `integration` project: one fresh, migrated
// database per run, used with the production role split (README "Database roles").
// - TEST_DATABASE_URL set (CI, PostgreSQL 15): a uniquely named database is
//   created on that server and dropped at the end. Migrations run as the
//   URL's role (the owner of every table); the tests connect as
//   firefeed_it_portal, a login role that is only a member of firefeed_app,
//   exactly like the running portal.
// - otherwise: the embedded PGlite server in a fresh temp directory on a free
//   loopback port, stopped and deleted at the end. It has one superuser
//   session, so the split is the SET ROLE firefeed_app every portal
//   connection makes (lib/db/prisma-factory.ts): it catches mistakes but a
//   RESET ROLE would undo it (README).
// Tests read the URL from process.env.DATABASE_URL (or inject("databaseUrl"));
// the owner's URL is inject("adminDatabaseUrl"), for test/db.ts asDatabaseSuperuser().
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startEmbeddedDatabase } from "../lib/db/embedded-server";
import { provisionDevelopmentPortalRole } from "../lib/db/database-roles";
import { applyMigrations } from "../lib/db/migrate";
import { createPostgresDatabase, findFreePort } from "./db-servers";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    adminDatabaseUrl: string;
    databaseKind: "postgresql" | "embedded";
  }
}

const quiet = { info: () => undefined, warn: (message: string) => console.warn(message) };

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  let databaseUrl: string;
  let teardown: () => Promise<void>;

  if (adminUrl) {
    const database = await createPostgresDatabase(adminUrl, "firefeed_it");
    databaseUrl = database.url;
    teardown = () => database.drop();
    process.env.DATABASE_POOL_MAX = "5";
  } else {
    const dir = await mkdtemp(path.join(tmpdir(), "firefeed-it-"));
    // Files run one at a time, each with a pool of 1; a few slots let a
    // finished file's idle connection linger without refusing the next one.
    const database = await startEmbeddedDatabase({
      dataDir: path.join(dir, "pglite"),
      port: await findFreePort(),
      host: "127.0.0.1",
      maxConnections: 8,
    });
    databaseUrl = database.connectionString;
    teardown = async () => {
      await database.stop();
      await rm(dir, { recursive: true, force: true });
    };
    process.env.DATABASE_POOL_MAX = "1";
  }

  const adminDatabaseUrl = databaseUrl;
  try {
    await applyMigrations(databaseUrl, { logger: quiet });
    // PostgreSQL: the portal's kind of login role (trust auth here; the password only fills the URL).
    if (adminUrl) databaseUrl = await provisionDevelopmentPortalRole(adminDatabaseUrl, "firefeed_it_portal", "integration-tests-trust-auth");
  } catch (error) {
    await teardown();
    throw error;
  }
  process.env.DATABASE_URL = databaseUrl;
  project.provide("databaseUrl", databaseUrl);
  project.provide("adminDatabaseUrl", adminDatabaseUrl);
  project.provide("databaseKind", adminUrl ? "postgresql" : "embedded");
  return teardown;
}

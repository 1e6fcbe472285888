// Vitest globalSetup of the `integration` project: one fresh, migrated
// database per run.
// - TEST_DATABASE_URL set (CI, PostgreSQL 15): a uniquely named database is
//   created on that server and dropped at the end.
// - otherwise: the embedded PGlite server in a fresh temp directory on a free
//   loopback port, stopped and deleted at the end.
// Tests read the URL from process.env.DATABASE_URL (or inject("databaseUrl")).
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startEmbeddedDatabase } from "../lib/db/embedded-server";
import { applyMigrations } from "../lib/db/migrate";
import { createPostgresDatabase, findFreePort } from "./db-servers";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
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

  try {
    await applyMigrations(databaseUrl, { logger: quiet });
  } catch (error) {
    await teardown();
    throw error;
  }
  process.env.DATABASE_URL = databaseUrl;
  project.provide("databaseUrl", databaseUrl);
  project.provide("databaseKind", adminUrl ? "postgresql" : "embedded");
  return teardown;
}

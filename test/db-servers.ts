// Test-only helpers to create throwaway databases (no vitest imports, so
// globalSetup can use them too).
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { startEmbeddedDatabase } from "../lib/db/embedded-server";

export interface ThrowawayDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A port the OS says is free right now on loopback. */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A fresh database named `<prefix>_<timestamp>_<random>` on the server of adminUrl. */
export async function createPostgresDatabase(adminUrl: string, prefix: string): Promise<ThrowawayDatabase> {
  const name = `${prefix}_${Date.now()}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/**
 * An empty, unmigrated database for tests of the migration runner: on the
 * TEST_DATABASE_URL server when set, else an embedded PGlite server of its own.
 */
export async function createScratchDatabase(): Promise<ThrowawayDatabase> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (adminUrl) return createPostgresDatabase(adminUrl, "firefeed_scratch");
  const dir = await mkdtemp(path.join(tmpdir(), "firefeed-scratch-"));
  const database = await startEmbeddedDatabase({ dataDir: path.join(dir, "pglite"), port: await findFreePort(), host: "127.0.0.1" });
  return {
    url: database.connectionString,
    drop: async () => {
      await database.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

// These tests start PGlite servers of their own, so they run (and test PGlite)
// in both integration modes, embedded and PostgreSQL.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findFreePort } from "@/test/db";
import { EmbeddedDatabaseLockedError, lockFilePathFor, startEmbeddedDatabase } from "./embedded-server";

let workDir: string;
let writer: ChildProcess | undefined;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), "firefeed-embedded-"));
});

afterAll(async () => {
  writer?.kill("SIGKILL");
  await rm(workDir, { recursive: true, force: true });
});

/** Spawns the writer fixture and collects the ids it reports as committed. */
function startWriter(dataDir: string, port: number) {
  const child = spawn(process.execPath, ["--import", "tsx", "test/fixtures/embedded-writer.ts", dataDir, String(port)], {
    cwd: process.cwd(),
    stdio: ["ignore", "pipe", "pipe"],
  });
  const committed: number[] = [];
  let stderr = "";
  let buffered = "";
  child.stdout.on("data", (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split("\n");
    buffered = lines.pop() ?? "";
    for (const line of lines) {
      const match = /^committed (\d+)$/.exec(line);
      if (match) committed.push(Number(match[1]));
    }
  });
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return { child, committed, stderr: () => stderr };
}

async function waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("embedded database server", () => {
  it("refuses a second opener, survives SIGKILL mid-write without losing committed rows, and is not blocked by the dead owner's lock", async () => {
    const dataDir = path.join(workDir, "pglite");
    const { child, committed, stderr } = startWriter(dataDir, await findFreePort());
    writer = child;
    await waitFor(() => committed.length >= 100 || child.exitCode !== null, 90_000, "the writer to commit 100 rows");
    expect(child.exitCode, stderr()).toBeNull();

    // A second opener while the writer runs: refused, with a message a person can act on.
    const second = startEmbeddedDatabase({ dataDir, port: await findFreePort() });
    await expect(second).rejects.toBeInstanceOf(EmbeddedDatabaseLockedError);
    await expect(second).rejects.toThrow(`Another FireFeed process (PID ${child.pid}) is using the embedded database at ${dataDir}.`);

    // kill -9 in the middle of writes.
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGKILL");
    await exited;
    const reported = [...committed];
    expect(reported.length).toBeGreaterThanOrEqual(100);
    // The dead process's lock file is still there...
    expect(existsSync(lockFilePathFor(dataDir))).toBe(true);

    // ...but does not block the restart, which comes up in bounded time with every committed row.
    const startedAt = Date.now();
    const database = await startEmbeddedDatabase({ dataDir, port: await findFreePort() });
    const restartMs = Date.now() - startedAt;
    try {
      expect(restartMs).toBeLessThan(30_000);
      const client = new pg.Client({ connectionString: database.connectionString });
      await client.connect();
      try {
        const { rows } = await client.query<{ id: number }>(`SELECT "id" FROM "durability_probe"`);
        const present = new Set(rows.map((row) => row.id));
        expect(reported.filter((id) => !present.has(id))).toEqual([]);
        // Still writable after the crash.
        await client.query(`INSERT INTO "durability_probe" ("payload") VALUES ('after restart')`);
      } finally {
        await client.end();
      }
      const owner = JSON.parse(await readFile(lockFilePathFor(dataDir), "utf8"));
      expect(owner.pid).toBe(process.pid);
    } finally {
      await database.stop();
      await database.stop(); // idempotent
    }
    expect(existsSync(lockFilePathFor(dataDir))).toBe(false);
  });

  it("takes over a lock whose recorded PID no longer exists", async () => {
    const dataDir = path.join(workDir, "pglite");
    const gone = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]);
    const deadPid = Number(gone.stdout.toString());
    await writeFile(
      lockFilePathFor(dataDir),
      JSON.stringify({ pid: deadPid, hostname: (await import("node:os")).hostname(), processStartTime: "1", acquiredAt: "" }),
    );
    const database = await startEmbeddedDatabase({ dataDir, port: await findFreePort() });
    await database.stop();
  });

  it("fails clearly when its port is taken, and releases the lock", async () => {
    const dataDir = path.join(workDir, "pglite");
    const blocker = createServer();
    const port = await findFreePort();
    await new Promise<void>((resolve) => blocker.listen(port, "127.0.0.1", resolve));
    try {
      const start = startEmbeddedDatabase({ dataDir, port });
      await expect(start).rejects.toThrow(`Port ${port} on 127.0.0.1 is already in use`);
      await expect(start).rejects.toThrow("EMBEDDED_DB_PORT");
    } finally {
      blocker.close();
    }
    expect(existsSync(lockFilePathFor(dataDir))).toBe(false);
  });

  it("listens on loopback only", async () => {
    await expect(
      startEmbeddedDatabase({ dataDir: path.join(workDir, "other"), port: 1, host: "0.0.0.0" as "127.0.0.1" }),
    ).rejects.toThrow(/loopback only/);
  });
});

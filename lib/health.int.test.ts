import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DEFAULT_MIGRATIONS_DIR } from "@/lib/db/migrate";
import { disconnectTestPrisma, getTestPrisma } from "@/test/db";
import { evaluateHealth, prismaQueryable } from "./health";

afterAll(async () => {
  await disconnectTestPrisma();
});

describe("health check", () => {
  it("is ok when the database answers and every migration is applied", async () => {
    await expect(evaluateHealth(prismaQueryable(getTestPrisma()), DEFAULT_MIGRATIONS_DIR)).resolves.toEqual({
      status: "ok",
      checks: { database: "ok", migrations: "ok" },
    });
  });

  it("reports pending migrations when the code has one the database lacks", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "firefeed-health-"));
    try {
      await cp(DEFAULT_MIGRATIONS_DIR, dir, { recursive: true });
      await mkdir(path.join(dir, "29991231000000_future"));
      await writeFile(path.join(dir, "29991231000000_future", "migration.sql"), "SELECT 1;\n");
      await expect(evaluateHealth(prismaQueryable(getTestPrisma()), dir)).resolves.toEqual({
        status: "unavailable",
        checks: { database: "ok", migrations: "pending" },
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("reports an unreachable database without leaking the error", async () => {
    const failing = { query: async () => Promise.reject(new Error("connect ECONNREFUSED 10.1.2.3:5432 password=hunter2")) };
    const report = await evaluateHealth(failing, DEFAULT_MIGRATIONS_DIR);
    expect(report).toEqual({ status: "unavailable", checks: { database: "unreachable", migrations: "unknown" } });
    expect(JSON.stringify(report)).not.toMatch(/ECONNREFUSED|10\.1\.2\.3|hunter2/);
  });
});

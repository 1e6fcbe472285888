// The database-backed scheduler: several instances, one run per due job.
import { afterAll, describe, expect, it } from "vitest";
import { disconnectTestPrisma, getTestPrisma } from "@/test/db";
import { claimJob, startScheduler, type ScheduledJobDefinition } from "./scheduler";

const db = getTestPrisma();
afterAll(disconnectTestPrisma);

describe("scheduler", () => {
  it("with several instances, a due job runs once; it runs again only when due; a failure is recorded", async () => {
    const name = `test-job-${Date.now()}`;
    let runs = 0;
    let fail = false;
    const job: ScheduledJobDefinition = {
      name,
      intervalMs: 60_000,
      lockMs: 30_000,
      run: () => {
        runs += 1;
        return fail ? Promise.reject(new Error("boom with details that must not be stored")) : Promise.resolve();
      },
    };
    let clock = Date.now();
    const now = () => new Date(clock);
    const instances = ["i-1", "i-2", "i-3"].map((instanceId) => startScheduler({ db, jobs: [job], instanceId, now, autoStart: false }));
    const ran = await Promise.all(instances.map((i) => i.tick()));
    expect(ran.flat()).toEqual([name]);
    expect(runs).toBe(1);

    // Not due yet.
    await Promise.all(instances.map((i) => i.tick()));
    expect(runs).toBe(1);

    clock += 61_000;
    fail = true;
    await Promise.all(instances.map((i) => i.tick()));
    expect(runs).toBe(2);
    const row = await db.scheduledJob.findUniqueOrThrow({ where: { name } });
    expect(row.lastStatus).toBe("FAILED");
    expect(row.lastError).not.toContain("boom");
    expect(row.lockedBy).toBeNull();
    for (const i of instances) await i.stop();
  });

  it("a crashed instance's claim expires and another instance takes the job over", async () => {
    const name = `test-crash-${Date.now()}`;
    const job: ScheduledJobDefinition = { name, intervalMs: 60_000, lockMs: 10_000, run: async () => {} };
    const t0 = new Date();
    expect(await claimJob(db, job, "crashed", t0)).toBe(true); // and never finishes
    expect(await claimJob(db, job, "other", new Date(t0.getTime() + 5_000))).toBe(false);
    expect(await claimJob(db, job, "other", new Date(t0.getTime() + 11_000))).toBe(true);
  });
});

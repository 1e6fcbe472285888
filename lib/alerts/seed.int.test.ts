import { afterAll, describe, expect, it } from "vitest";
import { disconnectTestPrisma, getTestPrisma } from "@/test/db";
import { seedDemoAlerts } from "./seed";

afterAll(async () => {
  await disconnectTestPrisma();
});

describe("seedDemoAlerts", () => {
  it("adds nothing when alerts already exist", async () => {
    const db = getTestPrisma();
    // Other alert tests in this run have created alerts: the seed must leave the log alone.
    if ((await db.alert.count()) === 0) await db.alert.create({ data: { ruleId: "lockouts", groupKey: "seed-test", severity: "LOW", title: "t", summary: "s", firstSeenAt: new Date(), lastSeenAt: new Date() } });
    const before = await db.auditEvent.count();
    expect(await seedDemoAlerts(db)).toEqual({ alertsCreated: 0 });
    expect(await db.auditEvent.count()).toBe(before);
  });
});

"use server";
// "Run retention now" (D1, D5): the same job the scheduler runs daily, started
// by an operator. settings:manage with step-up; the run is recorded with its
// counts and audited (orders.retention_run) with the operator as actor.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/lib/auth/define-action";
import { getPrisma } from "@/lib/db/client";
import { runSecurityRetention } from "@/lib/audit/security-retention";
import { runRetention } from "@/lib/orders/retention";

export const runRetentionNow = defineAction({
  name: "retention.run-now",
  access: { permission: "settings:manage", stepUp: true },
  input: z.object({}),
  handler: async (_input, { actor }) => {
    const result = await runRetention(getPrisma(), { trigger: "admin", actorUserId: actor.userId });
    revalidatePath("/admin/retention");
    return {
      ok: true,
      message: `Retention ran: buyer details removed from ${result.ordersPiiPurged} order(s), ${result.ordersDeleted} old order(s) deleted.`,
    };
  },
});

// "Run now" for security records (L5): the daily security-retention job,
// started by an operator (settings:manage with step-up). It never deletes a
// record younger than 365 days (the database trigger enforces it too); the run
// is recorded with its counts and audited (security.retention_run).
export const runSecurityRetentionNow = defineAction({
  name: "retention.security-run-now",
  access: { permission: "settings:manage", stepUp: true },
  input: z.object({}),
  handler: async (_input, { actor }) => {
    const result = await runSecurityRetention(getPrisma(), { trigger: "admin", actorUserId: actor.userId });
    revalidatePath("/admin/retention");
    return {
      ok: true,
      message:
        `Security retention ran: ${result.auditEventsDeleted} audit event(s), ${result.alertsDeleted} closed alert(s) ` +
        `and ${result.otherRecordsDeleted} other record(s) older than ${result.retentionDays} days deleted.`,
    };
  },
});

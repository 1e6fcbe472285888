// Server-side only (no "server-only" import: prisma/seed.ts runs outside Next).
//
// Demo data for the alert inbox: a short burst of wrong passwords on the demo
// seller account (from a documentation address, RFC 5737) ending in a lockout,
// recorded through recordAudit like real sign-ins, then one evaluation run, so
// a fresh `npm start` shows a "failed sign-ins" and an "account locked" alert.
// Does nothing when alerts already exist (re-running the seed adds nothing).
import { recordAudit, type AuditEventInput } from "@/lib/audit/record-audit";
import { evaluateAlerts } from "./evaluator";
import type { Db } from "@/lib/db/db";

const DEMO_IP = "203.0.113.77";
const DEMO_USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) demo-seed";

async function appendDemoAudit(prisma: Db, event: AuditEventInput): Promise<void> {
  await prisma.$transaction((tx) => recordAudit(tx, event));
}

export async function seedDemoAlerts(prisma: Db): Promise<{ alertsCreated: number }> {
  if ((await prisma.alert.count()) > 0) return { alertsCreated: 0 };
  const seller = await prisma.user.findFirst({ where: { kind: "SELLER", status: "ACTIVE" }, orderBy: { createdAt: "asc" } });
  if (seller) {
    const base = {
      actorUserId: seller.id,
      organizationId: seller.organizationId,
      targetType: "user",
      targetId: seller.id,
      ipAddress: DEMO_IP,
      userAgent: DEMO_USER_AGENT,
      requestId: "demo-seed-alerts",
    };
    for (let failures = 1; failures <= 5; failures += 1) {
      await appendDemoAudit(prisma, { ...base, action: "auth.sign_in_failed", result: "FAILURE", details: { reason: "wrong-password", failures } });
    }
    await appendDemoAudit(prisma, { ...base, action: "auth.lockout", result: "DENIED", details: { lockoutCount: 1 } });
  }
  const result = await evaluateAlerts(prisma, { webhook: null });
  return { alertsCreated: result.alertsCreated };
}

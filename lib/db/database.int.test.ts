import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { asDatabaseSuperuser, disconnectTestPrisma, getTestPrisma, resetDatabase } from "@/test/db";
import { DEMO_ANALYST_EMAIL, DEMO_OPERATOR_EMAIL, DEMO_ORGANIZATION_NAME, DEMO_OWNER_EMAIL, seedDemoData } from "@/prisma/seed";
import { verifyPassword } from "@/lib/auth/password";
import { recordAudit } from "@/lib/audit/record-audit";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createOpaqueToken } from "@/lib/auth/tokens";

const prisma = getTestPrisma();

afterAll(async () => {
  await disconnectTestPrisma();
});

beforeEach(async () => {
  await resetDatabase();
});


describe("Prisma through @prisma/adapter-pg", () => {
  it("creates, reads, updates and deletes, enforcing unique e-mails and foreign keys", async () => {
    const organization = await prisma.organization.create({ data: { legalName: "Acme Goods LLC", countryCode: "DE" } });
    const user = await prisma.user.create({
      data: { email: "ada@acme.example", displayName: "Ada", kind: "SELLER", role: "SELLER_OWNER", organizationId: organization.id },
    });
    expect(user.status).toBe("ACTIVE");
    expect(user.createdAt).toBeInstanceOf(Date);

    const found = await prisma.user.findUniqueOrThrow({ where: { email: "ada@acme.example" }, include: { organization: true } });
    expect(found.organization?.legalName).toBe("Acme Goods LLC");

    await prisma.user.update({ where: { id: user.id }, data: { status: "DEACTIVATED" } });
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).status).toBe("DEACTIVATED");

    await expect(
      prisma.user.create({ data: { email: "ada@acme.example", displayName: "Twin", kind: "SELLER", role: "SELLER_MEMBER" } }),
    ).rejects.toMatchObject({ code: "P2002" });
    // onDelete: Restrict
    await expect(prisma.organization.delete({ where: { id: organization.id } })).rejects.toThrow();

    const session = await prisma.session.create({ data: { userId: user.id, tokenHash: createOpaqueToken().tokenHash, expiresAt: new Date(Date.now() + 3_600_000) } });
    await prisma.user.delete({ where: { id: user.id } });
    // onDelete: Cascade
    await expect(prisma.session.findUnique({ where: { id: session.id } })).resolves.toBeNull();
  });

  it("runs 50 concurrent interactive transactions correctly, rolling back the ones that fail", async () => {
    const organization = await prisma.organization.create({ data: { legalName: "Concurrency Test Ltd" } });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        prisma.$transaction(async (tx) => {
          const user = await tx.user.create({
            data: { email: `user${i}@concurrency.example`, displayName: `User ${i}`, kind: "SELLER", role: "SELLER_MEMBER", organizationId: organization.id },
          });
          // Read-your-writes inside the transaction.
          const seen = await tx.user.findUniqueOrThrow({ where: { id: user.id } });
          expect(seen.email).toBe(`user${i}@concurrency.example`);
          await tx.session.create({ data: { userId: user.id, tokenHash: createOpaqueToken().tokenHash, expiresAt: new Date(Date.now() + 60_000) } });
          if (i % 5 === 0) throw new Error(`planned rollback ${i}`);
          return i;
        }),
      ),
    );
    const committed = outcomes.flatMap((o) => (o.status === "fulfilled" ? [o.value] : []));
    const rejected = outcomes.flatMap((o) => (o.status === "rejected" ? [o] : []));
    expect(committed.sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i).filter((i) => i % 5 !== 0));
    expect(rejected.every((o) => String(o.reason).includes("planned rollback"))).toBe(true);

    const users = await prisma.user.findMany({ where: { organizationId: organization.id }, include: { sessions: true } });
    expect(users).toHaveLength(40);
    expect(users.every((u) => u.sessions.length === 1)).toBe(true);
    expect(users.some((u) => /^user(0|5|10)@/.test(u.email))).toBe(false);
  });
});

describe("audit_events is append-only (A5/L2)", () => {
  it("accepts INSERT and refuses UPDATE, DELETE and TRUNCATE", async () => {
    const requestId = `req-${Date.now()}`;
    // Appended the only legitimate way (keeps the shared test database's hash chain intact).
    await prisma.$transaction((tx) => recordAudit(tx, { action: "auth.sign_in", result: "SUCCESS", requestId, details: { n: 1 } }));
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { requestId } });
    expect(typeof event.id).toBe("bigint");

    // The portal's own role may not even try (README "Database roles")...
    await expect(prisma.auditEvent.update({ where: { id: event.id }, data: { action: "tampered" } })).rejects.toThrow(/permission denied/);
    await expect(prisma.auditEvent.delete({ where: { id: event.id } })).rejects.toThrow(/permission denied/);
    await expect(prisma.$executeRawUnsafe(`TRUNCATE "audit_events"`)).rejects.toThrow(/permission denied/);
    // ...and the owner, who may, is stopped by the trigger.
    for (const sql of [`UPDATE "audit_events" SET "hash" = '${"0".repeat(64)}'`, `DELETE FROM "audit_events"`, `TRUNCATE "audit_events"`]) {
      await expect(asDatabaseSuperuser((tx) => tx.$executeRawUnsafe(sql))).rejects.toThrow(/append-only/);
    }

    const stored = await prisma.auditEvent.findUniqueOrThrow({ where: { id: event.id } });
    expect(stored.action).toBe("auth.sign_in");
    expect(stored.details).toEqual({ n: 1 });
  });
});

describe("seedDemoData", () => {
  it("creates the demo organization, owner, admin and security analyst once, with working hashed passwords", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "firefeed-seed-"));
    const credentialsFile = path.join(dir, "demo-credentials.txt");
    try {
      const first = await seedDemoData(prisma, { credentialsFile, output: null });
      expect(first.created).toBe(true);
      const second = await seedDemoData(prisma, { credentialsFile, output: null });
      expect(second).toEqual({ created: false, credentials: [] });

      const users = await prisma.user.findMany({ include: { organization: true }, orderBy: { email: "asc" } });
      expect(users.map((u) => [u.email, u.kind, u.role, u.organization?.legalName ?? null])).toEqual([
        [DEMO_ANALYST_EMAIL, "OPERATOR", "OPERATOR_SECURITY_ANALYST", null],
        [DEMO_OPERATOR_EMAIL, "OPERATOR", "OPERATOR_ADMIN", null],
        [DEMO_OWNER_EMAIL, "SELLER", "SELLER_OWNER", DEMO_ORGANIZATION_NAME],
      ]);
      for (const credential of first.credentials) {
        expect(credential.password.replaceAll("-", "").length).toBeGreaterThanOrEqual(20);
        const user = users.find((u) => u.email === credential.email)!;
        expect(user.passwordHash).toMatch(/^\$argon2id\$/);
        await expect(verifyPassword(user.passwordHash!, credential.password)).resolves.toMatchObject({ valid: true, needsRehash: false });
      }
      // The security console has something to show: alerts from a failed sign-in burst, incidents, a review campaign.
      expect(await prisma.alert.count()).toBeGreaterThan(0);
      expect(await prisma.incident.count({ where: { phase: { not: "CLOSED" }, involvesAmazonInformation: true } })).toBeGreaterThan(0);
      expect(await prisma.accessReviewCampaign.count({ where: { status: "OPEN" } })).toBe(1);
      const file = await readFile(credentialsFile, "utf8");
      expect(file).toContain(first.credentials[0]!.password);
      expect((await stat(credentialsFile)).mode & 0o777).toBe(0o600);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

// Least-privileged database roles (issue 9, finding 3): the running portal's
// connection may append to and read the audit log, and nothing else on it:
// no UPDATE, DELETE or TRUNCATE, no ALTER TABLE (so no disabling the
// append-only trigger), no forged retention anchors, no schema changes. Runs
// as the portal's own role on the run's database (test/integration-global-setup.ts).
import { afterAll, describe, expect, inject, it } from "vitest";
import { recordAudit } from "@/lib/audit/record-audit";
import { asDatabaseSuperuser, disconnectTestPrisma, getTestPrisma, testDatabaseKind } from "@/test/db";
import { inspectConnectionPrivileges, inspectPortalConnection, leastPrivilegeProblems } from "./database-roles";
import { APP_DATABASE_ROLE } from "./prisma-factory";

const db = getTestPrisma();
afterAll(async () => disconnectTestPrisma());

/** Runs one statement in its own transaction (the embedded server keeps its one session healthy that way). */
async function attempt(sql: string): Promise<unknown> {
  return db.$transaction(async (tx) => tx.$executeRawUnsafe(sql));
}

async function someAuditRowId(): Promise<bigint> {
  await db.$transaction((tx) => recordAudit(tx, { action: "auth.sign_in_failed", result: "FAILURE", actorLabel: "roles-test" }));
  const row = await db.auditEvent.findFirstOrThrow({ orderBy: { id: "desc" }, select: { id: true } });
  return row.id;
}

describe("the portal's database role", () => {
  it("is switched to firefeed_app on every connection", async () => {
    const [row] = await db.$queryRawUnsafe<{ current_user: string }[]>(`SELECT current_user::text AS current_user`);
    expect(row?.current_user).toBe(APP_DATABASE_ROLE);
  });

  it("may append to and read the audit log", async () => {
    const id = await someAuditRowId();
    expect(await db.auditEvent.count({ where: { id } })).toBe(1);
  });

  it.each([
    ["UPDATE", [`UPDATE "audit_events" SET "action" = 'auth.sign_out'`]],
    ["DELETE", [`DELETE FROM "audit_events"`]],
    ["TRUNCATE", [`TRUNCATE "audit_events"`]],
    ["DELETE, even declared as the retention job", [`SELECT set_config('firefeed.audit_retention', 'on', true)`, `DELETE FROM "audit_events"`]],
  ])("cannot %s audit rows", async (_what, statements) => {
    await someAuditRowId();
    const before = await db.auditEvent.count();
    await expect(
      db.$transaction(async (tx) => {
        for (const statement of statements) await tx.$queryRawUnsafe(statement);
      }),
    ).rejects.toThrow(/permission denied/);
    expect(await db.auditEvent.count()).toBe(before);
  });

  it.each([
    ["disable the append-only trigger", `ALTER TABLE "audit_events" DISABLE TRIGGER ALL`],
    ["drop the trigger", `DROP TRIGGER "audit_events_no_update_or_delete" ON "audit_events"`],
    ["replace the trigger's function", `CREATE OR REPLACE FUNCTION "audit_events_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN OLD; END $$`],
    ["forge a retention anchor", `INSERT INTO "audit_chain_anchors" ("id", "last_deleted_id", "last_deleted_hash", "rows_deleted", "cutoff") VALUES (gen_random_uuid(), 1, repeat('0', 64), 1, now())`],
    ["rewrite migration history", `DELETE FROM "_prisma_migrations"`],
    ["create a table", `CREATE TABLE "rogue" ("id" int)`],
    ["create a function", `CREATE FUNCTION "rogue"() RETURNS int LANGUAGE sql AS 'SELECT 1'`],
  ])("cannot %s", async (_what, sql) => {
    await expect(attempt(sql)).rejects.toThrow(/permission denied|must be owner|must be the owner/);
  });

  it("deletes an old audit prefix only through the owner's retention function, which still refuses young rows", async () => {
    const id = await someAuditRowId();
    const row = await db.auditEvent.findUniqueOrThrow({ where: { id }, select: { hash: true } });
    const before = await db.auditEvent.count();
    await expect(
      db.$transaction((tx) => tx.$queryRawUnsafe(`SELECT "firefeed_delete_audit_prefix"($1::bigint, $2::text, $3::integer, now())`, id, row.hash, before)),
    ).rejects.toThrow(/append-only/);
    // A stale or forged hash is refused before anything is deleted.
    await expect(
      db.$transaction((tx) => tx.$queryRawUnsafe(`SELECT "firefeed_delete_audit_prefix"($1::bigint, $2::text, 1, now())`, id, "0".repeat(64))),
    ).rejects.toThrow(/missing or changed/);
    expect(await db.auditEvent.count()).toBe(before);
  });

  it("passes the web server's start-up check", async () => {
    const privileges = await inspectConnectionPrivileges({
      query: async (sql) => ({ rows: await db.$queryRawUnsafe<Record<string, unknown>[]>(sql) }),
    });
    expect(privileges.currentUser).toBe(APP_DATABASE_ROLE);
    expect(leastPrivilegeProblems(privileges)).toEqual([]);
    if (testDatabaseKind() === "postgresql") {
      // A real login role of its own: not a superuser, owns nothing, cannot rewrite the audit log.
      expect(privileges).toMatchObject({ embedded: false, sessionIsSuperuser: false, sessionOwnsObjects: false, sessionCanRewriteAudit: false });
    } else {
      // The embedded server's one session belongs to its superuser: the switch is what there is (README).
      expect(privileges).toMatchObject({ embedded: true, sessionIsSuperuser: true });
    }
  });
});

// The owner/superuser URL (what CI migrates with) must be refused for the web server.
describe("the web server's start-up check", () => {
  it("accepts the portal's login role and, on PostgreSQL, refuses the owner's, naming the role and why", async () => {
    const portal = await inspectPortalConnection(inject("databaseUrl"));
    expect(leastPrivilegeProblems(portal)).toEqual([]);
    const owner = await inspectPortalConnection(inject("adminDatabaseUrl"));
    if (testDatabaseKind() === "postgresql") {
      expect(portal.sessionUser).toBe("firefeed_it_portal");
      const problems = leastPrivilegeProblems(owner).join("\n");
      expect(problems).toMatch(/is a superuser/);
      expect(problems).toMatch(/owns the portal's tables/);
      expect(problems).not.toMatch(/postgresql:\/\//);
    } else {
      // One URL, one superuser session: only the switch to firefeed_app can be checked (README).
      expect(owner).toMatchObject({ embedded: true, currentUser: APP_DATABASE_ROLE });
    }
  });
});

describe("a hostile superuser, by contrast", () => {
  it("can switch the trigger off: which is why the chain is keyed and checkpointed outside the database", async () => {
    await asDatabaseSuperuser(async (tx) => {
      await tx.$executeRawUnsafe(`ALTER TABLE "audit_events" DISABLE TRIGGER USER`);
      await tx.$executeRawUnsafe(`ALTER TABLE "audit_events" ENABLE TRIGGER USER`);
    });
    const [row] = await db.$queryRawUnsafe<{ enabled: string }[]>(
      `SELECT tgenabled::text AS enabled FROM pg_trigger WHERE tgname = 'audit_events_no_update_or_delete'`,
    );
    expect(row?.enabled).toBe("O");
  });
});

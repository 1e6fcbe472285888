import { readdirSync } from "node:fs";
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createScratchDatabase, testDatabaseUrl, type ThrowawayDatabase } from "@/test/db";
import { applyMigrations, DEFAULT_MIGRATIONS_DIR, getMigrationStatus, MigrationError } from "./migrate";

const INIT = "20261129000000_init";
/** Every migration in the repository, in the order they apply. */
const ALL = readdirSync(DEFAULT_MIGRATIONS_DIR, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

function recordingLogger() {
  const messages = { info: [] as string[], warn: [] as string[] };
  return { messages, logger: { info: (m: string) => messages.info.push(m), warn: (m: string) => messages.warn.push(m) } };
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

describe("migration runner (on an empty database)", () => {
  let scratch: ThrowawayDatabase;
  let migrationsDir: string;

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    // A copy of the real migrations, so tests can add and edit files.
    migrationsDir = await mkdtemp(path.join(tmpdir(), "firefeed-migrations-"));
    await cp(DEFAULT_MIGRATIONS_DIR, migrationsDir, { recursive: true });
  });

  afterAll(async () => {
    await scratch?.drop();
    await rm(migrationsDir, { recursive: true, force: true });
  });

  it("applies every migration to a fresh database, in Prisma's _prisma_migrations format", async () => {
    const { logger } = recordingLogger();
    await expect(applyMigrations(scratch.url, { migrationsDir, logger })).resolves.toEqual(ALL);
    const rows = await query<Record<string, unknown>>(scratch.url, `SELECT * FROM "_prisma_migrations" ORDER BY "migration_name"`);
    expect(rows.map((r) => String(r.migration_name))).toEqual(ALL);
    const sql = await readFile(path.join(migrationsDir, INIT, "migration.sql"), "utf8");
    const { createHash } = await import("node:crypto");
    const row = rows[0]!;
    expect(row).toMatchObject({
      migration_name: INIT,
      checksum: createHash("sha256").update(sql).digest("hex"),
      applied_steps_count: 1,
      rolled_back_at: null,
      logs: null,
    });
    expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(row.finished_at).toBeInstanceOf(Date);
  });

  it("applies nothing the second time", async () => {
    const { logger, messages } = recordingLogger();
    await expect(applyMigrations(scratch.url, { migrationsDir, logger })).resolves.toEqual([]);
    expect(messages.warn).toEqual([]);
    await expect(getMigrationStatus(scratch.url, { migrationsDir })).resolves.toEqual({ applied: ALL, pending: [], failed: [] });
  });

  it("warns when an applied migration file was changed", async () => {
    const file = path.join(migrationsDir, INIT, "migration.sql");
    const original = await readFile(file, "utf8");
    await writeFile(file, `${original}\n-- edited after it was applied\n`);
    try {
      const { logger, messages } = recordingLogger();
      await expect(applyMigrations(scratch.url, { migrationsDir, logger })).resolves.toEqual([]);
      expect(messages.warn.join("\n")).toMatch(new RegExp(`${INIT}.*modified after it was applied`));
    } finally {
      await writeFile(file, original);
    }
  });

  it("records a failing migration with its logs, leaves no partial change, and blocks later runs", async () => {
    const broken = "20991231000000_broken";
    await mkdir(path.join(migrationsDir, broken));
    await writeFile(
      path.join(migrationsDir, broken, "migration.sql"),
      `CREATE TABLE "half_done" ("id" INTEGER);\nSELECT * FROM "table_that_does_not_exist";\n`,
    );
    const { logger } = recordingLogger();
    await expect(applyMigrations(scratch.url, { migrationsDir, logger })).rejects.toThrow(/20991231000000_broken.*failed/s);

    const [row] = await query(scratch.url, `SELECT * FROM "_prisma_migrations" WHERE "migration_name" = $1`, [broken]);
    if (!row) throw new Error("no _prisma_migrations row for the failed migration");
    expect(row.finished_at).toBeNull();
    expect(row.rolled_back_at).toBeNull();
    expect(row.applied_steps_count).toBe(0);
    expect(row.logs).toContain("table_that_does_not_exist");
    // One simple query = one implicit transaction: the first statement was undone too.
    const [halfDone] = await query<{ exists: boolean }>(scratch.url, `SELECT to_regclass('"half_done"') IS NOT NULL AS "exists"`);
    expect(halfDone?.exists).toBe(false);

    const status = await getMigrationStatus(scratch.url, { migrationsDir });
    expect(status).toEqual({ applied: ALL, pending: [broken], failed: [broken] });

    // Even after the file is fixed, the recorded failure must be resolved first (Prisma's P3009).
    await writeFile(path.join(migrationsDir, broken, "migration.sql"), `CREATE TABLE "half_done" ("id" INTEGER);\n`);
    const blocked = applyMigrations(scratch.url, { migrationsDir, logger });
    await expect(blocked).rejects.toBeInstanceOf(MigrationError);
    await expect(blocked).rejects.toThrow(/failed migration.*20991231000000_broken.*migrate resolve --rolled-back/s);

    // Resolving it (what `prisma migrate resolve --rolled-back` does) lets the fixed file apply.
    await query(scratch.url, `UPDATE "_prisma_migrations" SET "rolled_back_at" = now() WHERE "migration_name" = $1`, [broken]);
    await expect(applyMigrations(scratch.url, { migrationsDir, logger })).resolves.toEqual([broken]);
    await expect(getMigrationStatus(scratch.url, { migrationsDir })).resolves.toEqual({
      applied: [...ALL, broken],
      pending: [],
      failed: [],
    });
  });
});

// ---------------------------------------------------------------------------
// The hand-written migration must produce exactly what prisma/schema.prisma
// describes (Prisma would generate it; we cannot run its engine here).

interface SchemaField {
  column: string;
  type: string;
  optional: boolean;
}

function parseSchema(text: string) {
  const enums = new Map<string, string[]>();
  for (const [, name = "", body = ""] of text.matchAll(/^enum (\w+) \{([^}]*)\}/gm)) {
    enums.set(name, body.split("\n").map((line) => line.trim()).filter((line) => /^\w+$/.test(line)));
  }
  const modelNames = [...text.matchAll(/^model (\w+) \{/gm)].map((match) => match[1] ?? "");
  const models = new Map<string, { table: string; fields: SchemaField[] }>();
  for (const [, modelName = "", body = ""] of text.matchAll(/^model (\w+) \{([^}]*)\}/gm)) {
    const table = /@@map\("([^"]+)"\)/.exec(body)?.[1] ?? modelName;
    const fields: SchemaField[] = [];
    for (const line of body.split("\n").map((l) => l.trim())) {
      const field = /^(\w+)\s+(\w+)(\[\])?(\?)?(.*)$/.exec(line);
      if (!field || line.startsWith("@@") || line.startsWith("//")) continue;
      const [, name = "", type = "", list, optional, rest = ""] = field;
      if (modelNames.includes(type)) continue; // relation fields have no column
      // Prisma creates scalar lists (String[]) as nullable array columns.
      fields.push({ column: /@map\("([^"]+)"\)/.exec(rest)?.[1] ?? name, type, optional: Boolean(optional) || Boolean(list) });
    }
    models.set(modelName, { table, fields });
  }
  return { enums, models };
}

describe("the migrated database matches prisma/schema.prisma", () => {
  const url = () => testDatabaseUrl();

  it("has every model's table and column, with the schema's nullability", async () => {
    const schema = parseSchema(await readFile(path.join(process.cwd(), "prisma/schema.prisma"), "utf8"));
    expect(schema.models.size).toBeGreaterThanOrEqual(4);
    const columns = await query<{ table_name: string; column_name: string; is_nullable: string; udt_name: string }>(
      url(),
      `SELECT table_name, column_name, is_nullable, udt_name FROM information_schema.columns WHERE table_schema = 'public'`,
    );
    const expected: string[] = [];
    const actual: string[] = [];
    for (const { table, fields } of schema.models.values()) {
      const tableColumns = columns.filter((column) => column.table_name === table);
      expect(tableColumns.length, `table ${table}`).toBeGreaterThan(0);
      for (const field of fields) {
        expected.push(`${table}.${field.column} ${field.optional ? "NULL" : "NOT NULL"}`);
        const column = tableColumns.find((c) => c.column_name === field.column);
        actual.push(column ? `${table}.${field.column} ${column.is_nullable === "YES" ? "NULL" : "NOT NULL"}` : `${table}.${field.column} MISSING`);
        if (column && schema.enums.has(field.type)) expect(column.udt_name).toBe(field.type);
      }
      // No extra columns either.
      expect(tableColumns.map((c) => c.column_name).sort(), `columns of ${table}`).toEqual(fields.map((f) => f.column).sort());
    }
    expect(actual).toEqual(expected);
  });

  it("has the schema's enums with their values in order", async () => {
    const schema = parseSchema(await readFile(path.join(process.cwd(), "prisma/schema.prisma"), "utf8"));
    const rows = await query<{ typname: string; labels: string[] }>(
      url(),
      `SELECT t.typname, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS labels
         FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname`,
    );
    for (const [name, values] of schema.enums) {
      expect(rows.find((row) => row.typname === name)?.labels, `enum ${name}`).toEqual(values);
    }
  });

  it("has Prisma's constraint and index names", async () => {
    const constraints = (await query<{ conname: string }>(url(), `SELECT conname FROM pg_constraint`)).map((r) => r.conname);
    expect(constraints).toEqual(
      expect.arrayContaining([
        "organizations_pkey",
        "users_pkey",
        "sessions_pkey",
        "audit_events_pkey",
        "users_organization_id_fkey",
        "sessions_user_id_fkey",
        "audit_events_organization_id_fkey",
      ]),
    );
    const indexes = (await query<{ indexname: string }>(url(), `SELECT indexname FROM pg_indexes WHERE schemaname = 'public'`)).map(
      (r) => r.indexname,
    );
    expect(indexes).toEqual(
      expect.arrayContaining([
        "users_email_key",
        "users_organization_id_idx",
        "sessions_user_id_idx",
        "audit_events_occurred_at_id_idx",
        "audit_events_actor_user_id_occurred_at_idx",
        "audit_events_organization_id_occurred_at_idx",
        "audit_events_action_occurred_at_idx",
      ]),
    );
  });
});

// Server-side only. No "server-only" import: this module also runs under tsx
// (npm start, npm run db:migrate) and vitest, where that guard throws.
//
// Applies prisma/migrations/<name>/migration.sql the way `prisma migrate deploy`
// does, without Prisma's native schema engine (which cannot be downloaded on
// air-gapped machines; see docs/decisions/0002). It writes Prisma's own
// `_prisma_migrations` table, so `prisma migrate deploy` on an ordinary machine
// reads the database as in sync and the two can be used interchangeably.
import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";

/** Prisma's advisory lock key: migrate deploy and this runner exclude each other. */
export const PRISMA_MIGRATE_ADVISORY_LOCK_KEY = 72707369;

export const DEFAULT_MIGRATIONS_DIR = path.join(process.cwd(), "prisma", "migrations");

// Prisma's DDL, verbatim in substance, so the engine recognises the table.
const CREATE_MIGRATIONS_TABLE_SQL = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

/** The least a caller must offer to read migration state: a pg Client/Pool or an adapter. */
export interface MigrationQueryable {
  query(sql: string): Promise<{ rows: Record<string, unknown>[] }>;
}

export interface MigrationOptions {
  /** Folder holding `<name>/migration.sql`; defaults to prisma/migrations under the working directory. */
  migrationsDir?: string;
  /** Where progress and warnings go; defaults to console. */
  logger?: { info(message: string): void; warn(message: string): void };
}

export interface MigrationStatus {
  applied: string[];
  pending: string[];
  failed: string[];
}

interface LocalMigration {
  name: string;
  sql: string;
  checksum: string;
}

interface MigrationRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  started_at: Date;
}

/** Thrown when the database holds a failed migration (Prisma's P3009) or a migration fails now. */
export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MigrationError";
  }
}

export function checksumOf(sql: string): string {
  return createHash("sha256").update(sql, "utf8").digest("hex");
}

// The migrations folder is the project's own (or a test's copy), never request input.
/* eslint-disable security/detect-non-literal-fs-filename */
async function readLocalMigrations(migrationsDir: string): Promise<LocalMigration[]> {
  const entries = await readdir(migrationsDir, { withFileTypes: true });
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const migrations: LocalMigration[] = [];
  for (const name of names) {
    let sql: string;
    try {
      sql = await readFile(path.join(migrationsDir, name, "migration.sql"), "utf8");
    } catch (error) {
      // Prisma also ignores folders without a migration.sql (e.g. editors' leftovers).
      if ((error as NodeJS.ErrnoException).code === "ENOENT") continue;
      throw error;
    }
    migrations.push({ name, sql, checksum: checksumOf(sql) });
  }
  return migrations;
}
/* eslint-enable security/detect-non-literal-fs-filename */

async function readMigrationRows(db: MigrationQueryable): Promise<MigrationRow[] | null> {
  const exists = await db.query(`SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS "exists"`);
  if (!exists.rows[0]?.exists) return null;
  const result = await db.query(
    `SELECT "migration_name", "checksum", "finished_at", "rolled_back_at", "started_at"
       FROM "_prisma_migrations" ORDER BY "started_at", "migration_name"`,
  );
  return result.rows as unknown as MigrationRow[];
}

function isApplied(row: MigrationRow): boolean {
  return row.finished_at !== null && row.rolled_back_at === null;
}

function isFailed(row: MigrationRow): boolean {
  return row.finished_at === null && row.rolled_back_at === null;
}

function failedMigrationMessage(row: MigrationRow): string {
  const startedAt = new Date(row.started_at).toISOString();
  return (
    `Migrations stopped: the database holds a failed migration (like Prisma's P3009). ` +
    `The \`${row.migration_name}\` migration started at ${startedAt} failed; see its "logs" column in "_prisma_migrations". ` +
    `Fix the database by hand, then mark it with \`prisma migrate resolve --rolled-back ${row.migration_name}\` ` +
    `(or set "rolled_back_at" = now() on that row) and run the migrations again. https://pris.ly/d/migrate-resolve`
  );
}

/** Reads which migrations are applied, pending and failed. Used by the health check. */
export async function getMigrationStatus(
  database: string | MigrationQueryable,
  options: Pick<MigrationOptions, "migrationsDir"> = {},
): Promise<MigrationStatus> {
  const migrationsDir = options.migrationsDir ?? DEFAULT_MIGRATIONS_DIR;
  const local = await readLocalMigrations(migrationsDir);
  const client = typeof database === "string" ? new pg.Client({ connectionString: database }) : null;
  if (client) await client.connect();
  try {
    const rows = (await readMigrationRows(client ?? (database as MigrationQueryable))) ?? [];
    const applied = new Set(rows.filter(isApplied).map((row) => row.migration_name));
    const failed = [...new Set(rows.filter(isFailed).map((row) => row.migration_name))];
    return {
      applied: [...applied].sort(),
      pending: local.map((migration) => migration.name).filter((name) => !applied.has(name)),
      failed: failed.sort(),
    };
  } finally {
    if (client) await client.end();
  }
}

function describeDatabaseError(error: unknown): string {
  const pgError = error as { code?: string; message?: string; position?: string };
  const lines = [];
  if (pgError.code) lines.push(`Database error code: ${pgError.code}`);
  lines.push(`Database error:\n${pgError.message ?? String(error)}`);
  if (pgError.position) lines.push(`Position: ${pgError.position}`);
  return lines.join("\n\n");
}

/**
 * Applies every pending migration in name order; returns the names applied.
 * Each file is sent as ONE simple-protocol query, which PostgreSQL runs as one
 * implicit transaction: a failing migration leaves no partial schema behind,
 * and its row stays unfinished with the error in `logs`, blocking later runs
 * until someone resolves it (as Prisma does).
 */
export async function applyMigrations(connectionString: string, options: MigrationOptions = {}): Promise<string[]> {
  const migrationsDir = options.migrationsDir ?? DEFAULT_MIGRATIONS_DIR;
  const logger = options.logger ?? { info: (m: string) => console.log(m), warn: (m: string) => console.warn(m) };
  const local = await readLocalMigrations(migrationsDir);

  const client = new pg.Client({ connectionString });
  await client.connect();
  const appliedNow: string[] = [];
  try {
    await client.query(`SELECT pg_advisory_lock(${PRISMA_MIGRATE_ADVISORY_LOCK_KEY})`);
    try {
      await client.query(CREATE_MIGRATIONS_TABLE_SQL);
      const rows = (await readMigrationRows(client)) ?? [];

      const failed = rows.find(isFailed);
      if (failed) throw new MigrationError(failedMigrationMessage(failed));

      const appliedRows = new Map(rows.filter(isApplied).map((row) => [row.migration_name, row]));
      const localNames = new Set(local.map((migration) => migration.name));
      for (const [name, row] of appliedRows) {
        if (!localNames.has(name)) {
          logger.warn(`Migration \`${name}\` is applied in the database but missing from ${migrationsDir}.`);
          continue;
        }
        const file = local.find((migration) => migration.name === name);
        if (file && file.checksum !== row.checksum) {
          logger.warn(
            `Migration \`${name}\` was modified after it was applied (checksum differs). ` +
              `Never edit an applied migration: add a new one instead.`,
          );
        }
      }

      for (const migration of local) {
        if (appliedRows.has(migration.name)) continue;
        const id = randomUUID();
        await client.query({
          text: `INSERT INTO "_prisma_migrations" ("id", "checksum", "migration_name", "started_at", "applied_steps_count")
                 VALUES ($1, $2, $3, now(), 0)`,
          values: [id, migration.checksum, migration.name],
        });
        try {
          // No parameters: pg uses the simple query protocol, so the whole
          // file runs as one implicit transaction and `$$` bodies survive.
          await client.query(migration.sql);
        } catch (error) {
          const logs = describeDatabaseError(error);
          await client.query({ text: `UPDATE "_prisma_migrations" SET "logs" = $1 WHERE "id" = $2`, values: [logs, id] });
          throw new MigrationError(`Migration \`${migration.name}\` failed and was rolled back by the database.\n${logs}`);
        }
        await client.query({
          text: `UPDATE "_prisma_migrations" SET "finished_at" = now(), "applied_steps_count" = 1 WHERE "id" = $1`,
          values: [id],
        });
        appliedNow.push(migration.name);
        logger.info(`Applied migration ${migration.name}`);
      }
    } finally {
      await client.query(`SELECT pg_advisory_unlock(${PRISMA_MIGRATE_ADVISORY_LOCK_KEY})`).catch(() => undefined);
    }
  } finally {
    await client.end();
  }
  return appliedNow;
}

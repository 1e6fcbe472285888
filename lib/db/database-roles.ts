// Server-side only. No "server-only" import: scripts/start.ts, server/main.ts
// (before Next loads), scripts and vitest use it.
//
// Least-privileged database roles (issue 9; README "Database roles"). The
// OWNER role runs migrations; the running portal connects as a login role
// that is a member of the group role firefeed_app (created and granted by
// prisma/migrations/20261202200000_database_roles), owns nothing, is not a
// superuser and so cannot alter or disable the audit log's triggers.
//
// This module (1) inspects what a connection may do, so the web server can
// refuse to serve with too much power, and (2) in development only, gives the
// README's one-URL PostgreSQL setup (`DATABASE_URL=<superuser URL> npm start`)
// a least-privileged login role for the web server, so the documented mode is
// the split one too.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { APP_DATABASE_ROLE } from "./prisma-factory";

export interface ConnectionPrivileges {
  /** The role the session logged in as. */
  sessionUser: string;
  /** The role in effect now (after SET ROLE firefeed_app). */
  currentUser: string;
  /** The LOGIN role is a superuser (it could RESET ROLE and do anything). */
  sessionIsSuperuser: boolean;
  /** The login role may create roles or databases. */
  sessionCanCreateRoles: boolean;
  /** The login role (or a role it belongs to) owns a table, view, sequence or function of the portal's schema. */
  sessionOwnsObjects: boolean;
  /** The login role could UPDATE, DELETE or TRUNCATE audit_events directly. */
  sessionCanRewriteAudit: boolean;
  /** The server is the embedded PGlite (one superuser session; roles are advisory there). */
  embedded: boolean;
}

interface Queryable {
  query(sql: string): Promise<{ rows: Record<string, unknown>[] }>;
}

/** What the connection's LOGIN role may do (not the role it switched to): that is what a stolen password gets. */
export async function inspectConnectionPrivileges(db: Queryable): Promise<ConnectionPrivileges> {
  const result = await db.query(`
    SELECT session_user::text AS session_user,
           current_user::text AS current_user,
           r.rolsuper AS is_superuser,
           (r.rolcreaterole OR r.rolcreatedb) AS can_create_roles,
           EXISTS (
             SELECT 1 FROM pg_catalog.pg_class c
             JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = 'public' AND pg_catalog.pg_has_role(session_user, c.relowner, 'USAGE')
           ) OR EXISTS (
             SELECT 1 FROM pg_catalog.pg_proc p
             JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
             WHERE n.nspname = 'public' AND pg_catalog.pg_has_role(session_user, p.proowner, 'USAGE')
           ) AS owns_objects,
           CASE WHEN to_regclass('public.audit_events') IS NULL THEN false
                ELSE pg_catalog.has_table_privilege(session_user, 'public.audit_events', 'UPDATE, DELETE, TRUNCATE')
           END AS can_rewrite_audit,
           position('PGlite' in version()) > 0 AS embedded
    FROM pg_catalog.pg_roles r
    WHERE r.rolname = session_user`);
  const row = result.rows[0] ?? {};
  return {
    sessionUser: String(row.session_user),
    currentUser: String(row.current_user),
    sessionIsSuperuser: row.is_superuser === true,
    sessionCanCreateRoles: row.can_create_roles === true,
    sessionOwnsObjects: row.owns_objects === true,
    sessionCanRewriteAudit: row.can_rewrite_audit === true,
    embedded: row.embedded === true,
  };
}

/**
 * Why this connection is not fit for the running portal (fixed texts, no
 * secrets), or [] when it is. The embedded database has a single superuser
 * session by design: there only the switch to firefeed_app is required.
 */
export function leastPrivilegeProblems(privileges: ConnectionPrivileges): string[] {
  if (privileges.embedded) {
    return privileges.currentUser === APP_DATABASE_ROLE ? [] : [`the embedded database session did not switch to ${APP_DATABASE_ROLE}`];
  }
  const problems: string[] = [];
  const who = `the database role "${privileges.sessionUser}" in DATABASE_URL`;
  if (privileges.sessionIsSuperuser) problems.push(`${who} is a superuser`);
  if (privileges.sessionCanCreateRoles) problems.push(`${who} can create roles or databases`);
  if (privileges.sessionOwnsObjects) problems.push(`${who} owns the portal's tables (it is the owner role: use it for migrations only)`);
  if (privileges.sessionCanRewriteAudit) problems.push(`${who} may update or delete audit_events directly`);
  if (privileges.currentUser !== APP_DATABASE_ROLE) problems.push(`${who} could not switch to ${APP_DATABASE_ROLE} (is it a member of it?)`);
  return problems;
}

export const LEAST_PRIVILEGE_ADVICE =
  "The running portal must connect as a role that owns nothing and is only a member of firefeed_app; " +
  "migrations run with DATABASE_MIGRATION_URL as the owner role. See README, \"Database roles\".";

/** A PostgreSQL identifier made only of [a-z0-9_]: safe to write into DDL unquoted. */
const SAFE_ROLE_NAME = /^[a-z][a-z0-9_]{0,62}$/;

/**
 * Development only (scripts/start.ts): when DATABASE_URL logs in as a role
 * that could do anything, the migrations run with it, and the web server gets
 * its own login role instead: `roleName`, a member of firefeed_app only, with
 * the given password (kept in the development key folder). Idempotent.
 * Returns DATABASE_URL for the web server.
 */
export async function provisionDevelopmentPortalRole(adminUrl: string, roleName: string, password: string): Promise<string> {
  if (!SAFE_ROLE_NAME.test(roleName)) throw new Error("provisionDevelopmentPortalRole: unsafe role name.");
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const literal = (await client.query<{ quoted: string }>("SELECT quote_literal($1) AS quoted", [password])).rows[0]?.quoted;
    if (!literal) throw new Error("could not quote the password");
    await client.query(`DO $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = '${roleName}') THEN
          CREATE ROLE ${roleName} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE INHERIT NOBYPASSRLS;
        END IF;
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
      END $$`);
    await client.query(`ALTER ROLE ${roleName} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE INHERIT NOBYPASSRLS PASSWORD ${literal}`);
    await client.query(`GRANT ${APP_DATABASE_ROLE} TO ${roleName}`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.username = roleName;
  url.password = password;
  return url.toString();
}

/** A random password for a development login role (base64url: no quoting issues in URLs). */
export function randomDatabasePassword(): string {
  return randomBytes(24).toString("base64url");
}

/** Whether a PostgreSQL database already holds portal data (users), for the key-file decision. */
export async function postgresHoldsPortalData(connectionString: string): Promise<boolean> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const exists = await client.query<{ present: boolean }>(`SELECT to_regclass('public.users') IS NOT NULL AS present`);
    if (!exists.rows[0]?.present) return false;
    const rows = await client.query<{ any: boolean }>(`SELECT EXISTS (SELECT 1 FROM public.users) AS any`);
    return rows.rows[0]?.any === true;
  } finally {
    await client.end();
  }
}

/** Inspects the connection a URL opens, switched to firefeed_app as the portal's own connections are. */
export async function inspectPortalConnection(connectionString: string): Promise<ConnectionPrivileges> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    // A login role that is not a member of firefeed_app cannot switch: reported below, not thrown.
    await client
      .query(`SELECT pg_catalog.set_config('role', '${APP_DATABASE_ROLE}', false)
      WHERE EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = '${APP_DATABASE_ROLE}')`)
      .catch(() => undefined);
    return await inspectConnectionPrivileges(client);
  } finally {
    await client.end();
  }
}

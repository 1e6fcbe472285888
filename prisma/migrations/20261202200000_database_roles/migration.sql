-- Least-privileged database roles (issue 9, finding 3; README "Database roles").
--
-- Two kinds of connection from now on:
--  * the OWNER role runs migrations (npm run db:migrate, DATABASE_MIGRATION_URL):
--    it owns every table, function and trigger, so it alone can alter them;
--  * the running portal connects as a login role that is a member of the group
--    role "firefeed_app" (DATABASE_URL). It owns nothing, is not a superuser,
--    cannot alter or disable triggers, and holds only the grants below. Its
--    connections also SET ROLE firefeed_app on connect (lib/db/prisma-factory.ts),
--    so it uses exactly these grants even if its login role was given more.
--
-- Roles are cluster-wide: an administrator may create "firefeed_app" first
-- (then the owner needs no CREATEROLE); otherwise this migration creates it.
-- Written by hand: Prisma cannot express roles, grants or functions.

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'firefeed_app') THEN
        CREATE ROLE "firefeed_app" NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOBYPASSRLS;
    END IF;
EXCEPTION
    -- Two databases of one cluster migrating at the same moment (parallel test runs).
    WHEN duplicate_object OR unique_violation THEN NULL;
END;
$$;

-- Nobody but the owner creates objects in the schema (PostgreSQL 15 already
-- revokes CREATE from PUBLIC; older servers do not). Only the schema's owner
-- may change this: elsewhere say so and go on, the README's setup does it.
DO $$
BEGIN
    REVOKE CREATE ON SCHEMA public FROM PUBLIC;
EXCEPTION
    WHEN insufficient_privilege THEN
        RAISE NOTICE 'could not revoke CREATE on schema public from PUBLIC (not its owner): do it as the schema owner';
END;
$$;

GRANT USAGE ON SCHEMA public TO "firefeed_app";

-- Every table the portal reads and writes ...
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "firefeed_app";
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO "firefeed_app";
-- ... and every table later migrations create (run by the same owner role).
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "firefeed_app";
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO "firefeed_app";

-- ... except what is the owner's alone:
-- migration history: readable (the health check reports pending migrations), never writable.
REVOKE ALL ON "_prisma_migrations" FROM "firefeed_app";
GRANT SELECT ON "_prisma_migrations" TO "firefeed_app";
-- the audit log: append and read only. Deleting the old prefix goes through
-- firefeed_delete_audit_prefix() below, and the trigger still refuses rows
-- younger than 365 days (L5).
REVOKE UPDATE, DELETE, TRUNCATE ON "audit_events" FROM "firefeed_app";
-- retention anchors: written only by that function, never by the portal.
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON "audit_chain_anchors" FROM "firefeed_app";

-- The one way the portal deletes audit rows: the security-record retention
-- job (lib/audit/security-retention.ts) deletes the chain's oldest prefix, up
-- to and including row p_last_id, which must still carry p_last_hash, and
-- records the anchor the verifier starts from. SECURITY DEFINER: it runs with
-- the owner's rights, with a fixed search_path so no caller's object is used.
CREATE FUNCTION "firefeed_delete_audit_prefix"(p_last_id BIGINT, p_last_hash TEXT, p_expected_rows INTEGER, p_cutoff TIMESTAMPTZ)
RETURNS INTEGER
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
DECLARE
    v_hash TEXT;
    v_deleted INTEGER;
BEGIN
    SELECT "hash" INTO v_hash FROM public."audit_events" WHERE "id" = p_last_id;
    IF v_hash IS NULL OR v_hash <> p_last_hash THEN
        RAISE EXCEPTION 'audit retention: row % is missing or changed since it was read', p_last_id
            USING ERRCODE = 'data_exception';
    END IF;
    -- The trigger lets a DELETE through only for this transaction's declared
    -- retention job, and only for rows older than 365 days.
    PERFORM set_config('firefeed.audit_retention', 'on', true);
    DELETE FROM public."audit_events" WHERE "id" <= p_last_id;
    GET DIAGNOSTICS v_deleted = ROW_COUNT;
    PERFORM set_config('firefeed.audit_retention', 'off', true);
    IF v_deleted <> p_expected_rows THEN
        RAISE EXCEPTION 'audit retention: expected to delete % row(s), deleted %', p_expected_rows, v_deleted
            USING ERRCODE = 'data_exception';
    END IF;
    INSERT INTO public."audit_chain_anchors" ("id", "last_deleted_id", "last_deleted_hash", "rows_deleted", "cutoff", "created_at")
    VALUES (gen_random_uuid(), p_last_id, p_last_hash, v_deleted, p_cutoff, CURRENT_TIMESTAMP);
    RETURN v_deleted;
END;
$$;

REVOKE ALL ON FUNCTION "firefeed_delete_audit_prefix"(BIGINT, TEXT, INTEGER, TIMESTAMPTZ) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION "firefeed_delete_audit_prefix"(BIGINT, TEXT, INTEGER, TIMESTAMPTZ) TO "firefeed_app";

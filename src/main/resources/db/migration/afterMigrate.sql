-- Runs after every migration, as the schema owner. Gives the application's role (placeholder app_role) what it
-- needs on every table, then takes UPDATE, DELETE and TRUNCATE away again on append-only tables.
-- When app_role is empty or is the owner itself (a single-role deployment), only the triggers protect the audit trail.
DO $$
DECLARE
    app text := '${app_role}';
BEGIN
    IF app = '' OR app = current_user OR NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = app) THEN
        RETURN;
    END IF;
    EXECUTE format('GRANT USAGE ON SCHEMA public TO %I', app);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO %I', app);
    EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO %I', app);
    EXECUTE format('REVOKE ALL ON flyway_schema_history FROM %I', app);
    EXECUTE format('GRANT SELECT ON flyway_schema_history TO %I', app);
    IF to_regclass('audit_event') IS NOT NULL THEN
        EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON audit_event FROM %I', app);
    END IF;
END
$$;

-- The role the pipelines log in as: it reads the legacy tables, may stream their changes (REPLICATION),
-- sees other sessions (pg_monitor: the JDBC source's in-flight guard) and owns the tables, which PostgreSQL
-- requires of whoever creates the CDC publication for them. A development password, never a production one.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tributary') THEN
        CREATE ROLE tributary LOGIN REPLICATION PASSWORD 'tributary-dev';
    END IF;
    EXECUTE format('GRANT CREATE ON DATABASE %I TO tributary', current_database());
END
$$;
GRANT pg_monitor TO tributary;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO tributary;
ALTER TABLE customers OWNER TO tributary;
ALTER TABLE orders OWNER TO tributary;
ALTER TABLE commodity_prices OWNER TO tributary;

-- Installed extensions.
SELECT e.extname::text AS name, e.extversion AS version, n.nspname::text AS schema_name
FROM pg_extension AS e
JOIN pg_namespace AS n ON n.oid = e.extnamespace
ORDER BY 1

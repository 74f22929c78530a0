-- The user relations of the scratch database: name, kind and data file, so that a lock can be
-- named even after its relation was dropped, and a changed relfilenode shows a rewrite.
SELECT c.oid::bigint AS oid,
       n.nspname || '.' || c.relname AS name,
       c.relkind::text AS kind,
       c.relfilenode::bigint AS relfilenode
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg_toast%'
  AND n.nspname NOT LIKE 'pg_temp%'

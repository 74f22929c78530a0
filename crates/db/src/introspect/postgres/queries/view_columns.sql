-- Columns of the views and materialized views in $1's schemas, in ordinal order, for the types
-- `plumb types` writes (the schema model keeps a view's query, not its columns). PostgreSQL
-- cannot tell whether a view's column may be NULL: attnotnull is false for every one of them.
SELECT n.nspname::text AS schema_name, c.relname::text AS view_name, a.attname::text AS name,
       format_type(a.atttypid, a.atttypmod) AS data_type, t.typname::text AS type_name,
       NOT a.attnotnull AS nullable
FROM pg_attribute AS a
JOIN pg_class AS c ON c.oid = a.attrelid
JOIN pg_namespace AS n ON n.oid = c.relnamespace
JOIN pg_type AS t ON t.oid = a.atttypid
WHERE c.relkind IN ('v', 'm') AND a.attnum > 0 AND NOT a.attisdropped AND n.nspname = ANY ($1)
ORDER BY n.nspname, c.relname, a.attnum

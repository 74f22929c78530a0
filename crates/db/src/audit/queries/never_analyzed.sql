-- Tables never analyzed, by hand or by autovacuum. $1: the schemas read.
SELECT schemaname::text AS schema_name, relname::text AS table_name
FROM pg_stat_user_tables
WHERE last_analyze IS NULL AND last_autoanalyze IS NULL AND schemaname = ANY ($1)
ORDER BY 1, 2

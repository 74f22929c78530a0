-- Indexes left INVALID (a failed CREATE INDEX CONCURRENTLY). $1: the schemas read.
SELECT n.nspname::text AS schema_name, t.relname::text AS table_name, i.relname::text AS index_name
FROM pg_index AS x
JOIN pg_class AS i ON i.oid = x.indexrelid
JOIN pg_class AS t ON t.oid = x.indrelid
JOIN pg_namespace AS n ON n.oid = t.relnamespace
WHERE NOT x.indisvalid AND n.nspname = ANY ($1)
ORDER BY 1, 2, 3

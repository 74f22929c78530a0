-- Valid indexes never scanned since statistics were reset that enforce nothing (no primary key,
-- unique or exclusion constraint, not unique), with their size. $1: the schemas read.
SELECT s.schemaname::text AS schema_name, s.relname::text AS table_name, s.indexrelname::text AS index_name,
       pg_relation_size(s.indexrelid) AS bytes
FROM pg_stat_user_indexes AS s
JOIN pg_index AS x ON x.indexrelid = s.indexrelid
WHERE s.idx_scan = 0 AND NOT x.indisunique AND NOT x.indisprimary AND x.indisvalid
  AND s.schemaname = ANY ($1)
  AND NOT EXISTS (SELECT 1 FROM pg_constraint AS c WHERE c.conindid = s.indexrelid)
ORDER BY 1, 2, 3

-- Indexes (and so unique constraints) declared NULLS NOT DISTINCT. The column exists from
-- PostgreSQL 15 on; older servers are not asked (https://www.postgresql.org/docs/15/catalog-pg-index.html).
SELECT i.indexrelid::int8 AS oid
FROM pg_index AS i
WHERE i.indnullsnotdistinct

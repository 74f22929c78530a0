-- Tables, partitioned tables, views, materialized views and foreign tables of the schemas in $1,
-- with partitioning, row-level security, comments, view queries and size figures.
-- reltuples is -1 (PostgreSQL 14+) or 0 before the first ANALYZE; n_live_tup then stands in.
-- Sizes are estimated from the page counts VACUUM and ANALYZE keep (table, TOAST and indexes):
-- pg_total_relation_size would stat every file, which costs more than the rest of the query.
SELECT n.nspname::text AS schema_name, c.relname::text AS name, c.relkind::text AS kind,
       c.relpersistence = 'u' AS unlogged,
       CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END AS partition_key,
       pn.nspname::text AS parent_schema, pc.relname::text AS parent_name,
       CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END AS partition_bound,
       c.relrowsecurity AS row_level_security, c.relforcerowsecurity AS force_row_level_security,
       ds.description AS comment,
       CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid) END AS view_definition,
       c.reltuples::float8 AS reltuples, s.n_live_tup AS live_tuples,
       CASE WHEN c.relkind IN ('r', 'm') THEN
         (c.relpages::int8 + COALESCE(tc.relpages, 0) + COALESCE(ip.pages, 0))::int8 * current_setting('block_size')::int8
       END AS total_bytes
FROM pg_class AS c
JOIN pg_namespace AS n ON n.oid = c.relnamespace
LEFT JOIN pg_inherits AS i ON i.inhrelid = c.oid AND c.relispartition
LEFT JOIN pg_class AS pc ON pc.oid = i.inhparent
LEFT JOIN pg_namespace AS pn ON pn.oid = pc.relnamespace
LEFT JOIN pg_stat_user_tables AS s ON s.relid = c.oid
LEFT JOIN pg_class AS tc ON tc.oid = c.reltoastrelid
LEFT JOIN (SELECT ix.indrelid, sum(x.relpages) AS pages
           FROM pg_index AS ix JOIN pg_class AS x ON x.oid = ix.indexrelid
           GROUP BY ix.indrelid) AS ip ON ip.indrelid = c.oid
LEFT JOIN pg_description AS ds ON ds.objoid = c.oid AND ds.classoid = 'pg_class'::regclass AND ds.objsubid = 0
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND n.nspname = ANY ($1)
  AND NOT EXISTS (SELECT 1 FROM pg_depend AS d
                  WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
ORDER BY c.oid

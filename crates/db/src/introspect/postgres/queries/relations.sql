-- Tables, partitioned tables, views, materialized views and foreign tables of the schemas in $1,
-- with partitioning, inheritance, rules, row-level security, comments, view queries and size figures.
-- reltuples is -1 (PostgreSQL 14+) or 0 before the first ANALYZE; the live tuples counted by the
-- statistics then stand in (asked of the function pg_stat_user_tables calls: joining the view
-- computes every statistic of every table, a tenth of this query's time).
-- Sizes are estimated from the page counts VACUUM and ANALYZE keep (table, TOAST and indexes):
-- pg_total_relation_size would stat every file, which costs more than the rest of the query.
SELECT n.nspname::text AS schema_name, c.relname::text AS name, c.relkind::text AS kind,
       c.relpersistence = 'u' AS unlogged,
       CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END AS partition_key,
       pn.nspname::text AS parent_schema, pc.relname::text AS parent_name,
       CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END AS partition_bound,
       -- Plain inheritance (a partition's parent is above), in INHERITS order; rewrite rules
       -- other than a view's own (_RETURN), by name.
       ARRAY(SELECT pn2.nspname::text FROM pg_inherits AS i2 JOIN pg_class AS pc2 ON pc2.oid = i2.inhparent
             JOIN pg_namespace AS pn2 ON pn2.oid = pc2.relnamespace
             WHERE i2.inhrelid = c.oid AND NOT c.relispartition ORDER BY i2.inhseqno) AS inherits_schemas,
       ARRAY(SELECT pc2.relname::text FROM pg_inherits AS i2 JOIN pg_class AS pc2 ON pc2.oid = i2.inhparent
             WHERE i2.inhrelid = c.oid AND NOT c.relispartition ORDER BY i2.inhseqno) AS inherits_names,
       ARRAY(SELECT r.rulename::text FROM pg_rewrite AS r
             WHERE r.ev_class = c.oid AND r.rulename <> '_RETURN' ORDER BY r.rulename) AS rule_names,
       ARRAY(SELECT pg_get_ruledef(r.oid) FROM pg_rewrite AS r
             WHERE r.ev_class = c.oid AND r.rulename <> '_RETURN' ORDER BY r.rulename) AS rule_definitions,
       c.relrowsecurity AS row_level_security, c.relforcerowsecurity AS force_row_level_security,
       ds.description AS comment,
       CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid) END AS view_definition,
       c.reltuples::float8 AS reltuples,
       CASE WHEN c.relkind IN ('r', 'm', 'p') THEN pg_stat_get_live_tuples(c.oid) END AS live_tuples,
       CASE WHEN c.relkind IN ('r', 'm') THEN
         (c.relpages::int8 + COALESCE(tc.relpages, 0) + COALESCE(ip.pages, 0))::int8 * current_setting('block_size')::int8
       END AS total_bytes
FROM pg_class AS c
JOIN pg_namespace AS n ON n.oid = c.relnamespace
LEFT JOIN pg_inherits AS i ON i.inhrelid = c.oid AND c.relispartition
LEFT JOIN pg_class AS pc ON pc.oid = i.inhparent
LEFT JOIN pg_namespace AS pn ON pn.oid = pc.relnamespace
LEFT JOIN pg_class AS tc ON tc.oid = c.reltoastrelid
LEFT JOIN (SELECT ix.indrelid, sum(x.relpages) AS pages
           FROM pg_index AS ix JOIN pg_class AS x ON x.oid = ix.indexrelid
           GROUP BY ix.indrelid) AS ip ON ip.indrelid = c.oid
LEFT JOIN pg_description AS ds ON ds.objoid = c.oid AND ds.classoid = 'pg_class'::regclass AND ds.objsubid = 0
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND n.nspname = ANY ($1)
  AND NOT EXISTS (SELECT 1 FROM pg_depend AS d
                  WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
ORDER BY c.oid

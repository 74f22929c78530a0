-- Primary key, unique, foreign key, check and exclusion constraints of tables, and check
-- constraints of domains, in the schemas in $1. Column lists keep key order. nulls_not_distinct is
-- read through to_jsonb because the column exists only on PostgreSQL 15+.
SELECT n.nspname::text AS schema_name, COALESCE(c.relname, t.typname)::text AS owner_name,
       con.contypid <> 0 AS on_domain, con.conname::text AS name, con.contype::text AS kind,
       ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
             JOIN pg_attribute AS a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord) AS columns,
       fn.nspname::text AS referenced_schema, fc.relname::text AS referenced_table,
       ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)
             JOIN pg_attribute AS a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.ord) AS referenced_columns,
       con.confupdtype::text AS on_update, con.confdeltype::text AS on_delete, con.confmatchtype::text AS match_type,
       con.condeferrable AS deferrable, con.condeferred AS deferred, con.convalidated AS validated,
       CASE WHEN con.contype = 'c' THEN pg_get_expr(con.conbin, con.conrelid) END AS check_expression,
       pg_get_constraintdef(con.oid) AS definition,
       COALESCE((to_jsonb(ix) ->> 'indnullsnotdistinct')::boolean, false) AS nulls_not_distinct,
       obj_description(con.oid, 'pg_constraint') AS comment
FROM pg_constraint AS con
JOIN pg_namespace AS n ON n.oid = con.connamespace
LEFT JOIN pg_class AS c ON c.oid = con.conrelid
LEFT JOIN pg_type AS t ON t.oid = con.contypid
LEFT JOIN pg_class AS fc ON fc.oid = con.confrelid
LEFT JOIN pg_namespace AS fn ON fn.oid = fc.relnamespace
LEFT JOIN pg_index AS ix ON ix.indexrelid = con.conindid AND con.contype = 'u'
WHERE con.contype IN ('p', 'u', 'f', 'c', 'x') AND n.nspname = ANY ($1)
  AND (c.relkind IN ('r', 'p') OR con.contypid <> 0)
  -- Constraints a partition inherits from its partitioned table are implied by the parent's.
  AND con.conparentid = 0
ORDER BY 1, 2, 4

-- Primary key, unique, foreign key, check and exclusion constraints of tables, and check
-- constraints of domains, in the schemas in $1. Key columns come as attribute numbers in key order
-- (named from the columns query); referenced columns are named here, as the referenced table may
-- be outside $1. index_oid (the backing index) tells NULLS NOT DISTINCT through
-- nulls_not_distinct.sql. The deparser runs only where its text is kept (exclusion constraints).
SELECT n.nspname::text AS schema_name, COALESCE(c.relname, t.typname)::text AS owner_name,
       con.contypid <> 0 AS on_domain, con.conname::text AS name, con.contype::text AS kind,
       COALESCE(con.conkey, '{}') AS attnums,
       fn.nspname::text AS referenced_schema, fc.relname::text AS referenced_table,
       CASE WHEN con.contype = 'f' THEN
         ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)
               JOIN pg_attribute AS a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.ord)
       END AS referenced_columns,
       con.confupdtype::text AS on_update, con.confdeltype::text AS on_delete, con.confmatchtype::text AS match_type,
       con.condeferrable AS deferrable, con.condeferred AS deferred, con.convalidated AS validated,
       CASE WHEN con.contype = 'c' THEN pg_get_expr(con.conbin, con.conrelid) END AS check_expression,
       CASE WHEN con.contype = 'x' THEN pg_get_constraintdef(con.oid) END AS definition,
       con.conindid::int8 AS index_oid,
       ds.description AS comment
FROM pg_constraint AS con
JOIN pg_namespace AS n ON n.oid = con.connamespace
LEFT JOIN pg_class AS c ON c.oid = con.conrelid
LEFT JOIN pg_type AS t ON t.oid = con.contypid
LEFT JOIN pg_class AS fc ON fc.oid = con.confrelid
LEFT JOIN pg_namespace AS fn ON fn.oid = fc.relnamespace
LEFT JOIN pg_description AS ds ON ds.objoid = con.oid AND ds.classoid = 'pg_constraint'::regclass AND ds.objsubid = 0
WHERE con.contype IN ('p', 'u', 'f', 'c', 'x') AND n.nspname = ANY ($1)
  AND (c.relkind IN ('r', 'p') OR con.contypid <> 0)
  -- Constraints a partition inherits from its partitioned table are implied by the parent's.
  AND con.conparentid = 0
ORDER BY con.oid

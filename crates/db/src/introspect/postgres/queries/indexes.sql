-- Indexes of tables and materialized views in $1's schemas, except those backing a primary key,
-- unique or exclusion constraint. part_texts holds every column's text (pg_get_indexdef per column),
-- key parts first, then INCLUDE columns; options, opclasses and collations cover key parts only.
-- indoption bits: 1 DESC, 2 NULLS FIRST.
SELECT n.nspname::text AS schema_name, c.relname::text AS table_name, ic.relname::text AS name,
       i.indisunique AS is_unique, am.amname::text AS method,
       pg_get_expr(i.indpred, i.indrelid) AS predicate,
       i.indnkeyatts::int4 AS key_count,
       -- int2vector casts start at index 0; the driver reads arrays that start at 1.
       ARRAY(SELECT unnest(i.indkey::int2[])) AS attnums,
       ARRAY(SELECT pg_get_indexdef(i.indexrelid, k, true) FROM generate_series(1, i.indnatts::int4) AS k ORDER BY k) AS part_texts,
       ARRAY(SELECT unnest(i.indoption::int2[])) AS options,
       ARRAY(SELECT CASE WHEN oc.opcdefault THEN '' ELSE oc.opcname::text END
             FROM unnest(i.indclass::oid[]) WITH ORDINALITY AS x(oid, ord)
             JOIN pg_opclass AS oc ON oc.oid = x.oid ORDER BY x.ord) AS opclasses,
       ARRAY(SELECT CASE WHEN x.oid IN (0, 100) OR x.oid = a.attcollation THEN '' ELSE co.collname::text END
             FROM unnest(i.indcollation::oid[], i.indkey::int2[]) WITH ORDINALITY AS x(oid, attnum, ord)
             LEFT JOIN pg_collation AS co ON co.oid = x.oid
             LEFT JOIN pg_attribute AS a ON a.attrelid = i.indrelid AND a.attnum = x.attnum
             WHERE x.ord <= i.indnkeyatts ORDER BY x.ord) AS collations,
       COALESCE((to_jsonb(i) ->> 'indnullsnotdistinct')::boolean, false) AS nulls_not_distinct,
       obj_description(i.indexrelid, 'pg_class') AS comment
FROM pg_index AS i
JOIN pg_class AS ic ON ic.oid = i.indexrelid
JOIN pg_class AS c ON c.oid = i.indrelid
JOIN pg_namespace AS n ON n.oid = c.relnamespace
JOIN pg_am AS am ON am.oid = ic.relam
WHERE c.relkind IN ('r', 'p', 'm') AND n.nspname = ANY ($1)
  -- A partition's copy of a partitioned index is implied by the parent's index.
  AND NOT EXISTS (SELECT 1 FROM pg_inherits AS ih WHERE ih.inhrelid = i.indexrelid)
  AND NOT EXISTS (SELECT 1 FROM pg_constraint AS con
                  WHERE con.conindid = i.indexrelid AND con.contype IN ('p', 'u', 'x'))
  AND NOT EXISTS (SELECT 1 FROM pg_depend AS d
                  WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
ORDER BY 1, 2, 3

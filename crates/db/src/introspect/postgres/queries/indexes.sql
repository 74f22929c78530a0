-- Indexes of tables and materialized views in $1's schemas, except those backing a primary key,
-- unique or exclusion constraint. attnums lists key parts, then INCLUDE columns (named from the
-- columns query); an attnum of 0 is an expression, whose text is in expressions at the same place
-- (the deparser runs for those only). options, opclasses and collations cover key parts only.
-- indoption bits: 1 DESC, 2 NULLS FIRST. Operator classes come as OIDs, named by opclasses.sql:
-- looking them up here scans pg_opclass once per key part.
SELECT n.nspname::text AS schema_name, c.relname::text AS table_name, ic.relname::text AS name,
       i.indisunique AS is_unique, am.amname::text AS method,
       pg_get_expr(i.indpred, i.indrelid) AS predicate,
       i.indnkeyatts::int4 AS key_count,
       -- int2vector casts start at index 0; the driver reads arrays that start at 1.
       ARRAY(SELECT unnest(i.indkey::int2[])) AS attnums,
       ARRAY(SELECT CASE WHEN k.attnum = 0 THEN pg_get_indexdef(i.indexrelid, k.ord::int4, true) ELSE '' END
             FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord) ORDER BY k.ord) AS expressions,
       ARRAY(SELECT unnest(i.indoption::int2[])) AS options,
       ARRAY(SELECT unnest(i.indclass::oid[])::int8) AS opclass_oids,
       ARRAY(SELECT CASE WHEN x.oid IN (0, 100)
                              OR x.oid = (SELECT a.attcollation FROM pg_attribute AS a
                                          WHERE a.attrelid = i.indrelid AND a.attnum = x.attnum) THEN ''
                         ELSE (SELECT co.collname::text FROM pg_collation AS co WHERE co.oid = x.oid) END
             FROM unnest(i.indcollation::oid[], i.indkey::int2[]) WITH ORDINALITY AS x(oid, attnum, ord)
             WHERE x.ord <= i.indnkeyatts ORDER BY x.ord) AS collations,
       i.indexrelid::int8 AS oid,
       ds.description AS comment
FROM pg_index AS i
JOIN pg_class AS ic ON ic.oid = i.indexrelid
JOIN pg_class AS c ON c.oid = i.indrelid
JOIN pg_namespace AS n ON n.oid = c.relnamespace
JOIN pg_am AS am ON am.oid = ic.relam
LEFT JOIN pg_description AS ds ON ds.objoid = i.indexrelid AND ds.classoid = 'pg_class'::regclass AND ds.objsubid = 0
WHERE c.relkind IN ('r', 'p', 'm') AND n.nspname = ANY ($1)
  -- A partition's copy of a partitioned index is implied by the parent's index.
  AND NOT EXISTS (SELECT 1 FROM pg_inherits AS ih WHERE ih.inhrelid = i.indexrelid)
  AND NOT EXISTS (SELECT 1 FROM pg_constraint AS con
                  WHERE con.conindid = i.indexrelid AND con.contype IN ('p', 'u', 'x'))
  AND NOT EXISTS (SELECT 1 FROM pg_depend AS d
                  WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
ORDER BY i.indexrelid

-- Columns of the tables (and materialized views, whose indexes name them) in $1's schemas, in
-- ordinal order. attidentity: '' | 'a' ALWAYS | 'd' BY DEFAULT;
-- attgenerated: '' | 's' STORED (the expression is then in pg_attrdef). A collation is reported only
-- when it differs from the type's. attnum lets constraints and indexes name their columns without
-- a lookup per row. Rows come grouped by table in column order; names are sorted later.
-- Defaults cannot refer to columns, so they are deparsed without their relation (relid 0), which
-- halves the query's time; generated columns' expressions do refer to columns and keep it.
SELECT n.nspname::text AS schema_name, c.relname::text AS table_name, a.attnum AS attnum, a.attname::text AS name,
       format_type(a.atttypid, a.atttypmod) AS data_type, t.typname::text AS type_name,
       a.attnotnull AS not_null,
       CASE WHEN a.attgenerated = '' THEN pg_get_expr(ad.adbin, 0) ELSE pg_get_expr(ad.adbin, ad.adrelid) END AS default_value,
       a.attidentity::text AS identity, a.attgenerated::text AS generated,
       CASE WHEN a.attcollation <> t.typcollation THEN co.collname::text END AS collation,
       ds.description AS comment
FROM pg_attribute AS a
JOIN pg_class AS c ON c.oid = a.attrelid
JOIN pg_namespace AS n ON n.oid = c.relnamespace
JOIN pg_type AS t ON t.oid = a.atttypid
LEFT JOIN pg_attrdef AS ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
LEFT JOIN pg_collation AS co ON co.oid = a.attcollation
LEFT JOIN pg_description AS ds ON ds.objoid = c.oid AND ds.classoid = 'pg_class'::regclass AND ds.objsubid = a.attnum
WHERE c.relkind IN ('r', 'p', 'm') AND a.attnum > 0 AND NOT a.attisdropped AND n.nspname = ANY ($1)
  AND NOT EXISTS (SELECT 1 FROM pg_depend AS d
                  WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
ORDER BY a.attrelid, a.attnum

-- Enum types (with their labels in sort order) and domains of the schemas in $1.
SELECT n.nspname::text AS schema_name, t.typname::text AS name, t.typtype::text AS kind,
       ARRAY(SELECT e.enumlabel::text FROM pg_enum AS e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder) AS labels,
       CASE WHEN t.typtype = 'd' THEN format_type(t.typbasetype, t.typtypmod) END AS base_type,
       t.typnotnull AS not_null, t.typdefault AS default_value,
       CASE WHEN t.typtype = 'd' AND t.typcollation <> bt.typcollation THEN co.collname::text END AS collation,
       obj_description(t.oid, 'pg_type') AS comment
FROM pg_type AS t
JOIN pg_namespace AS n ON n.oid = t.typnamespace
LEFT JOIN pg_type AS bt ON bt.oid = t.typbasetype
LEFT JOIN pg_collation AS co ON co.oid = t.typcollation
WHERE t.typtype IN ('e', 'd') AND n.nspname = ANY ($1)
  AND NOT EXISTS (SELECT 1 FROM pg_depend AS d
                  WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e')
ORDER BY 1, 2

-- Sequences of the schemas in $1, with the column that owns them (serial, OWNED BY). Identity
-- columns' own sequences (dependency 'i') belong to the column and are left out.
SELECT n.nspname::text AS schema_name, c.relname::text AS name, format_type(s.seqtypid, NULL) AS data_type,
       s.seqstart AS start, s.seqincrement AS increment, s.seqmin AS min_value, s.seqmax AS max_value,
       s.seqcache AS cache, s.seqcycle AS cycle,
       oc.relname::text AS owner_table, oa.attname::text AS owner_column,
       obj_description(c.oid, 'pg_class') AS comment
FROM pg_sequence AS s
JOIN pg_class AS c ON c.oid = s.seqrelid
JOIN pg_namespace AS n ON n.oid = c.relnamespace
LEFT JOIN pg_depend AS d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid
                         AND d.refclassid = 'pg_class'::regclass AND d.deptype = 'a'
LEFT JOIN pg_class AS oc ON oc.oid = d.refobjid
LEFT JOIN pg_attribute AS oa ON oa.attrelid = d.refobjid AND oa.attnum = d.refobjsubid
WHERE n.nspname = ANY ($1)
  AND NOT EXISTS (SELECT 1 FROM pg_depend AS x
                  WHERE x.classid = 'pg_class'::regclass AND x.objid = c.oid AND x.deptype IN ('i', 'e'))
ORDER BY 1, 2

-- Sequences that have given a value, how far they have counted and the column each one fills
-- (a SERIAL's owned column, an identity's) with that column's type. $1: the schemas read.
SELECT ps.schemaname::text AS schema_name, ps.sequencename::text AS sequence_name,
       t.relname::text AS table_name, a.attname::text AS column_name,
       format_type(a.atttypid, a.atttypmod) AS column_type,
       ps.last_value AS last_value, ps.max_value AS max_value
FROM pg_sequences AS ps
JOIN pg_namespace AS n ON n.nspname = ps.schemaname
JOIN pg_class AS s ON s.relname = ps.sequencename AND s.relnamespace = n.oid
LEFT JOIN pg_depend AS d ON d.classid = 'pg_class'::regclass AND d.objid = s.oid
                        AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
LEFT JOIN pg_class AS t ON t.oid = d.refobjid
LEFT JOIN pg_attribute AS a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
WHERE ps.schemaname = ANY ($1) AND ps.last_value IS NOT NULL
ORDER BY 1, 2

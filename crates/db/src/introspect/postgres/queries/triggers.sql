-- User triggers on tables and views of the schemas in $1. Clones on partitions (tgparentid, 13+)
-- are implied by the parent's trigger. tgtype bits: 1 ROW, 2 BEFORE, 4 INSERT, 8 DELETE,
-- 16 UPDATE, 32 TRUNCATE, 64 INSTEAD OF.
SELECT n.nspname::text AS schema_name, c.relname::text AS table_name, tg.tgname::text AS name,
       tg.tgtype::int4 AS type_bits,
       ARRAY(SELECT a.attname::text FROM unnest(tg.tgattr::int2[]) WITH ORDINALITY AS k(attnum, ord)
             JOIN pg_attribute AS a ON a.attrelid = tg.tgrelid AND a.attnum = k.attnum ORDER BY k.ord) AS update_columns,
       pg_get_triggerdef(tg.oid, true) AS definition,
       obj_description(tg.oid, 'pg_trigger') AS comment
FROM pg_trigger AS tg
JOIN pg_class AS c ON c.oid = tg.tgrelid
JOIN pg_namespace AS n ON n.oid = c.relnamespace
WHERE NOT tg.tgisinternal AND n.nspname = ANY ($1)
  AND COALESCE((to_jsonb(tg) ->> 'tgparentid')::oid, 0) = 0
ORDER BY 1, 2, 3

-- Row-level security policies on tables of the schemas in $1. polcmd: r SELECT, a INSERT,
-- w UPDATE, d DELETE, * ALL; role 0 is PUBLIC.
SELECT n.nspname::text AS schema_name, c.relname::text AS table_name, p.polname::text AS name,
       p.polcmd::text AS command, p.polpermissive AS permissive,
       ARRAY(SELECT CASE WHEN r.oid = 0 THEN 'public' ELSE pg_get_userbyid(r.oid)::text END
             FROM unnest(p.polroles) AS r(oid) ORDER BY 1) AS roles,
       pg_get_expr(p.polqual, p.polrelid) AS using_expression,
       pg_get_expr(p.polwithcheck, p.polrelid) AS check_expression,
       obj_description(p.oid, 'pg_policy') AS comment
FROM pg_policy AS p
JOIN pg_class AS c ON c.oid = p.polrelid
JOIN pg_namespace AS n ON n.oid = c.relnamespace
WHERE n.nspname = ANY ($1)
ORDER BY 1, 2, 3

-- Tables PUBLIC (grantee 0) may write to, with the privileges. $1: the schemas read.
SELECT n.nspname::text AS schema_name, c.relname::text AS table_name,
       string_agg(a.privilege_type, ', ' ORDER BY a.privilege_type) AS privileges
FROM pg_class AS c
JOIN pg_namespace AS n ON n.oid = c.relnamespace
CROSS JOIN LATERAL aclexplode(c.relacl) AS a
WHERE c.relkind IN ('r', 'p') AND a.grantee = 0
  AND a.privilege_type IN ('INSERT', 'UPDATE', 'DELETE', 'TRUNCATE') AND n.nspname = ANY ($1)
GROUP BY 1, 2
ORDER BY 1, 2

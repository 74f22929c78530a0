-- Objects Plumb does not model yet, so they are listed as "present but not compared" instead of
-- disappearing: rules on views, foreign tables, composite, range and base
-- types, aggregates with more than a state function and type, a final and a combine function and a
-- start value, window functions, statistics objects, collations, operators, text search
-- configurations in the schemas in $1; event triggers, publications, foreign servers and user casts
-- database-wide. Extension members are the extension's, not the user's.
-- Rules on views (other than their own _RETURN) are not modelled; those on tables are.
SELECT 'rule' AS kind, n.nspname::text AS schema_name, (r.rulename || ' on ' || c.relname)::text AS name
FROM pg_rewrite AS r JOIN pg_class AS c ON c.oid = r.ev_class JOIN pg_namespace AS n ON n.oid = c.relnamespace
WHERE r.rulename <> '_RETURN' AND c.relkind NOT IN ('r', 'p') AND n.nspname = ANY ($1)
  AND NOT EXISTS (SELECT 1 FROM pg_depend AS d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
UNION ALL
SELECT 'foreign table', n.nspname::text, c.relname::text
FROM pg_class AS c JOIN pg_namespace AS n ON n.oid = c.relnamespace
WHERE c.relkind = 'f' AND n.nspname = ANY ($1)
UNION ALL
SELECT CASE t.typtype WHEN 'c' THEN 'composite type' WHEN 'r' THEN 'range type' ELSE 'base type' END,
       n.nspname::text, t.typname::text
FROM pg_type AS t JOIN pg_namespace AS n ON n.oid = t.typnamespace
WHERE n.nspname = ANY ($1) AND t.typcategory <> 'A'
  AND (t.typtype = 'r' OR t.typtype = 'b'
       OR (t.typtype = 'c' AND EXISTS (SELECT 1 FROM pg_class AS c WHERE c.oid = t.typrelid AND c.relkind = 'c')))
  AND NOT EXISTS (SELECT 1 FROM pg_depend AS d WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e')
UNION ALL
SELECT CASE p.prokind WHEN 'a' THEN 'aggregate' ELSE 'window function' END, n.nspname::text,
       (p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')')::text
FROM pg_proc AS p JOIN pg_namespace AS n ON n.oid = p.pronamespace
LEFT JOIN pg_aggregate AS a ON a.aggfnoid = p.oid
WHERE n.nspname = ANY ($1)
  AND (p.prokind = 'w' OR (p.prokind = 'a' AND NOT (a.aggkind = 'n' AND a.aggmtransfn = 0
                                                    AND a.aggserialfn = 0 AND a.aggsortop = 0 AND a.aggtransspace = 0
                                                    AND NOT a.aggfinalextra AND a.aggfinalmodify = 'r')))
  AND NOT EXISTS (SELECT 1 FROM pg_depend AS d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
UNION ALL
SELECT 'statistics object', n.nspname::text, s.stxname::text
FROM pg_statistic_ext AS s JOIN pg_namespace AS n ON n.oid = s.stxnamespace
WHERE n.nspname = ANY ($1)
UNION ALL
SELECT 'collation', n.nspname::text, co.collname::text
FROM pg_collation AS co JOIN pg_namespace AS n ON n.oid = co.collnamespace
WHERE n.nspname = ANY ($1)
  AND NOT EXISTS (SELECT 1 FROM pg_depend AS d WHERE d.classid = 'pg_collation'::regclass AND d.objid = co.oid AND d.deptype = 'e')
UNION ALL
SELECT 'operator', n.nspname::text, o.oprname::text
FROM pg_operator AS o JOIN pg_namespace AS n ON n.oid = o.oprnamespace
WHERE n.nspname = ANY ($1)
  AND NOT EXISTS (SELECT 1 FROM pg_depend AS d WHERE d.classid = 'pg_operator'::regclass AND d.objid = o.oid AND d.deptype = 'e')
UNION ALL
SELECT 'text search configuration', n.nspname::text, cfg.cfgname::text
FROM pg_ts_config AS cfg JOIN pg_namespace AS n ON n.oid = cfg.cfgnamespace
WHERE n.nspname = ANY ($1)
UNION ALL
SELECT 'event trigger', NULL, evtname::text FROM pg_event_trigger
UNION ALL
SELECT 'publication', NULL, pubname::text FROM pg_publication
UNION ALL
SELECT 'foreign server', NULL, srvname::text FROM pg_foreign_server
UNION ALL
-- 16384 is FirstNormalObjectId: lower OIDs are built in.
-- Range types create their multirange casts themselves (dependency 'i').
SELECT 'cast', NULL, (format_type(castsource, NULL) || ' AS ' || format_type(casttarget, NULL))::text
FROM pg_cast AS ca
WHERE ca.oid >= 16384
  AND NOT EXISTS (SELECT 1 FROM pg_depend AS d WHERE d.classid = 'pg_cast'::regclass AND d.objid = ca.oid AND d.deptype IN ('e', 'i'))

-- Functions, procedures and plain aggregates of the schemas in $1 (other aggregates and window
-- functions are listed as not modelled by unsupported.sql). Range types' constructors depend
-- internally ('i') on their type. PostgreSQL prints no definition of an aggregate: it is written
-- here from pg_aggregate, one clause a line (CREATE OR REPLACE AGGREGATE: PostgreSQL 12+).
SELECT n.nspname::text AS schema_name, p.proname::text AS name, p.prokind::text AS kind,
       pg_get_function_identity_arguments(p.oid) AS arguments,
       CASE WHEN p.prokind = 'f' THEN pg_get_function_result(p.oid) END AS returns,
       l.lanname::text AS language,
       CASE WHEN p.prokind = 'a' THEN
         format(E'CREATE OR REPLACE AGGREGATE %I.%I(%s) (\n  SFUNC = %s,\n  STYPE = %s',
                n.nspname, p.proname, pg_get_function_identity_arguments(p.oid),
                a.aggtransfn::regproc, format_type(a.aggtranstype, NULL))
         || CASE WHEN a.aggfinalfn <> 0 THEN E',\n  FINALFUNC = ' || a.aggfinalfn::regproc ELSE '' END
         || CASE WHEN a.aggcombinefn <> 0 THEN E',\n  COMBINEFUNC = ' || a.aggcombinefn::regproc ELSE '' END
         || CASE WHEN a.agginitval IS NOT NULL THEN E',\n  INITCOND = ' || quote_literal(a.agginitval) ELSE '' END
         || E'\n)'
       ELSE pg_get_functiondef(p.oid) END AS definition,
       obj_description(p.oid, 'pg_proc') AS comment
FROM pg_proc AS p
JOIN pg_namespace AS n ON n.oid = p.pronamespace
JOIN pg_language AS l ON l.oid = p.prolang
LEFT JOIN pg_aggregate AS a ON a.aggfnoid = p.oid
WHERE (p.prokind IN ('f', 'p') OR (p.prokind = 'a' AND a.aggkind = 'n' AND a.aggmtransfn = 0
                                  AND a.aggserialfn = 0 AND a.aggsortop = 0 AND a.aggtransspace = 0
                                  AND NOT a.aggfinalextra AND a.aggfinalmodify = 'r'))
  AND n.nspname = ANY ($1)
  AND NOT EXISTS (SELECT 1 FROM pg_depend AS d
                  WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype IN ('e', 'i'))
ORDER BY 1, 2, 4

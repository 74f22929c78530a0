-- Operator classes that are not their type's default: an index part using one names it.
SELECT oc.oid::int8 AS oid, oc.opcname::text AS name
FROM pg_opclass AS oc
WHERE NOT oc.opcdefault

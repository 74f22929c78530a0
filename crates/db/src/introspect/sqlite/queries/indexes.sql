-- Key parts of every index. origin: c = CREATE INDEX, u = UNIQUE constraint, pk = PRIMARY KEY.
-- cid -2 is an expression part, -1 the rowid; key = 0 rows are the implicit rowid suffix.
SELECT m.name AS table_name, il.name AS index_name, il."unique" AS is_unique, il.origin,
       il.partial, ix.cid, ix.name AS column_name, ix."desc" AS descending
FROM sqlite_schema AS m
JOIN pragma_index_list(m.name) AS il
JOIN pragma_index_xinfo(il.name) AS ix
WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\'
  -- A virtual table's module may not be loaded here, and then its pragmas fail.
  AND m.sql NOT LIKE 'CREATE VIRTUAL TABLE%' AND ix."key" = 1
ORDER BY m.name, il.name, ix.seqno

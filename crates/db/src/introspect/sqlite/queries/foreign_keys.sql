-- Foreign keys of every table, one row per column pair. "to" is NULL when the REFERENCES clause
-- names no columns (the parent's primary key is meant).
SELECT m.name AS table_name, fk.id, fk.seq, fk."table" AS referenced_table, fk."from" AS column_name,
       fk."to" AS referenced_column, fk.on_update, fk.on_delete
FROM sqlite_schema AS m
JOIN pragma_foreign_key_list(m.name) AS fk
WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\'
  -- A virtual table's module may not be loaded here, and then its pragmas fail.
  AND m.sql NOT LIKE 'CREATE VIRTUAL TABLE%'
ORDER BY m.name, fk.id, fk.seq

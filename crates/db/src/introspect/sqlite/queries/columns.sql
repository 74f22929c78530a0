-- Columns of every table, generated ones included (table_xinfo: hidden 2 = virtual, 3 = stored).
SELECT m.name AS table_name, c.name, c.type AS declared_type, c."notnull" AS not_null,
       c.dflt_value AS default_value, c.pk AS pk_position, c.hidden
FROM sqlite_schema AS m
JOIN pragma_table_xinfo(m.name) AS c
WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\'
  -- A virtual table's module may not be loaded here, and then its pragmas fail.
  AND m.sql NOT LIKE 'CREATE VIRTUAL TABLE%'
ORDER BY m.name, c.cid

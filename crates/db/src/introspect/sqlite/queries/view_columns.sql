-- Columns of every view, in order, for the types `plumb types` writes (the schema model keeps a
-- view's query, not its columns). A view's column carries its expression's declared type, if any.
SELECT m.name AS view_name, c.name, c.type AS declared_type, c."notnull" AS not_null
FROM sqlite_schema AS m
JOIN pragma_table_xinfo(m.name) AS c
WHERE m.type = 'view'
ORDER BY m.name, c.cid

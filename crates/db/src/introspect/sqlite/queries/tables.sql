-- Tables with their kind (table, virtual, shadow) and their WITHOUT ROWID and STRICT flags
-- (pragma_table_list: SQLite 3.37+). Virtual and shadow tables are reported as not modelled.
SELECT name, type AS kind, wr AS without_rowid, strict
FROM pragma_table_list
WHERE schema = 'main' AND type IN ('table', 'virtual', 'shadow') AND name NOT LIKE 'sqlite\_%' ESCAPE '\'
ORDER BY name

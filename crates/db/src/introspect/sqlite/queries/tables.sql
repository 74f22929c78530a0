-- Ordinary tables with their WITHOUT ROWID and STRICT flags (pragma_table_list: SQLite 3.37+).
SELECT name, wr AS without_rowid, strict
FROM pragma_table_list
WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\'
ORDER BY name

-- Every user object with its stored CREATE text. Internal objects (sqlite_sequence, sqlite_stat1,
-- sqlite_autoindex_*) are excluded; `_` is escaped because it is a LIKE wildcard.
SELECT type AS kind, name, tbl_name AS table_name, sql
FROM sqlite_schema
WHERE name NOT LIKE 'sqlite\_%' ESCAPE '\'
ORDER BY type, name

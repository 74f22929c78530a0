-- The connection check of an SQLite profile: the library's version and the number of tables.
SELECT sqlite_version() AS version_text,
       (SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\') AS tables

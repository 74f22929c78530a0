-- Columns of the database's views, in ordinal order, for the types `plumb types` writes (the
-- schema model keeps a view's query, not its columns).
SELECT TABLE_NAME AS view_name, COLUMN_NAME AS name, CAST(IS_NULLABLE = 'YES' AS SIGNED) AS nullable,
       DATA_TYPE AS data_type, COLUMN_TYPE AS column_type
FROM information_schema.COLUMNS
WHERE TABLE_SCHEMA = DATABASE()
  AND TABLE_NAME IN (SELECT TABLE_NAME FROM information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE())
ORDER BY TABLE_NAME, ORDINAL_POSITION

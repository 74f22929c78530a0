-- Index key parts (MariaDB and MySQL before 8.0.13, which have no functional indexes).
-- COLLATION: A ascending, D descending, NULL unordered (FULLTEXT, SPATIAL).
SELECT TABLE_NAME AS table_name, INDEX_NAME AS name, CAST(NON_UNIQUE = 0 AS SIGNED) AS is_unique, CAST(SEQ_IN_INDEX AS SIGNED) AS seq,
       COLUMN_NAME AS column_name, NULL AS expression, CAST(SUB_PART AS SIGNED) AS prefix_length,
       INDEX_TYPE AS method, COLLATION AS sort_order, INDEX_COMMENT AS comment
FROM information_schema.STATISTICS
WHERE TABLE_SCHEMA = DATABASE()
ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX

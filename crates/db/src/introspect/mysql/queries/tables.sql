-- Base tables and views of the connected database with engine, collation, comment and the
-- server's estimates. MariaDB reports sequences and system-versioned tables with their own types.
-- CREATE_OPTIONS says "partitioned" for a partitioned table (partitions.sql is sent only then; an
-- engine option that happens to contain the word only costs that query).
SELECT TABLE_NAME AS name, TABLE_TYPE AS kind, ENGINE AS engine, TABLE_COLLATION AS collation,
       TABLE_COMMENT AS comment, CAST(TABLE_ROWS AS SIGNED) AS row_estimate,
       CAST(DATA_LENGTH + INDEX_LENGTH AS SIGNED) AS total_bytes, CAST(AUTO_INCREMENT AS SIGNED) AS next_auto_increment,
       CAST(IFNULL(CREATE_OPTIONS, '') LIKE '%partitioned%' AS SIGNED) AS partitioned
FROM information_schema.TABLES
WHERE TABLE_SCHEMA = DATABASE()
ORDER BY TABLE_NAME

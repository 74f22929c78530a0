-- The partitions of partitioned tables, in order: enough to write each table's PARTITION BY
-- clause. Subpartitioned tables are listed as not compared (unsupported.sql).
SELECT TABLE_NAME AS table_name, PARTITION_NAME AS name, PARTITION_METHOD AS method,
       PARTITION_EXPRESSION AS expression, PARTITION_DESCRIPTION AS description
FROM information_schema.PARTITIONS
WHERE TABLE_SCHEMA = DATABASE() AND PARTITION_NAME IS NOT NULL AND SUBPARTITION_NAME IS NULL
ORDER BY TABLE_NAME, PARTITION_ORDINAL_POSITION

-- The partitions of partitioned tables, in order: enough to write each table's PARTITION BY
-- clause. A subpartitioned table comes as one row per partition (its first subpartition's),
-- flagged: it is listed as not compared. Sent only when tables.sql shows a partitioned table, as
-- the server opens every table of the database to fill PARTITIONS (a tenth of a second on 2,000).
SELECT TABLE_NAME AS table_name, PARTITION_NAME AS name, PARTITION_METHOD AS method,
       PARTITION_EXPRESSION AS expression, PARTITION_DESCRIPTION AS description,
       CAST(SUBPARTITION_NAME IS NOT NULL AS SIGNED) AS subpartitioned
FROM information_schema.PARTITIONS
WHERE TABLE_SCHEMA = DATABASE() AND PARTITION_NAME IS NOT NULL
  AND (SUBPARTITION_NAME IS NULL OR SUBPARTITION_ORDINAL_POSITION = 1)
ORDER BY TABLE_NAME, PARTITION_ORDINAL_POSITION

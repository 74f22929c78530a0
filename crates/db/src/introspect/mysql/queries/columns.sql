-- Columns in ordinal order. EXTRA holds auto_increment, ON UPDATE, generation and INVISIBLE;
-- COLUMN_DEFAULT is quoted for literals on MariaDB 10.2.7+ and bare on MySQL.
SELECT c.TABLE_NAME AS table_name, c.COLUMN_NAME AS name, c.COLUMN_DEFAULT AS default_value,
       CAST(c.IS_NULLABLE = 'YES' AS SIGNED) AS nullable, c.DATA_TYPE AS data_type, c.COLUMN_TYPE AS column_type,
       c.CHARACTER_SET_NAME AS charset, c.COLLATION_NAME AS collation, c.EXTRA AS extra,
       c.COLUMN_COMMENT AS comment, c.GENERATION_EXPRESSION AS generation_expression
FROM information_schema.COLUMNS AS c
JOIN information_schema.TABLES AS t ON t.TABLE_SCHEMA = c.TABLE_SCHEMA AND t.TABLE_NAME = c.TABLE_NAME
WHERE c.TABLE_SCHEMA = DATABASE() AND t.TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED')
ORDER BY c.TABLE_NAME, c.ORDINAL_POSITION

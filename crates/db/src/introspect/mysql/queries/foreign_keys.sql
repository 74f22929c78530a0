-- Foreign key column pairs; their actions come from referential_constraints.sql (joined in
-- Rust, see columns.sql for why).
SELECT TABLE_NAME AS table_name, CONSTRAINT_NAME AS name, CAST(ORDINAL_POSITION AS SIGNED) AS seq,
       COLUMN_NAME AS column_name, REFERENCED_TABLE_SCHEMA AS referenced_schema,
       REFERENCED_TABLE_NAME AS referenced_table, REFERENCED_COLUMN_NAME AS referenced_column
FROM information_schema.KEY_COLUMN_USAGE
WHERE TABLE_SCHEMA = DATABASE() AND REFERENCED_TABLE_NAME IS NOT NULL
ORDER BY TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION

-- Check constraints on MariaDB 10.2+, where CHECK_CONSTRAINTS names the table itself (column-level
-- checks are named after their column, so names repeat across tables).
SELECT TABLE_NAME AS table_name, CONSTRAINT_NAME AS name, CHECK_CLAUSE AS clause
FROM information_schema.CHECK_CONSTRAINTS
WHERE CONSTRAINT_SCHEMA = DATABASE()
ORDER BY TABLE_NAME, CONSTRAINT_NAME

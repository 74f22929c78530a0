-- Functions and procedures with their body; parameters come from parameters.sql.
SELECT ROUTINE_NAME AS name, ROUTINE_TYPE AS kind, DTD_IDENTIFIER AS result_type,
       ROUTINE_DEFINITION AS body, CAST(IS_DETERMINISTIC = 'YES' AS SIGNED) AS is_deterministic,
       SQL_DATA_ACCESS AS data_access, ROUTINE_COMMENT AS comment
FROM information_schema.ROUTINES
WHERE ROUTINE_SCHEMA = DATABASE()
ORDER BY ROUTINE_NAME

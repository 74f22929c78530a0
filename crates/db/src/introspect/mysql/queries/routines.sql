-- Functions and procedures with their parameters (aggregated in ordinal order; position 0 is a
-- function's result) and body.
SELECT r.ROUTINE_NAME AS name, r.ROUTINE_TYPE AS kind, r.DTD_IDENTIFIER AS result_type,
       r.ROUTINE_DEFINITION AS body, CAST(r.IS_DETERMINISTIC = 'YES' AS SIGNED) AS is_deterministic,
       r.SQL_DATA_ACCESS AS data_access, r.ROUTINE_COMMENT AS comment,
       (SELECT GROUP_CONCAT(CONCAT_WS(' ', CASE WHEN r.ROUTINE_TYPE = 'PROCEDURE' THEN p.PARAMETER_MODE END,
                                          p.PARAMETER_NAME, p.DTD_IDENTIFIER)
                            ORDER BY p.ORDINAL_POSITION SEPARATOR ', ')
        FROM information_schema.PARAMETERS AS p
        WHERE p.SPECIFIC_SCHEMA = r.ROUTINE_SCHEMA AND p.SPECIFIC_NAME = r.SPECIFIC_NAME
          AND p.ROUTINE_TYPE = r.ROUTINE_TYPE AND p.ORDINAL_POSITION > 0) AS arguments
FROM information_schema.ROUTINES AS r
WHERE r.ROUTINE_SCHEMA = DATABASE()
ORDER BY r.ROUTINE_NAME

-- The connection check of a MySQL/MariaDB profile: who we are, whether that account holds CREATE
-- and ALTER on the database (granted globally or on the schema; GRANTEE is written 'user'@'host'),
-- and how many tables the database has. TLS is read apart (SHOW SESSION STATUS).
SELECT VERSION() AS version_text,
       CURRENT_USER() AS user_name,
       DATABASE() AS database_name,
       (SELECT COUNT(*)
          FROM information_schema.TABLES
         WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE') AS tables,
       (SELECT COUNT(DISTINCT p.PRIVILEGE_TYPE)
          FROM (SELECT GRANTEE, PRIVILEGE_TYPE, '%' AS TABLE_SCHEMA FROM information_schema.USER_PRIVILEGES
                UNION ALL
                SELECT GRANTEE, PRIVILEGE_TYPE, TABLE_SCHEMA FROM information_schema.SCHEMA_PRIVILEGES) p
         WHERE p.GRANTEE = CONCAT('''', SUBSTRING_INDEX(CURRENT_USER(), '@', 1), '''@''',
                                  SUBSTRING_INDEX(CURRENT_USER(), '@', -1), '''')
           AND DATABASE() LIKE p.TABLE_SCHEMA
           AND p.PRIVILEGE_TYPE IN ('CREATE', 'ALTER')) AS ddl_privileges

-- Triggers (always FOR EACH ROW in MySQL and MariaDB). A trigger lives in its table's schema; the
-- condition on EVENT_OBJECT_SCHEMA, the column the server looks triggers up by, makes it read that
-- database's triggers instead of every database's.
SELECT TRIGGER_NAME AS name, EVENT_OBJECT_TABLE AS table_name, ACTION_TIMING AS timing,
       EVENT_MANIPULATION AS event, ACTION_STATEMENT AS statement
FROM information_schema.TRIGGERS
WHERE TRIGGER_SCHEMA = DATABASE() AND EVENT_OBJECT_SCHEMA = DATABASE()
ORDER BY EVENT_OBJECT_TABLE, TRIGGER_NAME

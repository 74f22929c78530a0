-- Objects Plumb does not model yet, listed as "present but not compared": scheduled events.
-- (MariaDB sequences come from tables.sql; subpartitioned tables from partitions.sql.)
SELECT 'event' AS kind, EVENT_NAME AS name
FROM information_schema.EVENTS WHERE EVENT_SCHEMA = DATABASE()
ORDER BY EVENT_NAME

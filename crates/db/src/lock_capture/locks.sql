-- The relation locks this session holds (locks are kept until the transaction ends, so the locks
-- a statement took are the ones that appear after it).
SELECT l.relation::bigint AS oid, l.mode AS mode
FROM pg_locks l
WHERE l.pid = pg_backend_pid()
  AND l.locktype = 'relation'
  AND l.granted

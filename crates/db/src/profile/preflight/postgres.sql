-- The connection check of a PostgreSQL profile: who we are, where, whether DDL is allowed on the
-- target schema ($1, else the first schema of the search path), TLS, and how many tables there are.
WITH target AS (
    SELECT coalesce($1::text, current_schema()::text) AS schema
)
SELECT version() AS version_text,
       current_user::text AS user_name,
       current_database()::text AS database_name,
       target.schema AS schema_name,
       CASE
           WHEN EXISTS (SELECT FROM pg_namespace WHERE nspname = target.schema)
               THEN has_schema_privilege(target.schema, 'CREATE')
           ELSE has_database_privilege(current_database(), 'CREATE')
       END AS can_create,
       coalesce((SELECT rolsuper FROM pg_roles WHERE rolname = current_user), false) AS superuser,
       coalesce((SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()), false) AS tls,
       (SELECT count(*)
          FROM pg_class c
          JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE c.relkind IN ('r', 'p')
           AND n.nspname NOT IN ('pg_catalog', 'information_schema')
           AND n.nspname NOT LIKE 'pg\_toast%') AS tables
  FROM target

//! Real database servers for the tests, and a fresh database per test.
//!
//! `PLUMB_TEST_PG_URL` and `PLUMB_TEST_MYSQL_URL` name an administrative connection; they default
//! to the local servers (PostgreSQL on 127.0.0.1:5432 as postgres, MariaDB on 127.0.0.1:3306 as
//! root). `scripts/test.sh` starts throwaway servers when those do not answer. A test whose server
//! is missing fails with the fix in its message: database tests are never skipped.

use std::hash::{Hash, Hasher};

use sqlx::{Connection, Executor};

/// The administrative PostgreSQL URL (a database that always exists: `postgres`).
pub fn pg_admin_url() -> String {
    std::env::var("PLUMB_TEST_PG_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

/// The administrative MySQL/MariaDB URL (a database that always exists: `mysql`).
pub fn mysql_admin_url() -> String {
    std::env::var("PLUMB_TEST_MYSQL_URL").unwrap_or_else(|_| "mysql://root@127.0.0.1:3306/mysql".into())
}

/// Which server a [`TestDb`] lives on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Server {
    /// PostgreSQL.
    Postgres,
    /// MySQL or MariaDB.
    Mysql,
}

/// A database created for one test on a real server, dropped when the value is dropped.
pub struct TestDb {
    server: Server,
    admin_url: String,
    name: String,
    url: String,
}

fn with_database(admin_url: &str, database: &str) -> String {
    let mut url = url::Url::parse(admin_url).expect("the test server URL parses");
    url.set_path(&format!("/{database}"));
    url.to_string()
}

impl TestDb {
    /// Creates an empty database named after `test` (a stable hash, so a leftover from an aborted
    /// run is dropped and recreated), on the given server.
    pub async fn fresh(server: Server, test: &str) -> Self {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        test.hash(&mut hasher);
        let name = format!("plumb_test_{:016x}", hasher.finish());
        let admin_url = match server {
            Server::Postgres => pg_admin_url(),
            Server::Mysql => mysql_admin_url(),
        };
        let drop_sql = match server {
            // WITH (FORCE): a connection left by a crashed run must not block the drop (PG 13+).
            Server::Postgres => format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"),
            Server::Mysql => format!("DROP DATABASE IF EXISTS `{name}`"),
        };
        let create_sql = match server {
            Server::Postgres => format!("CREATE DATABASE \"{name}\""),
            Server::Mysql => format!("CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci"),
        };
        admin_exec(server, &admin_url, &[&drop_sql, &create_sql]).await;
        let url = with_database(&admin_url, &name);
        Self { server, admin_url, name, url }
    }

    /// Runs a script (several statements) in the database.
    pub async fn exec(&self, sql: &str) {
        match self.server {
            Server::Postgres => {
                let mut conn = sqlx::PgConnection::connect(&self.url).await.expect("connect to the test database");
                conn.execute(sqlx::raw_sql(sql)).await.unwrap_or_else(|e| panic!("fixture SQL failed: {e}"));
            }
            Server::Mysql => {
                let mut conn = sqlx::MySqlConnection::connect(&self.url).await.expect("connect to the test database");
                conn.execute(sqlx::raw_sql(sql)).await.unwrap_or_else(|e| panic!("fixture SQL failed: {e}"));
            }
        }
    }

    /// Runs a script, returning the server's error instead of failing the test.
    pub async fn try_exec(&self, sql: &str) -> Result<(), sqlx::Error> {
        if sql.trim().is_empty() {
            return Ok(());
        }
        match self.server {
            Server::Postgres => {
                let mut conn = sqlx::PgConnection::connect(&self.url).await?;
                conn.execute(sqlx::raw_sql(sql)).await?;
                conn.close().await
            }
            Server::Mysql => {
                let mut conn = sqlx::MySqlConnection::connect(&self.url).await?;
                // The client's DELIMITER command (dumps of triggers and routines) is not SQL: the
                // statements go one at a time, as Plumb's replay sends them.
                match plumb_engine::lint::sql_file::statements(sql, plumb_engine::dialect::Dialect::Mysql) {
                    Ok(statements)
                        if sql.lines().any(|l| l.trim_start().to_ascii_uppercase().starts_with("DELIMITER ")) =>
                    {
                        for (_, statement) in statements {
                            conn.execute(sqlx::raw_sql(&statement)).await?;
                        }
                    }
                    _ => {
                        conn.execute(sqlx::raw_sql(sql)).await?;
                    }
                }
                conn.close().await
            }
        }
    }

    /// The first column of every row of `sql`, as text.
    pub async fn texts(&self, sql: &str) -> Vec<String> {
        match self.server {
            Server::Postgres => {
                let mut conn = sqlx::PgConnection::connect(&self.url).await.expect("connect to the test database");
                sqlx::query_scalar(sql).fetch_all(&mut conn).await.unwrap_or_else(|e| panic!("{sql}: {e}"))
            }
            Server::Mysql => {
                let mut conn = sqlx::MySqlConnection::connect(&self.url).await.expect("connect to the test database");
                sqlx::query_scalar(sql).fetch_all(&mut conn).await.unwrap_or_else(|e| panic!("{sql}: {e}"))
            }
        }
    }

    /// The database's URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The database's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The database as a Plumb source.
    pub fn source(&self) -> plumb_db::Source {
        self.url.parse().expect("a test URL is a valid source")
    }
}

async fn admin_exec(server: Server, admin_url: &str, statements: &[&str]) {
    let hint = "start the server or point PLUMB_TEST_PG_URL / PLUMB_TEST_MYSQL_URL at one (scripts/test.sh starts throwaway servers)";
    match server {
        Server::Postgres => {
            let mut conn = sqlx::PgConnection::connect(admin_url)
                .await
                .unwrap_or_else(|e| panic!("PostgreSQL test server at {admin_url}: {e}; {hint}"));
            for sql in statements {
                conn.execute(*sql).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
            }
        }
        Server::Mysql => {
            let mut conn = sqlx::MySqlConnection::connect(admin_url)
                .await
                .unwrap_or_else(|e| panic!("MySQL/MariaDB test server at {admin_url}: {e}; {hint}"));
            for sql in statements {
                conn.execute(*sql).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
            }
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let (server, admin_url) = (self.server, self.admin_url.clone());
        let sql = match server {
            Server::Postgres => format!("DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)", self.name),
            Server::Mysql => format!("DROP DATABASE IF EXISTS `{}`", self.name),
        };
        // Drop runs inside the test's runtime, which cannot be blocked on: use a thread of our own.
        let _ = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
            runtime.block_on(admin_exec(server, &admin_url, &[&sql]));
        })
        .join();
    }
}

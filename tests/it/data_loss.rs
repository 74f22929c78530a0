//! Every write path backs up what it destroys, on every dialect: a plan from a diff, a plan whose
//! desired side is a `.sql` file, and `plumb migrate deploy` of a migration that drops a column
//! and a table and narrows types. Following the run's evidence — `rollback.sql`, then
//! `restore.sql`, each run by the dialect's own client (`psql`, `mariadb`, `sqlite3 -bail`) —
//! brings every value back exactly: NULLs, quotes, fractions and times of day included. A
//! narrowing whose values would change is blocked with the count before anything runs.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use plumb_db::live::live_facts;
use plumb_db::migrations::{deploy_plan, Folder};
use plumb_db::Source;
use plumb_engine::diff::DiffOptions;
use plumb_engine::plan::{plan_with_facts, probes, Plan};
use plumb_tests::{apply_as_dev, Server, SqliteFile, TestDb};

/// The table whose data the plans destroy, and a table they drop, as each dialect spells them;
/// `items` has a trigger that rewrites `label` on every update, as `touch updated_at` triggers do
/// (a restore must not let it fire).
fn current_ddl(server: Option<Server>) -> String {
    let moment = if server == Some(Server::Mysql) { "datetime" } else { "timestamp" };
    let trigger = match server {
        Some(Server::Postgres) => "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.label := 'touched'; RETURN NEW; END $$;\n\
             CREATE TRIGGER items_touch BEFORE UPDATE ON items FOR EACH ROW EXECUTE FUNCTION touch();\n",
        Some(Server::Mysql) => "CREATE TRIGGER items_touch BEFORE UPDATE ON items FOR EACH ROW SET NEW.label = 'touched';\n",
        None => "CREATE TRIGGER items_touch AFTER UPDATE ON items BEGIN UPDATE items SET label = 'touched' WHERE id = NEW.id; END;\n",
    };
    format!(
        "CREATE TABLE items (id integer PRIMARY KEY, label varchar(200), price numeric(10,2), seen {moment} NULL, legacy text);\n\
         CREATE TABLE old_stuff (id integer PRIMARY KEY, note text);\n{trigger}"
    )
}

const ROWS: &str = "INSERT INTO items VALUES (1, 'it''s', 19.99, '2026-01-02 13:45:00', 'kept'), (2, NULL, 5.00, '2026-01-03 00:00:00', NULL), (3, 'x', NULL, NULL, 'three');\n\
     INSERT INTO old_stuff VALUES (1, 'a'), (2, NULL);\n";

const DESIRED: &str = "CREATE TABLE items (id integer PRIMARY KEY, label varchar(200), price integer, seen date);\n";

/// Each row of both tables as one text, NULLs spelled out, for comparing before and after.
fn rows_query(server: Option<Server>, table: &str) -> String {
    let columns: &[&str] = if table == "items" { &["label", "price", "seen", "legacy"] } else { &["note"] };
    let text = |c: &str| match server {
        Some(Server::Mysql) => format!("COALESCE(CAST({c} AS CHAR), 'NULL')"),
        _ => format!("COALESCE(CAST({c} AS TEXT), 'NULL')"),
    };
    let parts: Vec<String> =
        std::iter::once("CAST(id AS CHAR(10))".to_owned()).chain(columns.iter().map(|c| text(c))).collect();
    let row = match server {
        Some(Server::Mysql) => format!("CONVERT(CONCAT_WS('|', {}) USING utf8mb4)", parts.join(", ")),
        _ => parts.join(" || '|' || "),
    };
    format!("SELECT {row} FROM {table} ORDER BY id")
}

/// A database of one dialect: a server's, or an SQLite file.
pub(crate) enum Target {
    /// A database on a server.
    Server(TestDb, Server),
    /// An SQLite file.
    File(SqliteFile),
}

impl Target {
    pub(crate) async fn new(server: Option<Server>, name: &str) -> Self {
        match server {
            Some(server) => Target::Server(TestDb::fresh(server, name).await, server),
            None => Target::File(SqliteFile::with_sql("SELECT 1;").await),
        }
    }

    fn server(&self) -> Option<Server> {
        match self {
            Target::Server(_, server) => Some(*server),
            Target::File(_) => None,
        }
    }

    pub(crate) fn source(&self) -> Source {
        match self {
            Target::Server(db, _) => db.source(),
            Target::File(file) => Source::Sqlite { path: file.path().to_owned() },
        }
    }

    pub(crate) async fn exec(&self, sql: &str) {
        match self {
            Target::Server(db, _) => db.exec(sql).await,
            Target::File(file) => {
                let mut conn = SqliteFile::open(file.path()).await;
                sqlx::Executor::execute(&mut conn, sqlx::raw_sql(sql)).await.unwrap();
            }
        }
    }

    async fn rows(&self, table: &str) -> Vec<String> {
        let sql = rows_query(self.server(), table);
        match self {
            Target::Server(db, _) => db.texts(&sql).await,
            Target::File(file) => {
                let mut conn = SqliteFile::open(file.path()).await;
                sqlx::query_scalar(&sql).fetch_all(&mut conn).await.unwrap()
            }
        }
    }

    /// Runs a script file with the dialect's own command-line client, stopping at the first error.
    pub(crate) fn client(&self, script: &Path) {
        let file = std::fs::File::open(script).unwrap();
        let mut command = match self {
            Target::Server(db, Server::Postgres) => {
                let mut c = Command::new("psql");
                c.args(["-X", "-q", "-v", "ON_ERROR_STOP=1", db.url()]);
                c
            }
            Target::Server(db, Server::Mysql) => {
                let url = url::Url::parse(db.url()).unwrap();
                let mut c = Command::new("mariadb");
                c.arg("--no-defaults")
                    .args(["-h", url.host_str().unwrap(), "-P", &url.port().unwrap_or(3306).to_string()])
                    .args(["-u", url.username()])
                    .arg(url.path().trim_start_matches('/'));
                if let Some(password) = url.password() {
                    c.arg(format!("-p{password}"));
                }
                c
            }
            Target::File(sqlite) => {
                let mut c = Command::new("sqlite3");
                c.arg("-bail").arg(sqlite.path());
                c
            }
        };
        let out = command.stdin(Stdio::from(file)).output().unwrap_or_else(|e| panic!("{command:?}: {e}"));
        assert!(
            out.status.success(),
            "{} failed on {}: {}",
            command.get_program().to_string_lossy(),
            script.display(),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

async fn facts_for(target: &Source, desired: &Source) -> Plan {
    let (from, to) = tokio::try_join!(target.load(), desired.load()).unwrap();
    let asked = probes(&from, &to, &DiffOptions::default()).unwrap();
    let facts = live_facts(target, &asked).await.unwrap().facts;
    plan_with_facts(&from, &to, &DiffOptions::default(), &facts).unwrap()
}

/// Applies `plan` on a dev environment with every blocking finding acknowledged; the run folder.
async fn run(target: &Source, plan: Plan, evidence: &Path) -> PathBuf {
    let report = apply_as_dev(target, plan, evidence, true).await.unwrap();
    assert!(report.verified, "{:?}", report.remaining.changes);
    assert!(!report.backups.is_empty(), "a destructive run takes a backup first");
    report.evidence
}

/// Runs the evidence's rollback then restore with the dialect's client and checks every value.
async fn restore_and_compare(target: &Target, folder: &Path, before: &[Vec<String>; 2], what: &str) {
    let plan_md = std::fs::read_to_string(folder.join("02-migration-plan.md")).unwrap();
    assert!(plan_md.contains("run `rollback.sql`") && plan_md.contains("run `restore.sql`"), "{what}: {plan_md}");
    target.client(&folder.join("rollback.sql"));
    target.client(&folder.join("restore.sql"));
    assert_eq!(target.rows("items").await, before[0], "{what}: every value of items back");
    assert_eq!(target.rows("old_stuff").await, before[1], "{what}: every row of old_stuff back");
}

fn dialect_name(server: Option<Server>) -> &'static str {
    match server {
        Some(Server::Postgres) => "postgres",
        Some(Server::Mysql) => "mariadb",
        None => "sqlite",
    }
}

#[tokio::test]
async fn a_diff_plan_and_a_sql_file_plan_back_up_and_restore_every_value_on_every_dialect() {
    for server in [Some(Server::Postgres), Some(Server::Mysql), None] {
        for (path, from_file) in [("diff", false), ("sql-file", true)] {
            let what = format!("{} {path}", dialect_name(server));
            let target = Target::new(server, &format!("loss_{}_{path}", dialect_name(server)).replace('-', "_")).await;
            target.exec(&format!("{}{ROWS}", current_ddl(server))).await;
            let before = [target.rows("items").await, target.rows("old_stuff").await];
            let scratch = tempfile::tempdir().unwrap();
            let desired_db =
                Target::new(server, &format!("loss_{}_{path}_to", dialect_name(server)).replace('-', "_")).await;
            let desired = if from_file {
                let file = scratch.path().join("desired.sql");
                std::fs::write(&file, DESIRED).unwrap();
                let shadow = match server {
                    Some(Server::Postgres) => Some(plumb_tests::pg_admin_url().parse().unwrap()),
                    Some(Server::Mysql) => Some(plumb_tests::mysql_admin_url().parse().unwrap()),
                    None => None,
                };
                Source::Sql { path: file, shadow }
            } else {
                desired_db.exec(DESIRED).await;
                desired_db.source()
            };
            let plan = facts_for(&target.source(), &desired).await;
            // Blocked with the count on every dialect (SQLite's affinity would keep the values,
            // but they do not fit the declared type either).
            let lossy = plan.findings.iter().find(|f| f.rule == "lossy-type-change");
            let lossy = lossy.unwrap_or_else(|| panic!("{what}: {:#?}", plan.findings));
            assert!(lossy.blocks() && lossy.message.contains("1 current value would change"), "{what}: {lossy:?}");
            let losing: Vec<&str> = plan.steps.iter().filter_map(|s| s.data_loss.as_deref()).collect();
            assert!(losing.iter().any(|l| l.contains("old_stuff and its")), "{what}: {losing:?}");
            assert!(losing.iter().any(|l| l.contains("items.legacy holding 2 non-null values")), "{what}: {losing:?}");
            let evidence = tempfile::tempdir().unwrap();
            let folder = run(&target.source(), plan, evidence.path()).await;
            restore_and_compare(&target, &folder, &before, &what).await;
        }
    }
}

/// A Prisma migrations folder: the starting schema, then a migration that destroys data.
fn deploy_folder(server: Option<Server>) -> tempfile::TempDir {
    let (provider, narrow, widen) = match server {
        Some(Server::Postgres) => (
            "postgresql",
            "ALTER TABLE items ALTER COLUMN price TYPE integer;\nALTER TABLE items ALTER COLUMN seen TYPE date;\n",
            "ALTER TABLE items ALTER COLUMN price TYPE numeric(10,2);\nALTER TABLE items ALTER COLUMN seen TYPE timestamp;\n",
        ),
        Some(Server::Mysql) => (
            "mysql",
            "ALTER TABLE items MODIFY price integer;\nALTER TABLE items MODIFY seen date NULL;\n",
            "ALTER TABLE items MODIFY price numeric(10,2);\nALTER TABLE items MODIFY seen datetime NULL;\n",
        ),
        // SQLite changes no type in place; the drops are what it loses.
        None => ("sqlite", "", ""),
    };
    let dir = tempfile::tempdir().unwrap();
    let up = format!("{narrow}ALTER TABLE items DROP COLUMN legacy;\nDROP TABLE old_stuff;\n");
    let down = format!(
        "CREATE TABLE old_stuff (id integer PRIMARY KEY, note text);\nALTER TABLE items ADD COLUMN legacy text;\n{widen}"
    );
    let drops_tables = "DROP TABLE old_stuff;\nDROP TABLE items;\n".to_owned();
    for (name, up, down) in
        [("20240101000000_init", current_ddl(server), drops_tables), ("20240102000000_trim", up, down)]
    {
        std::fs::create_dir_all(dir.path().join(name)).unwrap();
        std::fs::write(dir.path().join(name).join("migration.sql"), up).unwrap();
        std::fs::write(dir.path().join(name).join("down.sql"), down).unwrap();
    }
    std::fs::write(dir.path().join("migration_lock.toml"), format!("provider = \"{provider}\"\n")).unwrap();
    dir
}

#[tokio::test]
async fn migrate_deploy_backs_up_and_restores_every_value_on_every_dialect() {
    for server in [Some(Server::Postgres), Some(Server::Mysql), None] {
        let what = format!("{} deploy", dialect_name(server));
        let target = Target::new(server, &format!("loss_{}_deploy", dialect_name(server))).await;
        let dir = deploy_folder(server);
        let shadow: Option<url::Url> = match server {
            Some(Server::Postgres) => Some(plumb_tests::pg_admin_url().parse().unwrap()),
            Some(Server::Mysql) => Some(plumb_tests::mysql_admin_url().parse().unwrap()),
            None => None,
        };
        // The first migration alone, then the rows, then the one that destroys data.
        let first = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(first.path().join("20240101000000_init")).unwrap();
        for file in ["20240101000000_init/migration.sql", "20240101000000_init/down.sql", "migration_lock.toml"] {
            std::fs::copy(dir.path().join(file), first.path().join(file)).unwrap();
        }
        let evidence = tempfile::tempdir().unwrap();
        let init = deploy_plan(&Folder::read(first.path()).unwrap(), &target.source(), shadow.as_ref()).await.unwrap();
        run_without_backup(&target.source(), init.unwrap(), evidence.path()).await;
        target.exec(ROWS).await;
        let before = [target.rows("items").await, target.rows("old_stuff").await];

        let plan =
            deploy_plan(&Folder::read(dir.path()).unwrap(), &target.source(), shadow.as_ref()).await.unwrap().unwrap();
        let losing: Vec<&str> = plan.steps.iter().filter_map(|s| s.data_loss.as_deref()).collect();
        assert!(losing.iter().any(|l| l.contains("items.legacy holding 2 non-null values")), "{what}: {losing:?}");
        assert!(losing.iter().any(|l| l.contains("drops table")), "{what}: {losing:?}");
        if server.is_some() {
            assert!(
                losing.iter().any(|l| l.contains("price") && l.contains("1 current value would change")),
                "{what}: {losing:?}"
            );
            let lossy = plan.findings.iter().find(|f| f.rule == "lossy-type-change" && f.message.contains("price"));
            assert!(
                lossy.is_some_and(|f| f.blocks() && f.message.contains("1 current value")),
                "{what}: {:#?}",
                plan.findings
            );
        }
        let folder = run(&target.source(), plan, evidence.path()).await;
        restore_and_compare(&target, &folder, &before, &what).await;
    }
}

/// Applies a plan that destroys nothing (the first migration).
async fn run_without_backup(target: &Source, plan: Plan, evidence: &Path) {
    assert!(plan.steps.iter().all(|s| s.data_loss.is_none()), "creating tables loses nothing: {:#?}", plan.steps);
    let report = apply_as_dev(target, plan, evidence, false).await.unwrap();
    assert!(report.verified && report.backups.is_empty(), "{report:?}");
}

#[tokio::test]
async fn mariadb_enum_labels_keep_their_case_through_unrelated_changes() {
    let (a, b) = tokio::join!(TestDb::fresh(Server::Mysql, "enum_case_a"), TestDb::fresh(Server::Mysql, "enum_case_b"));
    a.exec("CREATE TABLE accounts (id int PRIMARY KEY, state enum('Active','Inactive')); INSERT INTO accounts VALUES (1, 'Active'), (2, 'Inactive');").await;
    b.exec("CREATE TABLE accounts (id int PRIMARY KEY, state enum('Active','Inactive') NOT NULL);").await;
    let plan = facts_for(&a.source(), &b.source()).await;
    let sql: Vec<&str> = plan.steps.iter().map(|s| s.sql.as_str()).collect();
    assert!(sql.iter().all(|s| !s.contains("'active'")), "labels keep their case: {sql:?}");
    let evidence = tempfile::tempdir().unwrap();
    let report = apply_as_dev(&a.source(), plan, evidence.path(), true).await.unwrap();
    assert!(report.verified, "the plan converges: {:?}", report.remaining.changes);
    assert_eq!(a.texts("SELECT CAST(state AS CHAR) FROM accounts ORDER BY id").await, ["Active", "Inactive"]);

    // A change of case alone is a difference.
    b.exec("ALTER TABLE accounts MODIFY state enum('ACTIVE','Inactive') NOT NULL;").await;
    let (source_a, source_b) = (a.source(), b.source());
    let (from, to) = tokio::try_join!(source_a.load(), source_b.load()).unwrap();
    let changes = plumb_engine::diff::diff(&from, &to, &DiffOptions::default()).unwrap();
    assert!(!changes.is_empty(), "'Active' and 'ACTIVE' are different labels");
}

#[tokio::test]
async fn backups_are_no_more_readable_than_the_data_they_copy() {
    // SQLite: a copy of a 0600 database is 0600.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let current = Target::new(None, "private_sqlite").await;
        current.exec(&format!("{}{ROWS}", current_ddl(None))).await;
        let Target::File(file) = &current else { unreachable!("an SQLite target") };
        std::fs::set_permissions(file.path(), std::fs::Permissions::from_mode(0o600)).unwrap();
        let desired = Target::new(None, "private_sqlite_to").await;
        desired.exec(DESIRED).await;
        let plan = facts_for(&current.source(), &desired.source()).await;
        let evidence = tempfile::tempdir().unwrap();
        let folder = run(&current.source(), plan, evidence.path()).await;
        let mode = std::fs::metadata(folder.join("backup-before.sqlite")).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "the backup is as private as the database");
    }

    // MariaDB: the copies stay in the database they copy; a grant on another database reaches none.
    let (a, other) = tokio::join!(
        TestDb::fresh(Server::Mysql, "private_backup_a"),
        TestDb::fresh(Server::Mysql, "private_backup_b")
    );
    a.exec(&format!("{}{ROWS}", current_ddl(Some(Server::Mysql)))).await;
    let desired = TestDb::fresh(Server::Mysql, "private_backup_to").await;
    desired.exec(DESIRED).await;
    let plan = facts_for(&a.source(), &desired.source()).await;
    let evidence = tempfile::tempdir().unwrap();
    run(&a.source(), plan, evidence.path()).await;
    let copies = a.texts("SELECT CONVERT(table_name USING utf8mb4) FROM information_schema.TABLES WHERE table_schema = DATABASE() AND table_name LIKE 'plumb\\_backup\\_%'").await;
    assert_eq!(copies.len(), 2, "both tables copied inside the database: {copies:?}");
    let user = "plumb_t_reader";
    a.exec(&format!(
        "DROP USER IF EXISTS '{user}'@'%'; CREATE USER '{user}'@'%' IDENTIFIED BY 'pw'; GRANT SELECT ON `{}`.* TO '{user}'@'%';",
        other.name()
    ))
    .await;
    let url = url::Url::parse(other.url()).unwrap();
    let reader =
        format!("mysql://{user}:pw@{}:{}/{}", url.host_str().unwrap(), url.port().unwrap_or(3306), other.name());
    let mut conn = <sqlx::MySqlConnection as sqlx::Connection>::connect(&reader).await.unwrap();
    for copy in &copies {
        let read = sqlx::query(&format!("SELECT * FROM `{}`.`{copy}`", a.name())).fetch_all(&mut conn).await;
        assert!(read.is_err(), "a grant on another database reads no backup of this one");
    }
    let visible: Vec<String> = sqlx::query_scalar(
        "SELECT CONVERT(schema_name USING utf8mb4) FROM information_schema.SCHEMATA WHERE schema_name = 'plumb_backup'",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    assert!(visible.is_empty(), "no shared backup database: {visible:?}");
    drop(conn);
    a.exec(&format!("DROP USER IF EXISTS '{user}'@'%';")).await;
}

//! The property that matters: a plan applied to the current database makes it equal to the desired
//! one (zero diff), its rollback makes it equal to the original again, and rows in tables that
//! exist on both sides survive both ways.

use std::collections::BTreeMap;

use plumb_db::apply::apply_to_scratch;
use plumb_db::Source;
use plumb_engine::diff::{diff, DiffOptions};
use plumb_engine::model::Database;
use plumb_engine::plan::plan;
use plumb_tests::{fixture, Server, SqliteFile, TestDb};

fn row_counts(db: &Database) -> BTreeMap<String, u64> {
    db.schemas
        .iter()
        .flat_map(|s| {
            s.tables
                .iter()
                .map(move |t| (format!("{}.{}", s.name, t.name), t.stats.as_ref().map_or(0, |s| s.row_count)))
        })
        .collect()
}

/// Migrates `current` to `desired` and back, checking zero diff each way.
async fn round_trip(current: &Source, desired: &Source, exact_rows: bool) {
    let from = current.load().await.expect("introspect the current database");
    let to = desired.load().await.expect("introspect the desired database");
    let plan = plan(&from, &to, &DiffOptions::default()).expect("plan");
    assert!(!plan.is_empty(), "the two sides differ");
    let listing = plan.steps.iter().map(|s| format!("{};", s.sql)).collect::<Vec<_>>().join("\n");

    let report = apply_to_scratch(current, &plan).await.unwrap_or_else(|e| panic!("apply: {e}\n{listing}"));
    let migrated = current.load().await.unwrap();
    let remaining = diff(&migrated, &to, &DiffOptions::default()).unwrap();
    assert!(remaining.is_empty(), "the plan converges, left: {:#?}\n{listing}", remaining.changes);
    assert!(report.verified, "post-verify agrees");
    if exact_rows {
        let before = row_counts(&from);
        for (table, rows) in row_counts(&migrated) {
            if let Some(old) = before.get(&table) {
                assert_eq!(rows, *old, "rows of {table} survive the migration");
            }
        }
    }

    let back = plan.reversed().expect("every change here can be undone");
    let rollback = back.steps.iter().map(|s| format!("{};", s.sql)).collect::<Vec<_>>().join("\n");
    apply_to_scratch(current, &back).await.unwrap_or_else(|e| panic!("rollback: {e}\n{rollback}"));
    let restored = current.load().await.unwrap();
    let remaining = diff(&restored, &from, &DiffOptions::default()).unwrap();
    assert!(remaining.is_empty(), "the rollback converges, left: {:#?}\n{rollback}", remaining.changes);
    if exact_rows {
        let after = row_counts(&restored);
        for (table, rows) in row_counts(&migrated) {
            if let (Some(now), Some(original)) = (after.get(&table), row_counts(&from).get(&table)) {
                assert_eq!(now, original, "rows of {table} survive the rollback ({rows} in between)");
            }
        }
    }
}

#[tokio::test]
async fn sqlite_demo_prod_to_dev_and_back() {
    let dir = tempfile::tempdir().unwrap();
    let demos = plumb_db::demo::ensure_demo_databases(dir.path()).await.unwrap();
    round_trip(&Source::Sqlite { path: demos[0].path.clone() }, &Source::Sqlite { path: demos[1].path.clone() }, true)
        .await;
}

#[tokio::test]
async fn sqlite_demo_dev_to_prod_and_back() {
    let dir = tempfile::tempdir().unwrap();
    let demos = plumb_db::demo::ensure_demo_databases(dir.path()).await.unwrap();
    round_trip(&Source::Sqlite { path: demos[1].path.clone() }, &Source::Sqlite { path: demos[0].path.clone() }, true)
        .await;
}

/// The desired side rebuilds `accounts` (every other table points at it, views and triggers read
/// it) with a wider `handle`, so the planner must rebuild it too, keeping every row.
const SQLITE_CHANGES: &str = "
    PRAGMA foreign_keys = OFF;
    ALTER TABLE events ADD COLUMN kind TEXT NOT NULL DEFAULT 'misc';
    DROP INDEX transfers_from_idx;
    CREATE INDEX transfers_from_idx ON transfers (from_account, amount);
    DROP VIEW transfer_totals;
    CREATE TABLE notes (id INTEGER PRIMARY KEY, account_id INTEGER REFERENCES accounts (id) ON DELETE CASCADE, body TEXT NOT NULL CHECK (length(body) < 500));
    DROP TRIGGER accounts_status_touch;
    DROP VIEW active_accounts;
    DROP TRIGGER transfers_debit;
    CREATE TABLE accounts_new (
      id           INTEGER PRIMARY KEY AUTOINCREMENT,
      email        TEXT NOT NULL COLLATE NOCASE CONSTRAINT accounts_email_key UNIQUE,
      handle       VARCHAR(80),
      balance      NUMERIC(12, 2) NOT NULL DEFAULT 0 CHECK (balance >= 0),
      status       TEXT NOT NULL DEFAULT 'active',
      created_at   DATETIME DEFAULT (datetime('now')),
      email_domain TEXT GENERATED ALWAYS AS (substr(email, instr(email, '@') + 1)) VIRTUAL,
      handle_upper TEXT AS (upper(handle)) STORED,
      CONSTRAINT accounts_status_check CHECK (status IN ('active', 'closed')),
      UNIQUE (handle)
    );
    INSERT INTO accounts_new (id, email, handle, balance, status, created_at) SELECT id, email, handle, balance, status, created_at FROM accounts;
    DROP TABLE accounts;
    ALTER TABLE accounts_new RENAME TO accounts;
    CREATE UNIQUE INDEX accounts_handle_lower_idx ON accounts (lower(handle)) WHERE handle IS NOT NULL;
    CREATE VIEW active_accounts AS SELECT id, email FROM accounts WHERE status = 'active';
    CREATE TRIGGER accounts_keep_funded BEFORE DELETE ON accounts WHEN OLD.balance > 0
    BEGIN
      SELECT RAISE(ABORT, 'account has a balance');
    END;
    CREATE TRIGGER transfers_debit AFTER INSERT ON transfers FOR EACH ROW
    BEGIN
      UPDATE accounts SET balance = balance - NEW.amount WHERE id = NEW.from_account;
    END;
    PRAGMA foreign_keys = ON;
";

#[tokio::test]
async fn sqlite_every_object_with_changes_and_back() {
    let current = SqliteFile::with_sql(&fixture("sqlite/every_object.sql")).await;
    let desired = SqliteFile::with_sql(&format!("{}\n{SQLITE_CHANGES}", fixture("sqlite/every_object.sql"))).await;
    round_trip(
        &Source::Sqlite { path: current.path().to_owned() },
        &Source::Sqlite { path: desired.path().to_owned() },
        true,
    )
    .await;
}

const POSTGRES_CHANGES: &str = "
    ALTER TABLE app.teams ADD COLUMN motto text DEFAULT 'onwards';
    ALTER TABLE app.teams ALTER COLUMN region TYPE varchar(40);
    ALTER TABLE app.memberships DROP CONSTRAINT memberships_role_check;
    ALTER TABLE app.memberships ADD CONSTRAINT memberships_role_check CHECK (role IN ('owner', 'member', 'guest'));
    DROP INDEX app.users_name_idx;
    CREATE INDEX users_name_idx ON app.users (name, created_at);
    CREATE TABLE billing.refunds (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, user_id bigint NOT NULL REFERENCES app.users (id), amount numeric(10, 2) NOT NULL);
    CREATE VIEW billing.big_refunds AS SELECT id, amount FROM billing.refunds WHERE amount > 100;
    DROP TRIGGER teams_audit ON app.teams;
    COMMENT ON TABLE app.teams IS 'Groups of users';
";

#[tokio::test]
async fn postgres_every_object_with_changes_and_back() {
    let (a, b) = tokio::join!(
        TestDb::fresh(Server::Postgres, "converge_pg_a"),
        TestDb::fresh(Server::Postgres, "converge_pg_b")
    );
    let sql = fixture("postgres/every_object.sql");
    let changed = format!("{sql}\n{POSTGRES_CHANGES}");
    tokio::join!(a.exec(&sql), b.exec(&changed));
    round_trip(&a.source(), &b.source(), false).await;
}

const MYSQL_CHANGES: &str = "
    ALTER TABLE teams ADD COLUMN motto varchar(100) NOT NULL DEFAULT 'onwards' COMMENT 'What they say';
    ALTER TABLE teams MODIFY COLUMN region varchar(40) NOT NULL;
    ALTER TABLE users DROP INDEX users_name_prefix_idx, ADD INDEX users_name_prefix_idx (name(20));
    ALTER TABLE memberships DROP CONSTRAINT memberships_role_check;
    ALTER TABLE memberships ADD CONSTRAINT memberships_role_check CHECK (role IN ('owner', 'member', 'guest'));
    CREATE TABLE refunds (id bigint NOT NULL AUTO_INCREMENT PRIMARY KEY, user_id bigint unsigned NOT NULL, amount decimal(10,2) NOT NULL, CONSTRAINT refunds_user_fk FOREIGN KEY (user_id) REFERENCES users (id)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
    CREATE VIEW big_refunds AS SELECT id, amount FROM refunds WHERE amount > 100;
    DROP TRIGGER teams_audit;
    ALTER TABLE audit_log COMMENT = 'Everything that happened';
";

#[tokio::test]
async fn mariadb_every_object_with_changes_and_back() {
    let (a, b) =
        tokio::join!(TestDb::fresh(Server::Mysql, "converge_my_a"), TestDb::fresh(Server::Mysql, "converge_my_b"));
    let sql = fixture("mysql/every_object.sql");
    let changed = format!("{sql}\n{MYSQL_CHANGES}");
    tokio::join!(a.exec(&sql), b.exec(&changed));
    round_trip(&a.source(), &b.source(), false).await;
}

/// Labels added in place; the way back removes them by a new type that takes the old one's
/// name, the columns (an array too) cast through text, the view over them re-created, the
/// default kept, every row as it was.
#[tokio::test]
async fn postgres_enum_labels_are_added_and_removed_again_by_a_new_type() {
    let (a, b) =
        tokio::join!(TestDb::fresh(Server::Postgres, "enum_pg_a"), TestDb::fresh(Server::Postgres, "enum_pg_b"));
    let sql = "CREATE TYPE mood AS ENUM ('sad', 'happy');
        CREATE TABLE t (id int PRIMARY KEY, m mood NOT NULL DEFAULT 'sad', history mood[]);
        CREATE VIEW happy AS SELECT id FROM t WHERE m = 'happy';
        INSERT INTO t VALUES (1, 'sad', '{sad,happy}'), (2, 'happy', NULL);";
    let changed = format!("{sql} ALTER TYPE mood ADD VALUE 'ok' AFTER 'sad'; ALTER TYPE mood ADD VALUE 'ecstatic';");
    tokio::join!(a.exec(sql), b.exec(&changed));
    let (from, to) = (a.source().load().await.unwrap(), b.source().load().await.unwrap());
    let plan = plan(&from, &to, &DiffOptions::default()).unwrap();
    assert_eq!(plan.rollback_unavailable, None);
    apply_to_scratch(&a.source(), &plan).await.unwrap();
    let migrated = a.source().load().await.unwrap();
    assert!(diff(&migrated, &to, &DiffOptions::default()).unwrap().is_empty());
    assert_eq!(migrated.schemas[0].enums[0].labels, ["sad", "ok", "happy", "ecstatic"]);

    let back = plan.reversed().unwrap();
    let sql = back.steps.iter().map(|s| s.sql.as_str()).collect::<Vec<_>>().join(";\n");
    assert!(sql.contains("USING \"history\"::text::mood[]"), "{sql}");
    apply_to_scratch(&a.source(), &back).await.unwrap();
    let restored = a.source().load().await.unwrap();
    assert!(diff(&restored, &from, &DiffOptions::default()).unwrap().is_empty());
    let rows = a.texts("SELECT id || ' ' || m || ' ' || coalesce(history::text, '-') FROM t ORDER BY id").await;
    assert_eq!(rows, ["1 sad {sad,happy}", "2 happy -"]);
}

/// A label the way back removes is still in use: the cast refuses the value, the plan's one
/// transaction rolls back, and the type and the row stay as they are.
#[tokio::test]
async fn postgres_enum_label_still_in_use_stops_its_removal_and_changes_nothing() {
    let (a, b) =
        tokio::join!(TestDb::fresh(Server::Postgres, "enum_use_a"), TestDb::fresh(Server::Postgres, "enum_use_b"));
    let sql = "CREATE TYPE mood AS ENUM ('sad', 'happy', 'ecstatic'); CREATE TABLE t (m mood);
        INSERT INTO t VALUES ('ecstatic');";
    tokio::join!(a.exec(sql), b.exec("CREATE TYPE mood AS ENUM ('sad', 'happy'); CREATE TABLE t (m mood);"));
    let (from, to) = (a.source().load().await.unwrap(), b.source().load().await.unwrap());
    let plan = plan(&from, &to, &DiffOptions::default()).unwrap();
    let error = apply_to_scratch(&a.source(), &plan).await.unwrap_err().to_string();
    assert!(error.contains("ecstatic"), "{error}");
    let after = a.source().load().await.unwrap();
    assert!(diff(&after, &from, &DiffOptions::default()).unwrap().is_empty());
    assert_eq!(a.texts("SELECT m::text FROM t").await, ["ecstatic"]);
}

/// A changed view (materialized or not), views reading views, and a changed trigger: each is
/// dropped and created again, in an order the server accepts.
#[tokio::test]
async fn postgres_changed_views_and_triggers_are_replaced() {
    let (a, b) = tokio::join!(
        TestDb::fresh(Server::Postgres, "converge_pg_views_a"),
        TestDb::fresh(Server::Postgres, "converge_pg_views_b")
    );
    let common = "CREATE TABLE t (id int PRIMARY KEY, foo text, n int NOT NULL DEFAULT 0);
        CREATE FUNCTION bump() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.n = OLD.n + 1; RETURN NEW; END $$;
        INSERT INTO t VALUES (1, 'x', 0);";
    a.exec(&format!(
        "{common} CREATE MATERIALIZED VIEW mv AS SELECT id, foo FROM t;
         CREATE VIEW z_base AS SELECT id FROM t; CREATE VIEW a_top AS SELECT id FROM z_base;
         CREATE TRIGGER tr BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION bump();"
    ))
    .await;
    b.exec(&format!(
        "{common} CREATE MATERIALIZED VIEW mv AS SELECT foo FROM t;
         CREATE VIEW z_base AS SELECT id, foo FROM t; CREATE VIEW a_top AS SELECT id, foo FROM z_base;
         CREATE TRIGGER tr BEFORE UPDATE ON t FOR EACH ROW WHEN (NEW.foo IS DISTINCT FROM 'fizz') EXECUTE FUNCTION bump();"
    ))
    .await;
    round_trip(&a.source(), &b.source(), true).await;
}

/// Column changes on a partitioned table reach its partitions through the table itself:
/// PostgreSQL refuses them on a partition, so the plan makes them once.
#[tokio::test]
async fn postgres_column_changes_of_a_partitioned_table() {
    let (a, b) = tokio::join!(
        TestDb::fresh(Server::Postgres, "converge_pg_parts_a"),
        TestDb::fresh(Server::Postgres, "converge_pg_parts_b")
    );
    a.exec(
        "CREATE TABLE p (id int NOT NULL, v text, k int) PARTITION BY RANGE (id);
         CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (0) TO (100);
         CREATE TABLE p2 PARTITION OF p FOR VALUES FROM (100) TO (200);
         INSERT INTO p VALUES (1, 'x', 2), (150, 'y', 3);",
    )
    .await;
    b.exec(
        "CREATE TABLE p (id int NOT NULL, k bigint, w int) PARTITION BY RANGE (id);
         CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (0) TO (100);
         CREATE TABLE p2 PARTITION OF p FOR VALUES FROM (100) TO (200);",
    )
    .await;
    round_trip(&a.source(), &b.source(), false).await;
}

/// An index renamed (a naming convention changed, Prisma 2 → 3) is renamed in place where the
/// server can, and comes back under its old name on the way back, on every dialect.
#[tokio::test]
async fn a_renamed_index_is_renamed_not_rebuilt_on_every_dialect() {
    let table = "CREATE TABLE users (id INTEGER PRIMARY KEY, email VARCHAR(100) NOT NULL);\n";
    let (old, new) = (
        "CREATE UNIQUE INDEX \"users.email_unique\" ON users (email);",
        "CREATE UNIQUE INDEX users_email_key ON users (email);",
    );
    let pg_current = TestDb::fresh(Server::Postgres, "rename_index_pg_a").await;
    let pg_desired = TestDb::fresh(Server::Postgres, "rename_index_pg_b").await;
    pg_current.exec(&format!("{table}{old}")).await;
    pg_desired.exec(&format!("{table}{new}")).await;
    let my_current = TestDb::fresh(Server::Mysql, "rename_index_my_a").await;
    let my_desired = TestDb::fresh(Server::Mysql, "rename_index_my_b").await;
    // MySQL reports unique keys as constraints; a plain index is the index case there.
    my_current.exec(&format!("{table}CREATE INDEX `users.email_idx` ON users (email);")).await;
    my_desired.exec(&format!("{table}CREATE INDEX users_email_idx ON users (email);")).await;
    let lite_current = SqliteFile::with_sql(&format!("{table}{old}")).await;
    let lite_desired = SqliteFile::with_sql(&format!("{table}{new}")).await;
    for (label, current, desired, in_place) in [
        ("PostgreSQL", pg_current.source(), pg_desired.source(), true),
        ("MariaDB", my_current.source(), my_desired.source(), true),
        (
            "SQLite",
            Source::Sqlite { path: lite_current.path().to_owned() },
            Source::Sqlite { path: lite_desired.path().to_owned() },
            false,
        ),
    ] {
        let (from, to) = (current.load().await.unwrap(), desired.load().await.unwrap());
        let planned = plan(&from, &to, &DiffOptions::default()).unwrap();
        let sql: Vec<&str> = planned.steps.iter().map(|s| s.sql.as_str()).collect();
        if in_place {
            assert!(sql.len() == 1 && sql[0].contains("RENAME"), "{label}: renamed in place: {sql:?}");
        } else {
            assert!(sql.len() == 2 && sql[0].starts_with("DROP INDEX"), "{label}: dropped and created: {sql:?}");
        }
        round_trip(&current, &desired, true).await;
    }
}

/// A type PostgreSQL has no cast to stops the plan with a message naming `--using`; given the
/// expression, the plan converts every value with it, and says it has no way back (a cast is
/// one way). An expression for a column the plan does not change is refused.
#[tokio::test]
async fn postgres_cast_without_a_cast_asks_for_using_and_uses_it() {
    let (a, b) =
        tokio::join!(TestDb::fresh(Server::Postgres, "using_pg_a"), TestDb::fresh(Server::Postgres, "using_pg_b"));
    tokio::join!(
        a.exec("CREATE TABLE orders (id int PRIMARY KEY, placed_at bigint NOT NULL); INSERT INTO orders VALUES (1, 86400);"),
        b.exec("CREATE TABLE orders (id int PRIMARY KEY, placed_at timestamptz NOT NULL);")
    );
    let (from, to) = (a.source().load().await.unwrap(), b.source().load().await.unwrap());
    let error = plan(&from, &to, &DiffOptions::default()).unwrap_err().to_string();
    assert!(error.contains("--using orders.placed_at=EXPR"), "{error}");

    let unrelated = DiffOptions::default().with_using(&["orders.id=id::text".into()]).unwrap();
    let error = plan(&from, &to, &unrelated).unwrap_err().to_string();
    assert!(error.contains("does not change the type"), "{error}");

    let options = DiffOptions::default().with_using(&["orders.placed_at=to_timestamp(placed_at)".into()]).unwrap();
    let plan = plan(&from, &to, &options).unwrap();
    assert!(plan.rollback_unavailable.is_some());
    apply_to_scratch(&a.source(), &plan).await.unwrap();
    let migrated = a.source().load().await.unwrap();
    assert!(diff(&migrated, &to, &DiffOptions::default()).unwrap().is_empty());
    let day = a.texts("SELECT to_char(placed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') FROM orders").await;
    assert_eq!(day, ["1970-01-02"]);
}

/// A partitioned MariaDB table is read with its PARTITION BY clause, created with it, and
/// partitioned anew (every row copied into the new layout) both ways.
#[tokio::test]
async fn mariadb_partitioned_tables_are_created_and_partitioned_anew() {
    let (a, b) =
        tokio::join!(TestDb::fresh(Server::Mysql, "partition_my_a"), TestDb::fresh(Server::Mysql, "partition_my_b"));
    let table = "CREATE TABLE sales (id int NOT NULL, year_num int NOT NULL, PRIMARY KEY (id, year_num))";
    let current = format!(
        "{table} PARTITION BY RANGE (year_num) (PARTITION p2023 VALUES LESS THAN (2024), PARTITION pmax VALUES LESS THAN MAXVALUE);
         CREATE TABLE cache (id bigint NOT NULL PRIMARY KEY) PARTITION BY KEY (id) PARTITIONS 4;
         INSERT INTO sales VALUES (1, 2023), (2, 2025);"
    );
    let desired = format!(
        "{table} PARTITION BY LIST (year_num) (PARTITION old VALUES IN (2023, 2024), PARTITION new VALUES IN (2025));"
    );
    tokio::join!(a.exec(&current), b.exec(&desired));
    let from = a.source().load().await.unwrap();
    let sales = from.schemas[0].tables.iter().find(|t| t.name == "sales").unwrap();
    let Some(plumb_engine::model::TableExtras::Mysql { partition: Some(clause), .. }) = &sales.extras else {
        panic!("no partition clause: {:?}", sales.extras)
    };
    assert!(clause.starts_with("PARTITION BY RANGE (`year_num`)"), "{clause}");
    assert!(clause.contains("VALUES LESS THAN MAXVALUE"), "{clause}");
    assert!(from.unsupported.is_empty(), "{:?}", from.unsupported);
    round_trip(&a.source(), &b.source(), false).await;
    assert_eq!(a.texts("SELECT CONCAT(id, ' ', year_num) FROM sales ORDER BY id").await, ["1 2023", "2 2025"]);
}

/// How a table is partitioned cannot change in place: the table is made again under its name,
/// its rows (and its partitions' rows) carried over, the views reading it and the foreign keys
/// pointing at it out and back; a partition's bound changes by detaching and attaching it.
#[tokio::test]
async fn postgres_a_new_way_of_partitioning_makes_the_table_again_with_its_rows() {
    let (a, b) = tokio::join!(
        TestDb::fresh(Server::Postgres, "converge_pg_repart_a"),
        TestDb::fresh(Server::Postgres, "converge_pg_repart_b")
    );
    let common = "CREATE TABLE kinds (id int PRIMARY KEY);
        INSERT INTO kinds VALUES (1), (2);";
    a.exec(&format!(
        "{common}
         CREATE TABLE events (id int GENERATED ALWAYS AS IDENTITY, kind int NOT NULL REFERENCES kinds, at date NOT NULL,
                              PRIMARY KEY (id));
         CREATE VIEW recent AS SELECT id, at FROM events;
         CREATE TABLE notes (id int PRIMARY KEY, event int REFERENCES events);
         CREATE TABLE m (id int NOT NULL, v int) PARTITION BY RANGE (id);
         CREATE TABLE m1 PARTITION OF m FOR VALUES FROM (0) TO (10);
         INSERT INTO events (kind, at) VALUES (1, '2026-01-01'), (2, '2026-02-01');
         INSERT INTO notes VALUES (1, 1); INSERT INTO m VALUES (5, 1);"
    ))
    .await;
    b.exec(&format!(
        "{common}
         CREATE TABLE events (id int GENERATED ALWAYS AS IDENTITY, kind int NOT NULL REFERENCES kinds, at date NOT NULL,
                              PRIMARY KEY (id, kind)) PARTITION BY LIST (kind);
         CREATE TABLE events_1 PARTITION OF events FOR VALUES IN (1);
         CREATE TABLE events_2 PARTITION OF events FOR VALUES IN (2);
         CREATE VIEW recent AS SELECT id, at FROM events;
         CREATE TABLE notes (id int PRIMARY KEY, event int);
         CREATE TABLE m (id int NOT NULL, v int) PARTITION BY RANGE (id);
         CREATE TABLE m1 PARTITION OF m FOR VALUES FROM (0) TO (20);"
    ))
    .await;
    // A partitioned table holds no rows itself (its partitions do): rows are counted below.
    round_trip(&a.source(), &b.source(), false).await;
    assert_eq!(a.texts("SELECT count(*)::text FROM ONLY events").await, ["2"], "rows are back after the rollback");
    let from = a.source().load().await.unwrap();
    let to = b.source().load().await.unwrap();
    let plan = plan(&from, &to, &DiffOptions::default()).unwrap();
    assert!(plan.steps.iter().all(|s| s.data_loss.is_none()), "rows are carried, not lost");
    let back = plan.reversed().unwrap();
    assert!(back.steps.iter().all(|s| s.data_loss.is_none()), "and back into one table");
    apply_to_scratch(&a.source(), &plan).await.unwrap();
    assert_eq!(a.texts("SELECT count(*)::text FROM events_1").await, ["1"]);
    assert_eq!(a.texts("SELECT count(*)::text FROM m1").await, ["1"]);
    // The identity goes on after the rows it numbered.
    a.exec("INSERT INTO events (kind, at) VALUES (1, '2026-03-01')").await;
    assert_eq!(a.texts("SELECT max(id)::text FROM events").await, ["3"]);
}

/// Tables that inherit (Sakila's payment partitions of old) and the rules that route rows to
/// them are created, changed and dropped.
#[tokio::test]
async fn postgres_inheritance_and_rules_converge() {
    let (a, b) = tokio::join!(
        TestDb::fresh(Server::Postgres, "converge_pg_inherit_a"),
        TestDb::fresh(Server::Postgres, "converge_pg_inherit_b")
    );
    let parent = "CREATE TABLE payment (id serial NOT NULL, amount numeric(5,2) NOT NULL, at date NOT NULL,
        CONSTRAINT positive CHECK (amount >= 0));
        CREATE TABLE payment_2006 (CONSTRAINT in_2006 CHECK (at < '2007-01-01')) INHERITS (payment);";
    a.exec(&format!("{parent} INSERT INTO payment_2006 (amount, at) VALUES (1, '2006-05-01');")).await;
    b.exec(&format!(
        "{parent}
         ALTER TABLE payment ADD COLUMN note text;
         CREATE TABLE payment_2007 (CONSTRAINT in_2007 CHECK (at >= '2007-01-01'), extra int DEFAULT 0) INHERITS (payment);
         ALTER TABLE payment_2007 ALTER COLUMN amount SET DEFAULT 1;
         CREATE RULE to_2007 AS ON INSERT TO payment WHERE (new.at >= '2007-01-01')
           DO INSTEAD INSERT INTO payment_2007 (id, amount, at) VALUES (DEFAULT, new.amount, new.at);"
    ))
    .await;
    round_trip(&a.source(), &b.source(), true).await;
    let to = b.source().load().await.unwrap();
    let table = to.schemas[0].table("payment_2007").unwrap();
    assert_eq!(table.inherits().len(), 1);
    assert_eq!(to.schemas[0].table("payment").unwrap().rules().len(), 1);
}

/// A foreign key pointing elsewhere is dropped and added again; MariaDB would replace the index
/// it made for the old key by one named after the new key, so the plan keeps the index as it is.
#[tokio::test]
async fn mariadb_a_changed_foreign_key_keeps_its_index() {
    let (a, b) =
        tokio::join!(TestDb::fresh(Server::Mysql, "fk_index_my_a"), TestDb::fresh(Server::Mysql, "fk_index_my_b"));
    let common =
        "CREATE TABLE users (id bigint NOT NULL PRIMARY KEY); CREATE TABLE admins (id bigint NOT NULL PRIMARY KEY);";
    let posts = |to: &str| {
        format!("{common} CREATE TABLE posts (id bigint PRIMARY KEY, author_id bigint, FOREIGN KEY (author_id) REFERENCES {to} (id));")
    };
    let (current, desired) = (posts("users"), posts("admins"));
    tokio::join!(a.exec(&current), b.exec(&desired));
    round_trip(&a.source(), &b.source(), true).await;
}

/// A schema's comment is set, changed and removed like any other comment (a comment the plan
/// left alone would make the database differ from the plan's desired fingerprint, and refuse the
/// way back).
#[tokio::test]
async fn postgres_schema_comments_converge() {
    let (a, b) = tokio::join!(
        TestDb::fresh(Server::Postgres, "converge_pg_schema_comment_a"),
        TestDb::fresh(Server::Postgres, "converge_pg_schema_comment_b")
    );
    tokio::join!(
        a.exec("CREATE TABLE t (id int); COMMENT ON SCHEMA public IS 'old words';"),
        b.exec("CREATE TABLE t (id int); COMMENT ON SCHEMA public IS 'new words'; CREATE SCHEMA s; COMMENT ON SCHEMA s IS 'new';")
    );
    round_trip(&a.source(), &b.source(), true).await;
}

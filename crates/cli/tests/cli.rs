//! The `plumb` binary as a user runs it: exit codes, output, errors. Mostly on SQLite files; the
//! few that need a server use the test PostgreSQL (PLUMB_TEST_PG_URL, else the local one).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn plumb(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_plumb")).args(args).env_remove("RUST_LOG").output().expect("run plumb")
}

/// `plumb ARGS` run in `dir`.
fn plumb_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_plumb"))
        .args(args)
        .current_dir(dir)
        .env_remove("RUST_LOG")
        .output()
        .expect("run plumb")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("stderr is UTF-8")
}

/// Writes the demo databases into a fresh folder and returns the folder and demo-prod's path.
fn demo() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = plumb(&["demo", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let prod = dir.path().join("demo-prod.sqlite");
    assert!(stdout(&out).contains(prod.to_str().unwrap()));
    (dir, prod)
}

fn assert_one_line_error(out: &Output, needles: &[&str]) {
    assert_eq!(out.status.code(), Some(1), "errors exit with 1; stderr: {}", stderr(out));
    let err = stderr(out);
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err:?}");
    assert!(err.starts_with("error: "), "{err}");
    for needle in needles {
        assert!(err.contains(needle), "{err:?} should contain {needle:?}");
    }
    assert!(out.stdout.is_empty(), "nothing on stdout when failing");
}

#[test]
fn inspect_prints_a_readable_tree() {
    let (_dir, prod) = demo();
    let out = plumb(&["inspect", prod.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("SQLite 3."), "{text}");
    assert!(text.contains("schema main: 6 tables, 1 view, 1 trigger"), "{text}");
    assert!(text.contains("table tasks  (12 rows)"), "{text}");
    assert!(text.contains("index idx_tasks_open_by_assignee (assignee_id, due_date) WHERE status <> 'done'"), "{text}");
    assert!(text.contains("foreign key memberships_user_fk (user_id) -> users (id) ON DELETE CASCADE"), "{text}");
    assert!(
        text.contains("trigger tasks_touch_updated_at\n  AFTER UPDATE ON tasks WHEN NEW.updated_at = OLD.updated_at")
    );
}

#[test]
fn inspect_json_is_byte_identical_across_runs_and_through_a_snapshot() {
    let (dir, prod) = demo();
    let first = plumb(&["inspect", prod.to_str().unwrap(), "--json", "--pretty"]);
    let second = plumb(&["inspect", &format!("sqlite:{}", prod.display()), "--json", "--pretty"]);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    assert_eq!(stdout(&first), stdout(&second), "two introspections print the same bytes");
    assert!(stdout(&first).starts_with("{\n  \"format_version\": 1,"));

    let snapshot = dir.path().join("snapshot.json");
    std::fs::write(&snapshot, &first.stdout).unwrap();
    let reprinted = plumb(&["inspect", snapshot.to_str().unwrap(), "--json", "--pretty"]);
    assert_eq!(reprinted.status.code(), Some(0), "{}", stderr(&reprinted));
    assert_eq!(reprinted.stdout, first.stdout, "a snapshot reprints byte-identically");

    // Without --pretty, the same snapshot on one line.
    let compact = plumb(&["inspect", prod.to_str().unwrap(), "--json"]);
    assert_eq!(stdout(&compact).lines().count(), 1, "one line");
    let value = |text: &str| serde_json::from_str::<serde_json::Value>(text).unwrap();
    assert_eq!(value(&stdout(&compact)), value(&stdout(&first)), "the same snapshot");

    let tree_from_db = plumb(&["inspect", prod.to_str().unwrap()]);
    let tree_from_snapshot = plumb(&["inspect", snapshot.to_str().unwrap()]);
    assert_eq!(tree_from_db.stdout, tree_from_snapshot.stdout, "a snapshot is as good as the database");
}

#[test]
fn a_missing_file_is_a_one_line_error_naming_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("missing.sqlite");
    let out = plumb(&["inspect", path.to_str().unwrap()]);
    assert_one_line_error(&out, &[path.to_str().unwrap(), "no such file"]);
    assert!(!path.exists());
}

#[test]
fn a_file_that_is_not_sqlite_is_a_one_line_error_naming_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("photo.db");
    std::fs::write(&path, [0x89u8, b'P', b'N', b'G'].repeat(512)).unwrap();
    let out = plumb(&["inspect", path.to_str().unwrap()]);
    assert_one_line_error(&out, &[path.to_str().unwrap(), "not an SQLite database"]);
}

#[test]
fn a_locked_database_is_a_one_line_error_naming_the_path() {
    let (_dir, prod) = demo();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let mut holder = runtime.block_on(lock_exclusively(&prod));
    let out = plumb(&["inspect", prod.to_str().unwrap()]);
    assert_one_line_error(&out, &[prod.to_str().unwrap(), "locked"]);
    runtime.block_on(sqlx::Executor::execute(&mut holder, "ROLLBACK")).unwrap();
}

async fn lock_exclusively(path: &Path) -> sqlx::SqliteConnection {
    use sqlx::{ConnectOptions, Executor};
    let mut conn = sqlx::sqlite::SqliteConnectOptions::new().filename(path).connect().await.unwrap();
    conn.execute("BEGIN EXCLUSIVE").await.unwrap();
    conn
}

#[test]
fn a_broken_snapshot_is_a_one_line_error_naming_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("snapshot.json");
    std::fs::write(&path, "{\"format_version\": 1,\n \"flavor\": \"sqlite\"").unwrap();
    let out = plumb(&["inspect", path.to_str().unwrap()]);
    assert_one_line_error(&out, &[path.to_str().unwrap(), "not a valid Plumb snapshot", "line 2"]);
}

#[test]
fn an_unknown_source_lists_the_accepted_forms() {
    let out = plumb(&["inspect", "schema.txt"]);
    assert_one_line_error(&out, &["schema.txt", "sqlite:PATH", ".json", "postgres://"]);
}

#[test]
fn a_password_in_a_url_never_reaches_the_output() {
    let out = plumb(&["-vv", "inspect", "postgres://alice:hunter2@127.0.0.1:1/app"]);
    assert_eq!(out.status.code(), Some(1));
    let all = format!("{}{}", stdout(&out), stderr(&out));
    assert!(!all.contains("hunter2"), "{all}");
    assert!(all.contains("alice:***@127.0.0.1"), "{all}");
}

#[test]
fn version_and_help_describe_the_tool() {
    let version = plumb(&["--version"]);
    assert_eq!(version.status.code(), Some(0));
    assert_eq!(stdout(&version).trim(), format!("plumb {}", env!("CARGO_PKG_VERSION")));

    let help = plumb(&["--help"]);
    assert_eq!(help.status.code(), Some(0));
    for needle in ["inspect", "Exit codes:", "2  differences found", "3  blocked by a safety finding", "sqlite:PATH"] {
        assert!(stdout(&help).contains(needle), "--help mentions {needle:?}");
    }
    let inspect_help = plumb(&["inspect", "--help"]);
    assert!(stdout(&inspect_help).contains("Examples:"), "{}", stdout(&inspect_help));
}

#[test]
fn usage_errors_exit_1_never_2_which_means_differences() {
    for args in [&["inspect"][..], &["diff", "a", "b", "--exti-code"], &["frobnicate"]] {
        let out = plumb(args);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains("error:"), "{args:?}: {}", stderr(&out));
    }
    let help = plumb(&["--help"]);
    assert_eq!(help.status.code(), Some(0), "asking for help is not an error");
    assert!(stdout(&help).contains("Usage"), "{}", stdout(&help));
}

/// The test PostgreSQL server's admin URL: PLUMB_TEST_PG_URL, else the local one.
fn pg_admin_url() -> String {
    std::env::var("PLUMB_TEST_PG_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

/// A URL on the test PostgreSQL server with another database and a password.
fn pg_url(database: &str) -> String {
    let admin = pg_admin_url();
    let rest = admin.split_once('@').map(|(_, rest)| rest).unwrap_or("127.0.0.1:5432/postgres");
    let host = rest.split('/').next().unwrap_or("127.0.0.1:5432");
    format!("postgres://postgres:hunter2@{host}/{database}")
}

#[test]
fn server_failures_are_one_line_errors_that_never_show_the_password() {
    let cases = [
        ("postgres://alice:hunter2@127.0.0.1:1/app".to_owned(), "connection refused"),
        (pg_url("plumb_cli_no_such_db"), "database \"plumb_cli_no_such_db\" does not exist"),
        (format!("{}?sslrootcert=/nonexistent/ca.crt", pg_url("postgres")), "no such file"),
    ];
    for (url, expected) in cases {
        let out = plumb(&["inspect", &url]);
        assert_one_line_error(&out, &[expected, ":***@"]);
        assert!(!stderr(&out).contains("hunter2"), "{}", stderr(&out));
    }
}

#[test]
fn a_live_postgres_database_prints_its_tree() {
    let out = plumb(&["inspect", &pg_url("postgres")]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).starts_with("PostgreSQL "), "{}", stdout(&out));
    assert!(stdout(&out).contains("extensions: plpgsql"), "{}", stdout(&out));
}

#[test]
fn diff_lists_the_changes_between_the_demos_and_exits_2_with_exit_code() {
    let (dir, prod) = demo();
    let dev = dir.path().join("demo-dev.sqlite");
    let out = plumb(&["diff", prod.to_str().unwrap(), dev.to_str().unwrap(), "--exit-code"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let text = stdout(&out);
    for line in [
        "+ table labels (4 columns)",
        "~ table tasks",
        "    + column estimate_minutes INTEGER  null",
        "    ~ index idx_tasks_project (project_id) -> index idx_tasks_project (project_id, status)",
        "~ table users",
        "    - column legacy_username TEXT  null",
        "~ table projects",
        "    - column archived_at TEXT  null",
        "    + column archived_on TEXT  null",
        "4 differences: 1 added, 0 dropped, 3 changed",
        "  archived_at -> archived_on   --rename projects.archived_at=projects.archived_on",
    ] {
        assert!(text.lines().any(|l| l == line), "{line:?} in\n{text}");
    }
    let without_flag = plumb(&["diff", prod.to_str().unwrap(), dev.to_str().unwrap()]);
    assert_eq!(without_flag.status.code(), Some(0), "differences are not an error unless asked");
}

#[test]
fn diff_of_a_schema_with_itself_is_empty_and_exits_0() {
    let (_dir, prod) = demo();
    let out = plumb(&["diff", prod.to_str().unwrap(), prod.to_str().unwrap(), "--exit-code"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).ends_with("no differences\n"), "{}", stdout(&out));
}

#[test]
fn diff_sql_prints_the_statements_that_migrate() {
    let (dir, prod) = demo();
    let dev = dir.path().join("demo-dev.sqlite");
    let out = plumb(&["diff", prod.to_str().unwrap(), dev.to_str().unwrap(), "--sql", "--exit-code"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("ALTER TABLE") || text.contains("CREATE TABLE"), "{text}");
    assert!(!text.contains("-- rollback"), "{text}");
    let same = plumb(&["diff", prod.to_str().unwrap(), prod.to_str().unwrap(), "--sql"]);
    assert_eq!(stdout(&same), "-- nothing to do: the schemas are the same\n");
}

#[test]
fn diff_json_is_the_typed_change_set() {
    let (dir, prod) = demo();
    let dev = dir.path().join("demo-dev.sqlite");
    let out = plumb(&["diff", prod.to_str().unwrap(), dev.to_str().unwrap(), "--json", "--exclude", "labels"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    let kinds: Vec<&str> = value["changes"].as_array().unwrap().iter().map(|c| c["change"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["modify_table", "modify_table", "modify_table"], "labels is excluded");
    assert_eq!(value["changes"][2]["table"], "users");
    assert_eq!(value["changes"][2]["changes"][0]["change"], "drop_column");
    assert_eq!(value["possible_renames"][0]["to"], "archived_on");

    let renamed = plumb(&[
        "diff",
        prod.to_str().unwrap(),
        dev.to_str().unwrap(),
        "--json",
        "--rename",
        "projects.archived_at=projects.archived_on",
    ]);
    let value: serde_json::Value = serde_json::from_slice(&renamed.stdout).expect("valid JSON");
    let projects = value["changes"].as_array().unwrap().iter().find(|c| c["table"] == "projects").unwrap();
    assert_eq!(projects["changes"].as_array().unwrap().len(), 1, "{projects}");
    assert_eq!(projects["changes"][0]["change"], "rename_column");
    assert_eq!(value["possible_renames"], serde_json::json!([]), "a confirmed rename is no longer offered");
}

#[test]
fn diff_refuses_what_it_cannot_compare_with_one_line() {
    let (dir, prod) = demo();
    let dev = dir.path().join("demo-dev.sqlite");
    let out = plumb(&["diff", prod.to_str().unwrap(), dev.to_str().unwrap(), "--rename", "users.nope=users.other"]);
    assert_one_line_error(&out, &["rename users.nope=users.other"]);
    let out = plumb(&["diff", prod.to_str().unwrap(), dev.to_str().unwrap(), "--rename", "users"]);
    assert_one_line_error(&out, &["write old=new"]);
    let out = plumb(&["diff", prod.to_str().unwrap(), &pg_url("postgres")]);
    assert_one_line_error(&out, &["cannot compare a SQLite schema with a PostgreSQL schema"]);
}

/// `plumb apply PLAN --to TARGET --yes` with more arguments, and `--confirm FILE_NAME` (the name a
/// plan that loses data asks for) unless they give one.
fn apply(plan: &Path, target: &Path, more: &[&str]) -> Output {
    let mut args = vec!["apply", plan.to_str().unwrap(), "--to", target.to_str().unwrap(), "--yes"];
    if !more.contains(&"--confirm") {
        args.extend(["--confirm", target.file_name().unwrap().to_str().unwrap()]);
    }
    args.extend_from_slice(more);
    // The plan's folder is the project: evidence goes to its .plumb/runs.
    let mut command = Command::new(env!("CARGO_BIN_EXE_plumb"));
    command.args(&args).env_remove("RUST_LOG").current_dir(plan.parent().unwrap());
    command.output().expect("run plumb")
}

#[test]
fn plan_then_apply_migrates_prod_to_dev_and_the_diff_is_empty() {
    let (dir, prod) = demo();
    let dev = dir.path().join("demo-dev.sqlite");
    let plan_file = dir.path().join("plan.json");
    let out = plumb(&[
        "plan",
        prod.to_str().unwrap(),
        dev.to_str().unwrap(),
        "--out",
        plan_file.to_str().unwrap(),
        "--rollback",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("-- DATA LOSS: drops column main.users.legacy_username holding 3 non-null values"), "{text}");
    assert!(text.contains("-- rollback:"), "{text}");
    assert!(plan_file.exists());

    let unacknowledged = apply(&plan_file, &prod, &[]);
    assert_eq!(
        unacknowledged.status.code(),
        Some(3),
        "a blocking finding stops the apply: {}",
        stderr(&unacknowledged)
    );
    let refusal = stderr(&unacknowledged);
    assert!(refusal.contains("block drop-column") && refusal.contains("pass --allow drop-column"), "{refusal}");
    let untouched = plumb(&["diff", prod.to_str().unwrap(), dev.to_str().unwrap(), "--exit-code"]);
    assert_eq!(untouched.status.code(), Some(2), "nothing was applied");
    let typo = apply(&plan_file, &prod, &["--allow", "drop-colum"]);
    assert_one_line_error(&typo, &["--allow drop-colum", "no rule by that name"]);

    let applied = apply(&plan_file, &prod, &["--allow", "drop-column"]);
    assert_eq!(applied.status.code(), Some(0), "{}", stderr(&applied));
    assert!(stderr(&applied).contains("acknowledged: drop-column"), "{}", stderr(&applied));
    assert!(stdout(&applied).contains("verified: it now has the desired schema"), "{}", stdout(&applied));
    assert!(stderr(&applied).contains("[1/"), "progress per step: {}", stderr(&applied));
    let check = plumb(&["diff", prod.to_str().unwrap(), dev.to_str().unwrap(), "--exit-code"]);
    assert_eq!(check.status.code(), Some(0), "{}", stdout(&check));
    let runs: Vec<_> = std::fs::read_dir(dir.path().join(".plumb/runs")).unwrap().collect();
    assert_eq!(runs.len(), 1, "one evidence folder per run");
    let run = runs[0].as_ref().unwrap().path();
    for file in [
        "00-connection-check.md",
        "01-schema-diff-preview.md",
        "02-migration-plan.md",
        "03-execution-log.md",
        "04-post-verify.md",
        "plan.json",
        "restore.sql",
    ] {
        assert!(run.join(file).is_file(), "{file} in {}", run.display());
    }
    assert!(std::fs::read_to_string(run.join("04-post-verify.md")).unwrap().contains("**APPLIED**"));
    // The run's evidence reads from the command line as the app's History reads it: listed runs'
    // reports only, by plain name.
    let run_id = plumb_db::evidence::list(&dir.path().join(".plumb/runs")).unwrap()[0].record.run_id.clone();
    let history = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_plumb")).arg("history").args(args).current_dir(dir.path()).output().unwrap()
    };
    let files = history(&[&run_id]);
    assert!(
        stdout(&files).contains("  04-post-verify.md\n") && stdout(&files).contains("restore.sql"),
        "{}",
        stdout(&files)
    );
    let report = history(&[&run_id, "04-post-verify.md"]);
    assert!(stdout(&report).contains("**APPLIED**"), "{}", stdout(&report));
    let outside = history(&[&run_id, "../../demo-prod.sqlite"]);
    assert_one_line_error(&outside, &["../../demo-prod.sqlite is not an evidence file of a listed run"]);
    assert_one_line_error(&history(&["no-such-run"]), &["no run no-such-run in"]);
    let recorded = plumb(&["history", "--to", prod.to_str().unwrap()]);
    assert!(stdout(&recorded).contains("APPLIED") && stdout(&recorded).contains("(dev)"), "{}", stdout(&recorded));

    // Applied once, the plan has nothing left to do, and says so.
    let again = apply(&plan_file, &prod, &["--allow", "drop-column"]);
    assert_eq!(again.status.code(), Some(3), "the gate refuses with 3: {}", stderr(&again));
    let last = stderr(&again).lines().last().unwrap_or_default().to_owned();
    assert!(last.contains("already has this plan's desired schema") && last.contains("nothing to apply"), "{last}");

    // Changed by someone else since: the drift is shown, and the stale SQL is never offered.
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        use sqlx::{ConnectOptions, Executor};
        let mut conn = sqlx::sqlite::SqliteConnectOptions::new().filename(&prod).connect().await.unwrap();
        conn.execute("CREATE TABLE someone_elses (x INTEGER)").await.unwrap();
    });
    let stale = apply(&plan_file, &prod, &["--allow", "drop-column"]);
    assert_eq!(stale.status.code(), Some(3), "the gate refuses with 3: {}", stderr(&stale));
    let last = stderr(&stale).lines().last().unwrap_or_default().to_owned();
    assert!(
        last.contains("the database changed since the plan was made") && last.contains("nothing was written"),
        "{last}"
    );
    let shown = stderr(&stale);
    assert!(shown.contains("what changed since the plan was made:") && shown.contains("someone_elses"), "{shown}");
    assert!(!shown.contains("-- 1. "), "{shown}");
}

#[test]
fn apply_without_confirmation_or_with_an_edited_plan_is_blocked() {
    let (dir, prod) = demo();
    let dev = dir.path().join("demo-dev.sqlite");
    let plan_file = dir.path().join("plan.json");
    assert_eq!(
        plumb(&["plan", prod.to_str().unwrap(), dev.to_str().unwrap(), "--out", plan_file.to_str().unwrap()])
            .status
            .code(),
        Some(0)
    );

    let unconfirmed =
        plumb(&["apply", plan_file.to_str().unwrap(), "--to", prod.to_str().unwrap(), "--allow", "drop-column"]);
    assert_eq!(unconfirmed.status.code(), Some(3), "{}", stderr(&unconfirmed));
    // On a dev file too: the plan drops columns, so the database's name is asked for.
    let asked = stderr(&unconfirmed);
    assert!(
        asked.contains("this plan loses data (2 step(s))") && asked.contains("pass --confirm demo-prod.sqlite"),
        "{asked}"
    );

    let text = std::fs::read_to_string(&plan_file).unwrap().replace("CASCADE", "SET NULL");
    std::fs::write(&plan_file, text).unwrap();
    let edited = apply(&plan_file, &prod, &["--allow", "drop-column"]);
    assert_eq!(edited.status.code(), Some(3), "{}", stderr(&edited));
    assert!(stderr(&edited).contains("the plan was edited after it was written"), "{}", stderr(&edited));
    let untouched = plumb(&["diff", prod.to_str().unwrap(), dev.to_str().unwrap(), "--exit-code"]);
    assert_eq!(untouched.status.code(), Some(2), "nothing was applied");
}

#[test]
fn plan_shows_safety_findings_and_step_impacts() {
    let (dir, prod) = demo();
    let dev = dir.path().join("demo-dev.sqlite");
    let out = plumb(&["plan", prod.to_str().unwrap(), dev.to_str().unwrap()]);
    let text = stdout(&out);
    assert!(text.contains("-- safety: 2 block, 1 warn"), "{text}");
    assert!(text.contains("block drop-column: drops column main.users.legacy_username"), "{text}");
    assert!(text.contains("warn possible-rename-as-drop-add"), "{text}");
    assert!(text.contains("-- LOCKS: database write lock, writes wait, rewrites the table"), "{text}");
}

fn migrations(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

#[test]
fn lint_reports_findings_with_file_and_line_and_exits_3_when_blocked() {
    let dir = migrations(&[
        (
            "0001_init.sql",
            "CREATE TABLE users (id bigserial PRIMARY KEY, email text);\nCREATE INDEX users_email ON users (email);\n",
        ),
        ("0002_index.sql", "SET lock_timeout = '5s';\n\nCREATE INDEX users_email_2 ON users (email);\n"),
        ("0002_index.down.sql", "DROP TABLE users;\n"),
    ]);
    // 0002 alone tells nothing about its dialect; the folder's other file does.
    let out = plumb(&["lint", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("0002_index.sql:3: block pg-create-index-blocking: builds index users_email_2 on users"),
        "{text}"
    );
    assert!(!text.contains("0001_init.sql:2"), "an index on a table created in the same file is fine: {text}");
    assert!(!text.contains("drop-table"), "down files are not part of the way forward: {text}");
    assert!(text.contains("2 file(s), 2 finding(s): 1 block, 1 warn, 0 info"), "{text}");

    let json = plumb(&["lint", dir.path().to_str().unwrap(), "--json"]);
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).expect("valid JSON");
    assert_eq!(value[1]["dialect"], "postgres", "the files of one run share the dialect their clues point to");
    assert_eq!(value[1]["findings"][0]["rule"], "pg-create-index-blocking");
    assert_eq!(value[1]["findings"][0]["line"], 3);

    let quiet = migrations(&[("a.sql", "SET lock_timeout = '1s';\n-- plumb:ignore pg-create-index-blocking built off-peak, table is tiny\nCREATE INDEX i ON t (a);\n")]);
    let out = plumb(&["lint", quiet.path().to_str().unwrap(), "--dialect", "postgres"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

#[test]
fn lint_blocks_what_empties_or_drops_everything_and_fails_on_the_bar_ci_sets() {
    for (file, text) in [
        ("delete.sql", "DELETE FROM users;\n"),
        ("truncate.sql", "TRUNCATE users;\n"),
        ("schema.sql", "DROP SCHEMA app CASCADE;\n"),
        ("database.sql", "DROP DATABASE shop;\n"),
    ] {
        let dir = migrations(&[(file, text)]);
        for dialect in ["postgres", "mysql"] {
            let out = plumb(&["lint", dir.path().to_str().unwrap(), "--dialect", dialect, "--runner", "plumb"]);
            assert_eq!(out.status.code(), Some(3), "{file} on {dialect} blocks: {}", stdout(&out));
        }
    }
    let narrow = migrations(&[("a.sql", "DELETE FROM users WHERE id = 1;\n")]);
    let path = narrow.path().to_str().unwrap();
    let warned = plumb(&["lint", path, "--dialect", "postgres", "--runner", "plumb"]);
    assert_eq!(warned.status.code(), Some(0), "a warning passes by default: {}", stdout(&warned));
    assert!(stdout(&warned).contains("warn backfill-in-migration"), "{}", stdout(&warned));
    let strict = plumb(&["lint", path, "--dialect", "postgres", "--runner", "plumb", "--fail-on", "warn"]);
    assert_eq!(strict.status.code(), Some(3), "--fail-on warn fails on a warning: {}", stdout(&strict));

    let alter = migrations(&[("a.sql", "ALTER TABLE users ADD COLUMN note text;\n")]);
    let other = plumb(&["lint", alter.path().to_str().unwrap(), "--dialect", "postgres"]);
    assert!(stdout(&other).contains("require-lock-timeout"), "a file run by another tool sets its own timeout");
    let ours = plumb(&["lint", alter.path().to_str().unwrap(), "--dialect", "postgres", "--runner", "plumb"]);
    assert!(!stdout(&ours).contains("require-lock-timeout"), "Plumb sets it: {}", stdout(&ours));
}

#[test]
fn a_protected_table_is_refused_even_with_allow() {
    let (dir, prod) = demo();
    let dev = dir.path().join("demo-dev.sqlite");
    let plan_file = dir.path().join("plan.json");
    let out = plumb(&["plan", prod.to_str().unwrap(), dev.to_str().unwrap(), "--out", plan_file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    std::fs::create_dir_all(dir.path().join(".plumb")).unwrap();
    std::fs::write(dir.path().join(".plumb/policy.toml"), "protected = [\"users\"]\n").unwrap();
    let bytes = std::fs::read(&prod).unwrap();
    let refused = apply(&plan_file, &prod, &["--allow", "drop-column", "--env", "dev"]);
    assert_eq!(refused.status.code(), Some(3), "{}", stderr(&refused));
    assert!(stderr(&refused).contains("the policy protects \"users\""), "{}", stderr(&refused));
    assert_eq!(std::fs::read(&prod).unwrap(), bytes, "nothing was written");
}

#[test]
fn lint_explains_rules_and_refuses_what_it_cannot_read() {
    let out = plumb(&["lint", "--explain", "drop-column"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(text.starts_with("drop-column (block; PostgreSQL, MySQL/MariaDB, SQLite)"), "{text}");
    assert!(text.contains("What to do instead:") && text.contains("-- plumb:ignore drop-column"), "{text}");
    assert_one_line_error(
        &plumb(&["lint", "--explain", "drop-col"]),
        &["no rule \"drop-col\"", "did you mean drop-column"],
    );
    let rules = stdout(&plumb(&["lint", "--rules"]));
    assert!(rules.lines().count() >= 50 && rules.contains("pg-set-not-null-scan"), "{rules}");

    let plain = migrations(&[("a.sql", "CREATE TABLE t (id int);\n")]);
    let path = plain.path().join("a.sql");
    assert_one_line_error(&plumb(&["lint", path.to_str().unwrap()]), &["cannot tell which dialect", "--dialect"]);
    let prisma = migrations(&[
        ("migrations/migration_lock.toml", "provider = \"mysql\"\n"),
        ("migrations/20240101_init/migration.sql", "ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0);\n"),
    ]);
    let json = plumb(&["lint", prisma.path().to_str().unwrap(), "--json"]);
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).expect("valid JSON");
    assert_eq!(value[0]["dialect"], "mysql", "Prisma's migration_lock.toml names the provider");
    let broken = migrations(&[("b.sql", "CREATE TABLE t (id bigserial);\nALTER TABLE t FROBNICATE;\n")]);
    let text = stdout(&plumb(&["lint", broken.path().to_str().unwrap()]));
    assert!(text.contains("b.sql:2: warn unparsable-statement"), "{text}");
}

#[test]
fn lint_with_the_schema_knows_what_a_statement_touches() {
    let (dir, prod) = demo();
    let migration = dir.path().join("0001_drop_email.sql");
    std::fs::write(
        &migration,
        "ALTER TABLE users DROP COLUMN email;\nALTER TABLE users DROP COLUMN created_at;\nALTER TABLE users DROP COLUMN legacy_username;\n",
    )
    .unwrap();
    let out = plumb(&["lint", migration.to_str().unwrap(), "--schema", prod.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains(
            ":1: block sqlite-drop-column-restrictions: SQLite cannot drop users.email: it is in a unique constraint"
        ),
        "the dialect and the constraint come from the schema: {text}"
    );
    assert!(
        !text.contains(":2: block sqlite-drop-column-restrictions"),
        "created_at has nothing depending on it: {text}"
    );
    assert!(
        text.contains(":3: block drop-column: drops column users.legacy_username holding 3 non-null values"),
        "a live schema also answers the data checks: {text}"
    );
    let unchecked =
        plumb(&["lint", migration.to_str().unwrap(), "--schema", prod.to_str().unwrap(), "--no-data-checks"]);
    assert!(
        stdout(&unchecked).contains(":3: block drop-column: drops column users.legacy_username and every value in it")
    );
}

#[test]
fn export_writes_context_once_and_leaves_it_alone_when_nothing_changed() {
    let (dir, prod) = demo();
    let out = dir.path().join("docs/context/db/schema.json");
    let md = dir.path().join("docs/context/db/schema.md");
    let mirror = dir.path().join("db/schema");
    let args = [
        "export",
        prod.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--markdown",
        md.to_str().unwrap(),
        "--mirror",
        mirror.to_str().unwrap(),
    ];
    let first = plumb(&args);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    assert!(stdout(&first).contains("wrote ") && stdout(&first).contains("table(s) of"), "{}", stdout(&first));
    let json = std::fs::read_to_string(&out).unwrap();
    assert!(json.contains("\"format\": \"plumb-context\"") && json.contains("\"referenced_by\""));
    assert!(std::fs::read_to_string(&md).unwrap().contains("### main.tasks"));
    let tables: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(mirror.join("tables.json")).unwrap()).unwrap();
    assert!(tables.as_array().is_some_and(|t| t.iter().any(|t| t["qualified_name"] == "main.tasks")));
    let modified = std::fs::metadata(&out).unwrap().modified().unwrap();

    let second = plumb(&args);
    assert_eq!(stdout(&second).matches("unchanged ").count(), 5, "{}", stdout(&second));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), json, "byte-identical");
    assert_eq!(std::fs::metadata(&out).unwrap().modified().unwrap(), modified, "not even rewritten");

    let schema = plumb(&["export", "--json-schema"]);
    let schema: serde_json::Value = serde_json::from_str(&stdout(&schema)).unwrap();
    assert_eq!(schema["properties"]["format"]["const"], "plumb-context");
}

#[test]
fn migrate_status_finds_the_prisma_folder_and_exits_2_until_everything_is_applied() {
    let (dir, prod) = demo();
    let migration = dir.path().join("prisma/migrations/20240101000000_init");
    std::fs::create_dir_all(&migration).unwrap();
    std::fs::write(migration.join("migration.sql"), "CREATE TABLE users (id INTEGER PRIMARY KEY);\n").unwrap();
    let status = |json: bool| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_plumb"));
        command.args(["migrate", "status", "--to", prod.to_str().unwrap()]).current_dir(dir.path());
        if json {
            command.arg("--json");
        }
        command.output().unwrap()
    };
    let pending = status(false);
    assert_eq!(pending.status.code(), Some(2), "{}", stderr(&pending));
    let text = stdout(&pending);
    assert!(text.contains("20240101000000_init") && text.contains("pending"), "{text}");
    assert!(text.contains("no migration table yet") && text.contains("not up to date: 1 pending"), "{text}");
    let json: serde_json::Value = serde_json::from_str(&stdout(&status(true))).unwrap();
    assert_eq!(json["entries"][0]["state"], "pending");
}

#[test]
fn an_sql_file_or_migrations_folder_is_a_source() {
    let dir = tempfile::tempdir().unwrap();
    let schema = dir.path().join("schema.sql");
    std::fs::write(&schema, "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL);\n").unwrap();
    let tree = plumb(&["inspect", schema.to_str().unwrap()]);
    assert_eq!(tree.status.code(), Some(0), "{}", stderr(&tree));
    assert!(stdout(&tree).contains("users") && stdout(&tree).contains("email"), "{}", stdout(&tree));

    let folder = dir.path().join("migrations");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(
        folder.join("0001_users.sql"),
        "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL);\n",
    )
    .unwrap();
    std::fs::write(folder.join("0002_posts.sql"), "CREATE TABLE posts (id INTEGER PRIMARY KEY);\n").unwrap();
    let differ = plumb(&["diff", schema.to_str().unwrap(), folder.to_str().unwrap(), "--exit-code"]);
    assert_eq!(differ.status.code(), Some(2), "{}", stderr(&differ));
    assert!(stdout(&differ).contains("+ table posts"), "{}", stdout(&differ));

    let wrong = plumb(&["--shadow", "sqlite:x.db", "inspect", schema.to_str().unwrap()]);
    assert_one_line_error(&wrong, &["--shadow", "postgres:// or mysql://"]);
}

/// An SQLite file built from `sql`.
fn sqlite_with(path: &Path, sql: &str) {
    use sqlx::{ConnectOptions, Executor};
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let mut conn =
            sqlx::sqlite::SqliteConnectOptions::new().filename(path).create_if_missing(true).connect().await.unwrap();
        conn.execute(sqlx::raw_sql(sql)).await.unwrap();
    });
}

#[test]
fn drift_says_which_side_is_behind_and_what_to_run() {
    let dir = tempfile::tempdir().unwrap();
    let v1 = "CREATE TABLE users (id INTEGER PRIMARY KEY);\n";
    let v2 = "ALTER TABLE users ADD COLUMN email TEXT;\n";
    let migrations = dir.path().join("migrations");
    std::fs::create_dir_all(&migrations).unwrap();
    std::fs::write(migrations.join("0001_users.sql"), v1).unwrap();
    std::fs::write(migrations.join("0002_email.sql"), v2).unwrap();
    sqlite_with(&dir.path().join("dev.db"), &format!("{v1}{v2}"));
    sqlite_with(&dir.path().join("prod.db"), v1);
    std::fs::create_dir_all(dir.path().join(".plumb")).unwrap();
    let config = |truth: &str| {
        let text = format!("{truth}\nschema = \"migrations\"\n[environments]\ndev = \"dev.db\"\nprod = \"prod.db\"\n");
        std::fs::write(dir.path().join(".plumb/project.toml"), text).unwrap();
    };
    let drift = |json: bool| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_plumb"));
        command.arg("drift").current_dir(dir.path());
        if json {
            command.arg("--json");
        }
        command.output().unwrap()
    };

    config("truth = \"repo\"");
    let out = drift(false);
    assert_eq!(out.status.code(), Some(2), "{}{}", stdout(&out), stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("truth: repository"), "{text}");
    assert!(text.lines().any(|l| l.contains("dev") && l.ends_with("in sync")), "{text}");
    assert!(text.contains("prod         1 difference(s): behind the repository: plumb plan prod.db"), "{text}");

    config("truth = \"database\"\ndatabase = \"prod\"");
    let report: serde_json::Value = serde_json::from_str(&stdout(&drift(true))).unwrap();
    assert_eq!(report["truth"]["name"], "prod");
    let sides = report["sides"].as_array().unwrap();
    let repo = sides.iter().find(|s| s["name"] == "repository").unwrap();
    // The repository follows the database that is the truth: plumb pull brings it after it.
    let advice = repo["advice"].as_str().unwrap();
    assert!(
        advice.contains("the repository is behind the prod database") && advice.contains("plumb pull prod.db"),
        "{repo}"
    );

    std::fs::write(dir.path().join("prod.db"), b"").unwrap();
    std::fs::remove_file(dir.path().join("dev.db")).unwrap();
    config("truth = \"repo\"");
    let out = drift(false);
    assert_eq!(out.status.code(), Some(1), "an environment that cannot be read: {}", stdout(&out));
    assert!(stdout(&out).contains("cannot read it"), "{}", stdout(&out));
}

#[test]
fn pull_writes_a_prisma_schema_once_and_names_what_it_leaves_out() {
    let (dir, prod) = demo();
    let file = dir.path().join("prisma/schema.prisma");
    let args = ["pull", prod.to_str().unwrap(), "--prisma", file.to_str().unwrap()];
    let first = plumb(&args);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    assert!(stdout(&first).contains("wrote ") && stdout(&first).contains("6 model(s)"), "{}", stdout(&first));
    assert!(stderr(&first).contains("warning: main.tasks: check constraint"), "{}", stderr(&first));
    let schema = std::fs::read_to_string(&file).unwrap();
    assert!(schema.contains("provider = \"sqlite\"") && schema.contains("model tasks {"), "{schema}");
    assert!(stdout(&plumb(&args)).contains("unchanged "), "a second pull leaves the file alone");
    let printed = plumb(&["pull", prod.to_str().unwrap(), "--print"]);
    assert_eq!(stdout(&printed), schema, "--print shows what would be written");

    std::fs::write(&file, "model tasks {\n  id Int @id\n  title\n}\n").unwrap();
    let broken = plumb(&args);
    assert_eq!(broken.status.code(), Some(1));
    assert!(stderr(&broken).contains("schema.prisma:3:8: expected the type of field `title`"), "{}", stderr(&broken));
    assert!(
        std::fs::read_to_string(&file).unwrap().contains("  title\n"),
        "a file that does not read is left as it was"
    );
}

#[test]
fn migrate_new_writes_the_next_migration_from_schema_prisma() {
    let dir = tempfile::tempdir().unwrap();
    let schema = dir.path().join("prisma/schema.prisma");
    std::fs::create_dir_all(schema.parent().unwrap()).unwrap();
    std::fs::write(
        &schema,
        "datasource db {\n  provider = \"sqlite\"\n}\nmodel Task {\n  id Int @id\n  title String\n}\n",
    )
    .unwrap();
    let to = schema.to_str().unwrap();
    let first = plumb(&["migrate", "new", "init", "--to", to]);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    assert!(stdout(&first).contains("_init/migration.sql") && stdout(&first).contains("1 statement(s) for SQLite"));
    std::fs::write(&schema, "datasource db {\n  provider = \"sqlite\"\n}\nmodel Task {\n  id Int @id\n}\n").unwrap();
    let second = plumb(&["migrate", "new", "drop title", "--to", to]);
    assert_eq!(second.status.code(), Some(0), "{}", stderr(&second));
    let out = stdout(&second);
    assert!(out.contains("_drop_title/down.sql") && out.contains("safety:") && out.contains("drop"), "{out}");
    let again = plumb(&["migrate", "new", "noop", "--to", to]);
    assert!(stdout(&again).contains("no changes:"), "{}", stdout(&again));
    let folders = std::fs::read_dir(dir.path().join("prisma/migrations")).unwrap().count();
    assert_eq!(folders, 3, "two migrations and migration_lock.toml");
}

#[test]
fn migrate_deploy_applies_what_is_pending_or_writes_it_for_review() {
    let dir = tempfile::tempdir().unwrap();
    let migrations = dir.path().join("prisma/migrations");
    std::fs::create_dir_all(migrations.join("20240101000000_init")).unwrap();
    std::fs::write(migrations.join("20240101000000_init/migration.sql"), "CREATE TABLE t (id INTEGER PRIMARY KEY);\n")
        .unwrap();
    std::fs::write(migrations.join("migration_lock.toml"), "provider = \"sqlite\"\n").unwrap();
    let db = dir.path().join("dev.db");
    std::fs::write(&db, "").unwrap();
    let (m, d) = (migrations.to_str().unwrap(), db.to_str().unwrap());
    let plan = dir.path().join("deploy.json");
    let review = plumb(&["migrate", "deploy", "--dir", m, "--to", d, "--out", plan.to_str().unwrap()]);
    assert_eq!(review.status.code(), Some(0), "{}", stderr(&review));
    assert!(stdout(&review).contains("record 20240101000000_init as applied") && plan.is_file(), "{}", stdout(&review));
    let status = plumb(&["migrate", "status", "--dir", m, "--to", d]);
    assert_eq!(status.status.code(), Some(2), "writing the plan applies nothing");

    // Run in the project, where the evidence folder goes.
    let deployed = Command::new(env!("CARGO_BIN_EXE_plumb"))
        .args(["migrate", "deploy", "--dir", m, "--to", d, "--yes"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(deployed.status.code(), Some(0), "{}", stderr(&deployed));
    assert!(stdout(&deployed).contains("verified"), "{}", stdout(&deployed));
    assert!(dir.path().join(".plumb/runs").is_dir(), "the run's evidence is in the project");
    assert_eq!(plumb(&["migrate", "status", "--dir", m, "--to", d]).status.code(), Some(0));
    let again = plumb(&["migrate", "deploy", "--dir", m, "--to", d, "--yes"]);
    assert!(stdout(&again).contains("nothing to deploy"), "{}", stdout(&again));
}

#[test]
fn a_prisma_schema_builds_on_the_live_sides_server_without_shadow() {
    let admin = pg_admin_url();
    let dir = tempfile::tempdir().unwrap();
    let schema = dir.path().join("schema.prisma");
    std::fs::write(
        &schema,
        "datasource db {\n  provider = \"postgresql\"\n}\nmodel Quote {\n  id Int @id @default(autoincrement())\n}\n",
    )
    .unwrap();
    // The admin database has no table Quote: the diff adds it, built on that same server.
    let out = plumb(&["diff", &admin, schema.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("+ table public.Quote"), "{}", stdout(&out));
    let alone = plumb(&["inspect", schema.to_str().unwrap()]);
    assert!(stderr(&alone).contains("--shadow"), "alone, it says what it needs: {}", stderr(&alone));
    // Drift with schema.prisma as the truth builds it on the environment's server too.
    std::fs::create_dir_all(dir.path().join(".plumb")).unwrap();
    std::fs::write(
        dir.path().join(".plumb/project.toml"),
        format!("truth = \"repo\"\nschema = \"schema.prisma\"\n[environments]\ndev = \"{admin}\"\n"),
    )
    .unwrap();
    let drift = Command::new(env!("CARGO_BIN_EXE_plumb")).arg("drift").current_dir(dir.path()).output().unwrap();
    assert_eq!(drift.status.code(), Some(2), "{}{}", stdout(&drift), stderr(&drift));
    assert!(stdout(&drift).contains("behind the repository"), "{}", stdout(&drift));
}

/// A database of its own on the test PostgreSQL server, dropped when the value is dropped.
struct PgDatabase {
    admin: String,
    name: String,
    url: String,
}

impl PgDatabase {
    fn create(name: &str, sql: &str) -> Self {
        let admin = pg_admin_url();
        let mut url = url::Url::parse(&admin).unwrap();
        url.set_path(&format!("/{name}"));
        let db = Self { admin, name: name.to_owned(), url: url.to_string() };
        db.run(&db.admin, &format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE); CREATE DATABASE \"{name}\""));
        db.run(&db.url, sql);
        db
    }

    fn run(&self, url: &str, sql: &str) {
        use sqlx::{ConnectOptions, Executor};
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(async {
            let options: sqlx::postgres::PgConnectOptions = url.parse().unwrap();
            let mut conn = options.connect().await.unwrap();
            for statement in sql.split("; ") {
                conn.execute(statement).await.unwrap();
            }
        });
    }
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        self.run(&self.admin, &format!("DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)", self.name));
    }
}

#[test]
fn drift_builds_a_prisma_truth_beside_each_environment_with_its_extensions() {
    // As in Prisma's postgis-express example: the schema uses a PostGIS type and never names the
    // extension, which a hand-written migration created in the database.
    let db = PgDatabase::create(
        "plumb_cli_drift_postgis",
        "CREATE EXTENSION postgis; CREATE TABLE \"Place\" (\"id\" SERIAL NOT NULL, \"at\" geography, CONSTRAINT \"Place_pkey\" PRIMARY KEY (\"id\"))",
    );
    let dir = tempfile::tempdir().unwrap();
    let schema = "datasource db {\n  provider = \"postgresql\"\n}\n\nmodel Place {\n  id Int @id @default(autoincrement())\n  at Unsupported(\"geography\")?\n}\n";
    std::fs::write(dir.path().join("schema.prisma"), schema).unwrap();
    std::fs::create_dir_all(dir.path().join(".plumb")).unwrap();
    std::fs::write(
        dir.path().join(".plumb/project.toml"),
        format!("truth = \"repo\"\nschema = \"schema.prisma\"\n[environments]\ndev = \"{}\"\n", db.url),
    )
    .unwrap();
    let drift = Command::new(env!("CARGO_BIN_EXE_plumb")).arg("drift").current_dir(dir.path()).output().unwrap();
    assert_eq!(drift.status.code(), Some(0), "{}{}", stdout(&drift), stderr(&drift));
    assert!(stdout(&drift).lines().any(|l| l.contains("dev") && l.ends_with("in sync")), "{}", stdout(&drift));
}

#[test]
fn plumb_killed_in_the_middle_of_an_sqlite_run_leaves_the_file_as_it_was_and_the_run_in_history() {
    let dir = tempfile::tempdir().unwrap();
    let (current, desired) = (dir.path().join("current.sqlite"), dir.path().join("desired.sqlite"));
    sqlite3(
        &current,
        "CREATE TABLE t (id INTEGER PRIMARY KEY, keep TEXT, legacy TEXT); WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 300000) INSERT INTO t SELECT n, 'k' || n, 'l' || n FROM c;",
    );
    sqlite3(&desired, "CREATE TABLE t (id INTEGER PRIMARY KEY, keep TEXT);");
    let plan_file = dir.path().join("plan.json");
    let out =
        plumb(&["plan", current.to_str().unwrap(), desired.to_str().unwrap(), "--out", plan_file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // No backup: the run is killed while it rewrites the table itself.
    std::fs::create_dir_all(dir.path().join(".plumb")).unwrap();
    std::fs::write(dir.path().join(".plumb/policy.toml"), "[environments.dev]\nbackup = false\n").unwrap();
    let mut run = Command::new(env!("CARGO_BIN_EXE_plumb"))
        .args(["apply", plan_file.to_str().unwrap(), "--to", current.to_str().unwrap(), "--env", "dev", "--yes"])
        .args(["--confirm", "current.sqlite"])
        .args(["--allow", "drop-column", "--allow", "sqlite-drop-column-restrictions", "--allow", "recreate-table"])
        .current_dir(dir.path())
        .env_remove("RUST_LOG")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let journal = dir.path().join("current.sqlite-journal");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while !std::fs::metadata(&journal).is_ok_and(|m| m.len() > 0) && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    run.kill().unwrap();
    run.wait().unwrap();
    assert!(std::fs::metadata(&journal).is_ok_and(|m| m.len() > 0), "killed with its transaction open");

    let inspect = plumb(&["inspect", current.to_str().unwrap()]);
    assert_eq!(inspect.status.code(), Some(0), "the file reads after the crash: {}", stderr(&inspect));
    assert!(stdout(&inspect).contains("legacy"), "the unfinished run is rolled back: {}", stdout(&inspect));
    assert_eq!(sqlite3(&current, "SELECT count(*), count(legacy) FROM t;").trim(), "300000|300000");
    let history = Command::new(env!("CARGO_BIN_EXE_plumb")).arg("history").current_dir(dir.path()).output().unwrap();
    assert!(stdout(&history).contains("no end recorded"), "the killed run is listed: {}", stdout(&history));
    let again = apply(
        &plan_file,
        &current,
        &[
            "--env",
            "dev",
            "--allow",
            "drop-column",
            "--allow",
            "sqlite-drop-column-restrictions",
            "--allow",
            "recreate-table",
        ],
    );
    assert_eq!(again.status.code(), Some(0), "the plan still applies: {}", stderr(&again));
}

/// Runs `script` with the `sqlite3` client on `file`; its output.
fn sqlite3(file: &Path, script: &str) -> String {
    let out = Command::new("sqlite3").arg("-bail").arg(file).arg(script).output().expect("sqlite3 runs");
    assert!(out.status.success(), "sqlite3: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn an_edited_plan_is_refused_on_every_environment_and_by_verify_even_with_its_hash_recomputed() {
    let (dir, prod) = demo();
    let dev = dir.path().join("demo-dev.sqlite");
    let plan_file = dir.path().join("plan.json");
    let out = plumb(&["plan", prod.to_str().unwrap(), dev.to_str().unwrap(), "--out", plan_file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let plan = plumb_engine::plan::Plan::from_json(&std::fs::read_to_string(&plan_file).unwrap()).unwrap();
    let allow = ["--allow", "drop-column", "--allow", "sqlite-drop-column-restrictions", "--allow", "recreate-table"];
    let verify = |path: &Path, env: &str| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_plumb"));
        command.args(["verify", path.to_str().unwrap(), "--env", env]).args(allow).current_dir(dir.path());
        command.output().unwrap()
    };
    let untouched = verify(&plan_file, "dev");
    assert_eq!(untouched.status.code(), Some(0), "{}{}", stdout(&untouched), stderr(&untouched));

    let mut no_findings = plan.clone();
    no_findings.findings.clear();
    let mut appended = plan.clone();
    appended.steps[0].sql.push_str("; DELETE FROM users");
    let mut changed = plan.clone();
    let last = changed.steps.len() - 1;
    changed.steps[last].sql = "DROP TABLE users".into();
    // The plan keeps only the parts of the schemas it changes: a goal without one of those.
    let mut other_goal = plan.clone();
    let changed_table = other_goal.to_part.schemas[0].tables[0].name.clone();
    other_goal.to_part.schemas[0].tables.retain(|t| t.name != changed_table);
    other_goal.to_fingerprint = other_goal.to_part.fingerprint();
    let bytes = std::fs::read(&prod).unwrap();
    for (what, edited) in [
        ("findings removed", no_findings),
        ("a statement appended", appended),
        ("a step changed", changed),
        ("to_part changed", other_goal),
    ] {
        let path = dir.path().join("edited.json");
        std::fs::write(&path, edited.seal().to_json()).unwrap();
        for env in ["dev", "staging", "prod"] {
            let refused = verify(&path, env);
            if what == "findings removed" {
                // The findings are derived again: without them the plan is what Plumb makes, and
                // the blocking ones are still there to acknowledge.
                let none = Command::new(env!("CARGO_BIN_EXE_plumb"))
                    .args(["verify", path.to_str().unwrap(), "--env", env])
                    .current_dir(dir.path())
                    .output()
                    .unwrap();
                assert_eq!(none.status.code(), Some(3), "{what} on {env}: {}", stderr(&none));
                let why = if env == "prod" { "needs 1 approval" } else { "drop-column" };
                assert!(stderr(&none).contains(why), "{what} on {env}: {}", stderr(&none));
            } else {
                assert_eq!(refused.status.code(), Some(3), "{what} on {env}: {}", stderr(&refused));
                assert!(stderr(&refused).contains("not what Plumb makes"), "{what} on {env}: {}", stderr(&refused));
            }
            // Without its findings the plan still needs them acknowledged; edited, nothing helps.
            let mut args = vec!["--env", env, "--confirm", "demo-prod.sqlite"];
            if what != "findings removed" {
                args.extend(allow);
            }
            let applied = apply(&path, &prod, &args);
            assert_eq!(applied.status.code(), Some(3), "{what} on {env}: {}", stderr(&applied));
            assert_eq!(std::fs::read(&prod).unwrap(), bytes, "{what} on {env}: nothing was written");
        }
    }
}

/// Runs plumb, killing it after `limit`: an input that never ends must not hang it.
fn plumb_within(args: &[&str], limit: std::time::Duration) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_plumb"))
        .args(args)
        .env_remove("RUST_LOG")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > limit {
            child.kill().unwrap();
            panic!("plumb {args:?} still ran after {limit:?}");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

#[test]
fn inputs_that_never_end_end() {
    let dir = tempfile::tempdir().unwrap();
    let limit = std::time::Duration::from_secs(60);
    // A folder with a link back to itself: each folder is read once.
    let looped = dir.path().join("migrations");
    std::fs::create_dir_all(looped.join("a")).unwrap();
    std::os::unix::fs::symlink(&looped, looped.join("a/back")).unwrap();
    std::fs::write(looped.join("a/0001.sql"), "CREATE TABLE t (id integer);\n").unwrap();
    let out = plumb_within(&["lint", looped.to_str().unwrap(), "--dialect", "postgres"], limit);
    assert!(stdout(&out).contains("1 file(s)"), "{}{}", stdout(&out), stderr(&out));
    // A pipe named like a database is refused, not read forever.
    let fifo = dir.path().join("pipe.sqlite");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let out = plumb_within(&["inspect", fifo.to_str().unwrap()], limit);
    assert_one_line_error(&out, &["pipe.sqlite", "not an SQLite database"]);
    // A 10 MB migrations folder replays in time linear in its size.
    let big = dir.path().join("big");
    std::fs::create_dir_all(&big).unwrap();
    std::fs::write(big.join("0001_init.sql"), "CREATE TABLE items (id INTEGER PRIMARY KEY, note TEXT);\n").unwrap();
    let padding = "x".repeat(120);
    for file in 2..12 {
        let rows: String = (0..7_000)
            .map(|i| format!("INSERT INTO items (id, note) VALUES ({}, '{padding}');\n", file * 10_000 + i))
            .collect();
        std::fs::write(big.join(format!("{file:04}_data.sql")), rows).unwrap();
    }
    let out = plumb_within(&["inspect", big.to_str().unwrap()], limit);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("items"), "{}", stdout(&out));
}

#[test]
fn types_are_written_once_named_as_the_projects_schema_prisma_names_them() {
    let (dir, _) = demo();
    let in_dir = |args: &[&str]| plumb_in(dir.path(), args);
    let wrote = in_dir(&["types", "demo-prod.sqlite", "--out", "src/types.ts"]);
    assert_eq!(stdout(&wrote), "wrote src/types.ts (named after the tables)\n", "{}", stderr(&wrote));
    let text = std::fs::read_to_string(dir.path().join("src/types.ts")).unwrap();
    assert!(text.contains("export type Tasks = {") && text.contains("export type OpenTasks = {"), "{text}");
    let again = in_dir(&["types", "demo-prod.sqlite", "--out", "src/types.ts"]);
    assert_eq!(stdout(&again), "unchanged src/types.ts (named after the tables)\n");

    // With the project's schema.prisma (as `plumb pull` writes it, a model renamed), its names.
    assert_eq!(in_dir(&["pull", "demo-prod.sqlite"]).status.code(), Some(0));
    let prisma = dir.path().join("prisma/schema.prisma");
    let renamed =
        std::fs::read_to_string(&prisma).unwrap().replace("model tasks {", "model Task {\n  @@map(\"tasks\")");
    std::fs::write(&prisma, renamed).unwrap();
    let named = in_dir(&["types", "demo-prod.sqlite", "--out", "src/types.ts"]);
    assert!(
        stdout(&named).starts_with("wrote src/types.ts (named as prisma/schema.prisma names them"),
        "{}",
        stdout(&named)
    );
    let text = std::fs::read_to_string(dir.path().join("src/types.ts")).unwrap();
    assert!(text.contains("export type Task = {") && text.contains("export type TaskInsert = {"), "{text}");

    let zod = in_dir(&["types", "demo-prod.sqlite", "--lang", "python", "--zod"]);
    assert_one_line_error(&zod, &["--zod writes TypeScript"]);
}

/// Copies a fixture project of `tests/fixtures/detect` into `to`.
fn copy_fixture(name: &str, to: &Path) {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/detect").join(name);
    let mut stack = vec![from.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let target = to.join(path.strip_prefix(&from).unwrap());
            if path.is_dir() {
                std::fs::create_dir_all(&target).unwrap();
                stack.push(path);
            } else {
                std::fs::copy(&path, &target).unwrap();
            }
        }
    }
}

#[test]
fn init_writes_a_project_file_from_what_detect_finds_and_drift_reads_it() {
    let dir = tempfile::tempdir().unwrap();
    copy_fixture("drizzle-sqlite", dir.path());
    let in_dir = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_plumb"))
            .args(args)
            .current_dir(dir.path())
            .env("DB_FILE_NAME", "file:local.db")
            .env_remove("RUST_LOG")
            .output()
            .unwrap()
    };
    let detected = in_dir(&["detect", "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&detected.stdout).unwrap();
    assert_eq!(
        (json["dialect"].as_str(), json["tools"][0]["tool"].as_str()),
        (Some("sqlite"), Some("drizzle")),
        "{json}"
    );

    let init = in_dir(&["init"]);
    assert_eq!(init.status.code(), Some(0), "{}", stderr(&init));
    assert!(stdout(&init).contains("the truth is the repository's migrations in drizzle"), "{}", stdout(&init));
    let written = std::fs::read_to_string(dir.path().join(".plumb/project.toml")).unwrap();
    assert!(
        written.contains("truth = \"repo\"\nschema = \"drizzle\"") && written.contains("dev = \"env:DB_FILE_NAME\""),
        "{written}"
    );
    assert_one_line_error(&in_dir(&["init"]), &["exists: keep it, or write over it with --force"]);

    // The database the variable names is behind: drift reads the file, the URL from the variable.
    let sqlite =
        Command::new("sqlite3").arg(dir.path().join("local.db")).arg("CREATE TABLE other (id INTEGER);").output();
    assert!(sqlite.is_ok_and(|o| o.status.success()), "sqlite3 makes the dev database");
    let drift = in_dir(&["drift"]);
    assert_eq!(drift.status.code(), Some(2), "{}{}", stdout(&drift), stderr(&drift));
    assert!(stdout(&drift).contains("dev") && stdout(&drift).contains("behind the repository"), "{}", stdout(&drift));

    // Where the database is the truth, a migration is refused and drift proposes plumb pull.
    std::fs::write(
        dir.path().join(".plumb/project.toml"),
        "truth = \"database\"\ndatabase = \"dev\"\nschema = \"drizzle\"\n[environments]\ndev = \"env:DB_FILE_NAME\"\n",
    )
    .unwrap();
    let new = in_dir(&["migrate", "new", "more", "--to", "local.db", "--dir", "drizzle"]);
    assert_one_line_error(&new, &["the truth is the dev database", "plumb pull env:DB_FILE_NAME"]);
    let drift = in_dir(&["drift"]);
    assert!(stdout(&drift).contains("plumb pull env:DB_FILE_NAME"), "{}{}", stdout(&drift), stderr(&drift));
}

#[test]
fn audit_finds_unindexed_foreign_keys_and_the_planned_fix_clears_them() {
    let (dir, prod) = demo();
    let prod = prod.to_str().unwrap();
    let in_dir = |args: &[&str]| plumb_in(dir.path(), args);
    let json = in_dir(&["audit", prod, "--json"]);
    assert_eq!(json.status.code(), Some(2), "a warning exits 2: {}", stderr(&json));
    let findings: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let unindexed: Vec<&serde_json::Value> =
        findings.as_array().unwrap().iter().filter(|f| f["id"] == "DB-002").collect();
    assert_eq!(unindexed.len(), 4, "{findings:#}");
    assert!(
        unindexed.iter().all(|f| f["fix_sql"].as_str().is_some_and(|s| s.starts_with("CREATE INDEX"))),
        "{findings:#}"
    );

    let report = in_dir(&["audit", prod, "--markdown", "audit.md"]);
    assert!(stdout(&report).contains("wrote audit.md"), "{}", stdout(&report));
    let markdown = std::fs::read_to_string(dir.path().join("audit.md")).unwrap();
    assert!(markdown.starts_with("# Audit of ") && markdown.contains("```sql\nCREATE INDEX"), "{markdown}");

    let fixed = in_dir(&["audit", prod, "--fix", "DB-002", "--out", "fix.json"]);
    assert!(stdout(&fixed).contains("wrote fix.json (4 fix(es), 4 statement(s))"), "{}", stdout(&fixed));
    let applied = in_dir(&["apply", "fix.json", "--to", prod, "--env", "dev", "--yes"]);
    assert_eq!(applied.status.code(), Some(0), "{}", stderr(&applied));
    let again = in_dir(&["audit", prod]);
    assert_eq!(again.status.code(), Some(0), "{}", stdout(&again));
    assert!(stdout(&again).ends_with(": 0 finding(s): 0 error, 0 warning, 0 info\n"), "{}", stdout(&again));

    assert_one_line_error(
        &in_dir(&["audit", prod, "--fix", "DB-999", "--out", "x.json"]),
        &["--fix DB-999: there is no such check"],
    );
}

#[test]
fn an_alembic_folder_is_read_for_its_revisions_never_taken_as_up_to_date() {
    let (dir, prod) = demo();
    let versions = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/alembic/versions");
    let out = plumb_in(
        dir.path(),
        &["migrate", "status", "--dir", versions.to_str().unwrap(), "--to", prod.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(2), "{}{}", stdout(&out), stderr(&out));
    let said = stdout(&out);
    assert!(said.contains("(Alembic) against") && said.contains("not up to date: 5 pending"), "{said}");
    assert!(said.contains("4_merge") && said.contains("the database has no migration table yet"), "{said}");
}

#[test]
fn an_alembic_history_without_alembic_installed_says_what_to_install_and_writes_nothing() {
    let (dir, prod) = demo();
    let project = tempfile::tempdir().unwrap();
    let versions = project.path().join("versions");
    std::fs::create_dir(&versions).unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/alembic/versions");
    for entry in std::fs::read_dir(fixture).unwrap().map(Result::unwrap) {
        std::fs::copy(entry.path(), versions.join(entry.file_name())).unwrap();
    }
    let out = Command::new(env!("CARGO_BIN_EXE_plumb"))
        .args(["migrate", "new", "more", "--dir", versions.to_str().unwrap(), "--to", prod.to_str().unwrap()])
        .current_dir(dir.path())
        .env_remove("RUST_LOG")
        .env("PLUMB_PYTHON", project.path().join("no-python-here"))
        .output()
        .unwrap();
    assert_one_line_error(&out, &["needs Alembic", "pip install alembic", "PLUMB_PYTHON"]);
    assert_eq!(std::fs::read_dir(&versions).unwrap().count(), 5, "no revision written");
}

#[test]
fn scan_reports_what_the_code_names_and_the_database_lacks_and_drift_includes_it() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/scan");
    let project = tempfile::tempdir().unwrap();
    for sub in ["src", "app", "prisma"] {
        std::fs::create_dir_all(project.path().join(sub)).unwrap();
        for entry in std::fs::read_dir(fixture.join(sub)).unwrap().map(Result::unwrap) {
            std::fs::copy(entry.path(), project.path().join(sub).join(entry.file_name())).unwrap();
        }
    }
    let db = project.path().join("dev.sqlite");
    let made = Command::new("sqlite3").arg(&db).stdin(std::fs::File::open(fixture.join("db.sql")).unwrap()).status();
    assert!(made.unwrap().success());

    let out = plumb_in(project.path(), &["scan", "src", "app", "--against", "dev.sqlite", "--json"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let missing = report["missing"].as_array().unwrap();
    assert_eq!(missing.len(), 8, "{report:#}");
    assert_eq!(
        (missing[2]["file"].as_str(), &missing[2]["line"], &missing[2]["column"], missing[2]["name"].as_str()),
        (Some("src/raw.ts"), &serde_json::json!(9), &serde_json::json!(47), Some("users.nickname"))
    );

    // Drift: the database is the truth and in sync with itself, but the code is not.
    std::fs::create_dir(project.path().join(".plumb")).unwrap();
    std::fs::write(
        project.path().join(".plumb/project.toml"),
        "truth = \"database\"\ndatabase = \"dev\"\ncode = [\"src\", \"app\"]\n\n[environments]\ndev = \"dev.sqlite\"\n",
    )
    .unwrap();
    let out = plumb_in(project.path(), &["drift"]);
    assert_eq!(out.status.code(), Some(2), "{}{}", stdout(&out), stderr(&out));
    let said = stdout(&out);
    assert!(
        said.contains("code against the dev:") && said.contains("src/raw.ts:9:47: no column users.nickname"),
        "{said}"
    );
    assert!(said.contains("8 missing"), "{said}");

    // Without the code's missing names, the same project is in sync.
    std::fs::remove_dir_all(project.path().join("src")).unwrap();
    std::fs::remove_dir_all(project.path().join("app")).unwrap();
    std::fs::create_dir(project.path().join("src")).unwrap();
    std::fs::create_dir(project.path().join("app")).unwrap();
    let out = plumb_in(project.path(), &["drift"]);
    assert_eq!(out.status.code(), Some(0), "{}{}", stdout(&out), stderr(&out));
}

/// `plumb ARGS` in `dir` with Plumb's profiles kept in `config`.
fn plumb_with_profiles(dir: &Path, config: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_plumb"))
        .args(args)
        .current_dir(dir)
        .env_remove("RUST_LOG")
        .env("PLUMB_CONFIG_DIR", config)
        .env("XDG_CONFIG_HOME", config.join("xdg"))
        .output()
        .expect("run plumb")
}

#[tokio::test]
async fn a_seed_against_a_production_profile_exits_3_and_writes_nothing() {
    use sqlx::{Connection, Executor};
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config");
    let seed = dir.path().join("seed.sql");
    std::fs::write(&seed, "INSERT INTO tags (name) VALUES ('red');\n").unwrap();
    let seed = seed.to_str().unwrap();
    let schema = "CREATE TABLE tags (id INTEGER PRIMARY KEY, name VARCHAR(40))";

    // SQLite: the file is byte-identical.
    let file = dir.path().join("live.sqlite");
    let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite:{}?mode=rwc", file.display())).await.unwrap();
    conn.execute(schema).await.unwrap();
    conn.close().await.unwrap();
    let before = std::fs::read(&file).unwrap();
    let added = plumb_with_profiles(
        dir.path(),
        &config,
        &["profile", "add", "live", "--url", &format!("sqlite:{}", file.display()), "--env", "prod"],
    );
    assert_eq!(added.status.code(), Some(0), "{}", stderr(&added));
    for args in [vec!["seed", seed, "--to", "@live"], vec!["seed", seed, "--to", "@live", "--env", "dev"]] {
        let out = plumb_with_profiles(dir.path(), &config, &args);
        assert_eq!(out.status.code(), Some(3), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains("production is never seeded"), "{}", stderr(&out));
    }
    assert_eq!(std::fs::read(&file).unwrap(), before, "byte-identical");
    assert!(!dir.path().join(".plumb").exists(), "no evidence of a refused seed");

    // PostgreSQL and MariaDB: the row counts are unchanged.
    let mysql_admin =
        std::env::var("PLUMB_TEST_MYSQL_URL").unwrap_or_else(|_| "mysql://root@127.0.0.1:3306/mysql".into());
    let name = format!("plumb_cli_seed_{}", std::process::id());
    for (admin, scheme) in [(pg_admin_url(), "pg"), (mysql_admin, "maria")] {
        let mut url = url::Url::parse(&admin).unwrap();
        let create = format!("CREATE DATABASE {name}");
        let drop = format!("DROP DATABASE IF EXISTS {name}");
        url.set_path(&format!("/{name}"));
        let count = async |url: &str| -> i64 {
            if scheme == "pg" {
                let mut c = sqlx::PgConnection::connect(url).await.unwrap();
                sqlx::query_scalar("SELECT COUNT(*) FROM tags").fetch_one(&mut c).await.unwrap()
            } else {
                let mut c = sqlx::MySqlConnection::connect(url).await.unwrap();
                sqlx::query_scalar("SELECT COUNT(*) FROM tags").fetch_one(&mut c).await.unwrap()
            }
        };
        if scheme == "pg" {
            let mut c = sqlx::PgConnection::connect(&admin).await.unwrap();
            c.execute(drop.as_str()).await.unwrap();
            c.execute(create.as_str()).await.unwrap();
            sqlx::PgConnection::connect(url.as_str()).await.unwrap().execute(schema).await.unwrap();
        } else {
            let mut c = sqlx::MySqlConnection::connect(&admin).await.unwrap();
            c.execute(drop.as_str()).await.unwrap();
            c.execute(create.as_str()).await.unwrap();
            sqlx::MySqlConnection::connect(url.as_str()).await.unwrap().execute(schema).await.unwrap();
        }
        let profile = format!("live-{scheme}");
        let added = plumb_with_profiles(
            dir.path(),
            &config,
            &["profile", "add", &profile, "--url", url.as_str(), "--env", "prod"],
        );
        assert_eq!(added.status.code(), Some(0), "{}", stderr(&added));
        let out = plumb_with_profiles(dir.path(), &config, &["seed", seed, "--to", &format!("@{profile}")]);
        assert_eq!(out.status.code(), Some(3), "{scheme}: {}", stderr(&out));
        // A bare server URL counts as production too.
        let out = plumb_with_profiles(dir.path(), &config, &["seed", seed, "--to", url.as_str()]);
        assert_eq!(out.status.code(), Some(3), "{scheme}: {}", stderr(&out));
        // Checking it would make a scratch database on the production server: only on --shadow.
        let out = plumb_with_profiles(dir.path(), &config, &["seed", seed, "--to", &format!("@{profile}"), "--check"]);
        assert_eq!(out.status.code(), Some(1), "{scheme}: {}", stderr(&out));
        assert!(stderr(&out).contains("--shadow URL"), "{scheme}: {}", stderr(&out));
        assert_eq!(count(url.as_str()).await, 0, "{scheme}: row counts unchanged");
        if scheme == "pg" {
            sqlx::PgConnection::connect(&admin)
                .await
                .unwrap()
                .execute(format!("{drop} WITH (FORCE)").as_str())
                .await
                .unwrap();
        } else {
            sqlx::MySqlConnection::connect(&admin).await.unwrap().execute(drop.as_str()).await.unwrap();
        }
    }
}

#[test]
fn pull_and_export_with_evidence_leave_a_run_folder_of_the_database_first_flow() {
    let (dir, prod) = demo();
    std::fs::create_dir(dir.path().join(".plumb")).unwrap();
    std::fs::write(
        dir.path().join(".plumb/project.toml"),
        format!("truth = \"database\"\ndatabase = \"prod\"\n\n[environments]\nprod = \"{}\"\n", prod.display()),
    )
    .unwrap();
    let prod = prod.to_str().unwrap();
    let out = plumb_in(dir.path(), &["pull", prod, "--evidence"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = plumb_in(dir.path(), &["export", prod, "--evidence"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut runs: Vec<PathBuf> =
        std::fs::read_dir(dir.path().join(".plumb/runs")).unwrap().map(|e| e.unwrap().path()).collect();
    runs.sort_by_key(|p| p.file_name().unwrap().to_string_lossy().ends_with("-export"));
    assert_eq!(runs.len(), 2, "{runs:?}");
    let read = |run: &Path, file: &str| std::fs::read_to_string(run.join(file)).unwrap();
    for run in &runs {
        let mut files: Vec<String> =
            std::fs::read_dir(run).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        files.sort();
        assert_eq!(
            files,
            [
                "00-ssot-mode-check.md",
                "01-db-pull-instructions.md",
                "02-import-prisma-log.md",
                "03-context-refresh-log.md"
            ]
        );
        assert!(read(run, "00-ssot-mode-check.md").contains("is the truth: the repository follows it"), "{run:?}");
        assert!(read(run, "01-db-pull-instructions.md").contains(&format!("plumb pull {prod} --prisma")), "{run:?}");
    }
    let (pull, export) = (&runs[0], &runs[1]);
    let pulled = read(pull, "02-import-prisma-log.md");
    assert!(pulled.contains("written (new)") && pulled.contains("+model tasks {"), "{pulled}");
    assert!(read(pull, "03-context-refresh-log.md").contains("Not refreshed in this run (pull)"));
    assert!(read(export, "02-import-prisma-log.md").contains("Not pulled in this run (export)"));
    assert!(read(export, "03-context-refresh-log.md").contains("docs/context/db/schema.json`: written"));

    // Where the repository is the truth, the check warns that the pull goes the other way.
    std::fs::write(dir.path().join(".plumb/project.toml"), "truth = \"repo\"\nschema = \"migrations\"\n").unwrap();
    let out = plumb_in(dir.path(), &["pull", prod, "--evidence"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let folder = stdout(&out).lines().find_map(|l| l.strip_prefix("evidence in ")).unwrap().to_owned();
    let check = std::fs::read_to_string(Path::new(&folder).join("00-ssot-mode-check.md")).unwrap();
    assert!(check.contains("**Warning:** pulling from"), "{check}");
    assert!(read(Path::new(&folder), "02-import-prisma-log.md").contains("unchanged"), "a second pull changes nothing");
}

//! Profiles as a user meets them through `plumb`: passwords in a real Secret Service (a private
//! gnome-keyring inside `dbus-run-session`, never the user's), used for a real PostgreSQL server
//! that checks them, and found in no file and no output; the profile file survives being killed
//! in the middle of writes.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use plumb_db::profile::{Keychain, KeychainStatus, ProfileStore};

mod common;
use common::inside_private_keyring;

/// A throwaway PostgreSQL that checks passwords (scram-sha-256), stopped on drop. The local
/// server trusts every connection, so it could not tell a right password from a wrong one.
struct PasswordServer {
    dir: PathBuf,
    /// The admin URL, without password.
    url: String,
}

impl PasswordServer {
    fn start(password: &str) -> Self {
        let dir = tempfile::Builder::new().prefix("plumb-pw-pg-").tempdir().unwrap().keep();
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/db/start-postgres.sh");
        let out = Command::new("bash").arg(script).arg(&dir).env("PLUMB_PG_PASSWORD", password).output().unwrap();
        assert!(out.status.success(), "start PostgreSQL: {}", String::from_utf8_lossy(&out.stderr));
        let url = String::from_utf8(out.stdout).unwrap().trim().to_owned();
        Self { dir, url }
    }
}

impl Drop for PasswordServer {
    fn drop(&mut self) {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/db/stop.sh");
        let _ = Command::new("bash").arg(script).arg(&self.dir).output();
    }
}

/// Runs `plumb` with Plumb's folders in `home`, logging everything it can.
struct Plumb {
    home: tempfile::TempDir,
    outputs: Vec<String>,
}

impl Plumb {
    fn new() -> Self {
        let home = tempfile::tempdir().unwrap();
        std::fs::create_dir(home.path().join("work")).unwrap();
        Self { home, outputs: Vec::new() }
    }

    fn config(&self) -> PathBuf {
        self.home.path().join("config")
    }

    fn work(&self) -> PathBuf {
        self.home.path().join("work")
    }

    fn run(&mut self, args: &[&str], stdin: &str) -> Output {
        let mut child = Command::new(env!("CARGO_BIN_EXE_plumb"))
            .args(args)
            .arg("-vv")
            .current_dir(self.work())
            .env("PLUMB_CONFIG_DIR", self.config())
            .env("XDG_CONFIG_HOME", self.home.path().join("xdg-config"))
            .env("XDG_CACHE_HOME", self.home.path().join("xdg-cache"))
            .env("XDG_STATE_HOME", self.home.path().join("xdg-state"))
            .env("RUST_LOG", "trace")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run plumb");
        child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
        let out = child.wait_with_output().unwrap();
        self.outputs.push(format!(
            "$ plumb {}\n{}{}",
            args.join(" "),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ));
        out
    }

    fn ok(&mut self, args: &[&str], stdin: &str) -> String {
        let out = self.run(args, stdin);
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(out.status.success(), "plumb {args:?}: {}", self.outputs.last().unwrap());
        stdout
    }
}

fn url_with_database(url: &str, database: &str) -> String {
    let mut url = url::Url::parse(url).unwrap();
    url.set_path(database);
    url.to_string()
}

fn with_password(url: &str, password: &str) -> String {
    let mut url = url::Url::parse(url).unwrap();
    url.set_password(Some(password)).unwrap();
    url.to_string()
}

async fn exec(url: &str, sql: &str) {
    use sqlx::{Connection, Executor};
    let mut conn = sqlx::PgConnection::connect(url).await.unwrap();
    conn.execute(sqlx::raw_sql(sql)).await.unwrap();
}

#[tokio::test]
async fn a_password_in_the_secret_service_connects_to_postgres_and_leaves_with_the_profile() {
    if !inside_private_keyring("a_password_in_the_secret_service_connects_to_postgres_and_leaves_with_the_profile") {
        return;
    }
    assert_eq!(Keychain::from_environment().status(), KeychainStatus::Available, "the private Secret Service answers");
    let password = "kc-Pl\u{fc}mb:p@ss/w0rd";
    let server = PasswordServer::start(password);
    let mut plumb = Plumb::new();

    let added = plumb.run(
        &["profile", "add", "kc", "--url", &server.url, "--env", "staging", "--password-stdin"],
        &format!("{password}\n"),
    );
    assert!(added.status.success(), "{}", plumb.outputs.last().unwrap());
    assert!(String::from_utf8_lossy(&added.stderr).contains("password saved in the OS keychain"));
    let store = ProfileStore::new(plumb.config());
    let profile = store.find("kc").unwrap();
    let stored = Keychain::from_environment().get(profile.id.as_str()).unwrap().expect("in the Secret Service");
    assert_eq!(stored.expose(), password, "read back from the Secret Service");

    let check = plumb.ok(&["profile", "test", "kc"], "");
    assert!(check.contains("@kc: connected") && check.contains("user            postgres"), "{check}");
    exec(&with_password(&server.url, password), "CREATE TABLE checked (id int PRIMARY KEY)").await;
    assert!(plumb.ok(&["inspect", "@kc"], "").contains("table checked"));

    // The server really checks: the same connection with another password is refused.
    let wrong = plumb.run(&["inspect", &with_password(&server.url, "not-it")], "");
    assert_eq!(wrong.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("authentication failed"));

    plumb.ok(&["profile", "rm", "kc"], "");
    assert!(Keychain::from_environment().get(profile.id.as_str()).unwrap().is_none(), "removed with the profile");
    assert!(store.list().unwrap().is_empty());
}

#[tokio::test]
async fn no_file_plumb_writes_and_no_output_holds_the_password() {
    if !inside_private_keyring("no_file_plumb_writes_and_no_output_holds_the_password") {
        return;
    }
    // A distinctive core: found in any spelling of the password (raw, percent-encoded, quoted).
    let core = format!("LeakCheck{:08x}", std::process::id());
    let password = format!("pl@mb:{core}/x");
    let server = PasswordServer::start(&password);
    let admin = with_password(&server.url, &password);
    exec(&admin, "CREATE DATABASE leak").await;
    let target = url_with_database(&server.url, "leak");
    exec(&with_password(&target, &password), "CREATE TABLE kept (id int PRIMARY KEY, note text)").await;

    let mut plumb = Plumb::new();
    let stdin = format!("{password}\n");
    plumb.ok(&["profile", "add", "leak", "--url", &target, "--env", "staging", "--password-stdin"], &stdin);
    for args in [
        &["profile", "list"][..],
        &["profile", "list", "--json"],
        &["profile", "test", "leak"],
        &["profile", "test", "leak", "--json"],
        &["profile", "show", "leak"],
        &["profile", "show", "leak", "--json"],
        &["profile", "export", "--out", "team.toml"],
        &["inspect", "@leak"],
    ] {
        plumb.ok(args, "");
    }
    let snapshot = plumb.ok(&["inspect", "@leak", "--json"], "");
    std::fs::write(plumb.work().join("before.json"), snapshot).unwrap();
    exec(
        &with_password(&target, &password),
        "CREATE TABLE dropped (id int PRIMARY KEY); INSERT INTO dropped VALUES (1)",
    )
    .await;
    assert_eq!(plumb.run(&["diff", "@leak", "before.json"], "").status.code(), Some(0));
    assert_eq!(plumb.run(&["diff", "@leak", "before.json", "--exit-code", "--sql"], "").status.code(), Some(2));
    plumb.ok(&["plan", "@leak", "before.json", "--out", "plan.json", "--rollback"], "");
    plumb.ok(&["apply", "plan.json", "--to", "@leak", "--yes", "--confirm", "leak", "--allow", "drop-table"], "");
    assert!(!plumb.ok(&["inspect", "@leak"], "").contains("dropped"), "the plan was applied through the profile");

    // Failures print targets too: an unreachable server and a refused password.
    plumb.ok(
        &["profile", "add", "down", "--url", "postgres://postgres@127.0.0.1:1/x?connect_timeout=2", "--password-stdin"],
        &stdin,
    );
    assert_eq!(plumb.run(&["profile", "test", "down"], "").status.code(), Some(1));
    plumb.ok(&["profile", "add", "wrong", "--url", &target, "--password-stdin"], &format!("{password}-but-wrong\n"));
    assert_eq!(plumb.run(&["inspect", "@wrong"], "").status.code(), Some(1));

    let transcript = plumb.outputs.join("\n");
    assert!(transcript.contains("drop table") || transcript.contains("DROP TABLE"), "the commands did their work");
    assert!(!transcript.contains(&core), "the password appears in the output:\n{transcript}");
    let mut written = Vec::new();
    files_under(plumb.home.path(), &mut written);
    let names: Vec<String> = written.iter().map(|p| p.display().to_string()).collect();
    for expected in ["profiles.toml", ".json", "plan.json", "before.json", "team.toml"] {
        assert!(names.iter().any(|n| n.ends_with(expected)), "{expected} was written: {names:?}");
    }
    for file in &written {
        let bytes = std::fs::read(file).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains(&core), "{} holds the password", file.display());
    }
    for profile in ["leak", "down", "wrong"] {
        plumb.ok(&["profile", "rm", profile], "");
    }
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files_under(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// What a folder holds, by name, size and modification time.
fn listing(dir: &Path) -> Vec<(String, u64, Option<std::time::SystemTime>)> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| {
                    let meta = e.metadata().ok();
                    let size = meta.as_ref().map_or(0, |m| m.len());
                    (e.file_name().to_string_lossy().into_owned(), size, meta.and_then(|m| m.modified().ok()))
                })
                .collect()
        })
        .unwrap_or_default();
    entries.sort();
    entries
}

/// Kills `plumb profile add` while it saves a profile file of 2,000 profiles: the moment the
/// folder changes (a temporary file appears, or the file itself is being rewritten) and a little
/// later, at staggered delays. After every kill the file must read, with every profile whole.
/// (Writing the file in place instead of atomically fails this test.)
#[test]
fn killing_plumb_while_it_saves_profiles_never_leaves_an_unreadable_file() {
    let plumb = Plumb::new();
    let store = ProfileStore::new(plumb.config());
    let mut text = String::from("version = 1\n");
    for i in 0..2000 {
        text.push_str(&format!(
            "\n[[profile]]\nid = \"seed{i:08}\"\nname = \"seed-{i}\"\ndialect = \"sqlite\"\npath = \"/data/seed-{i}.db\"\nenvironment = \"dev\"\nnotes = \"{}\"\n",
            "padding to make every write take a while ".repeat(4)
        ));
    }
    std::fs::create_dir_all(plumb.config()).unwrap();
    std::fs::write(store.path(), text).unwrap();
    // The lock file exists from the first write on; create it so its appearance is no signal.
    std::fs::write(plumb.config().join("profiles.lock"), "").unwrap();
    assert_eq!(store.list().unwrap().len(), 2000);

    const ROUNDS: u32 = 24;
    let (mut expected, mut killed_while_writing) = (2000, 0);
    for round in 0..ROUNDS {
        let before = listing(&plumb.config());
        let mut child = Command::new(env!("CARGO_BIN_EXE_plumb"))
            .args(["profile", "add", &format!("added-{round}"), "--url", &format!("sqlite:/data/added-{round}.db")])
            .env("PLUMB_CONFIG_DIR", plumb.config())
            .env("PLUMB_KEYCHAIN", "none")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        loop {
            if child.try_wait().unwrap().is_some() {
                break;
            }
            if listing(&plumb.config()) != before {
                std::thread::sleep(Duration::from_micros(u64::from(round % 4) * 200));
                let _ = child.kill();
                if !child.wait().unwrap().success() {
                    killed_while_writing += 1;
                }
                break;
            }
        }
        let profiles = store.list().unwrap_or_else(|e| panic!("round {round}: the profile file is unreadable: {e}"));
        expected += usize::from(profiles.iter().any(|p| p.name == format!("added-{round}")));
        assert_eq!(profiles.len(), expected, "round {round}: all or nothing");
        assert!(profiles.iter().all(|p| p.path.is_some()), "round {round}: every profile whole");
    }
    assert!(killed_while_writing >= ROUNDS / 2, "only {killed_while_writing} of {ROUNDS} kills landed while saving");
    // A killed write's temporary file is removed by the next write.
    let keychain = Keychain::memory_only("not needed: SQLite profiles");
    store
        .add(&keychain, plumb_db::profile::Profile::from_url("after", "sqlite:/data/after.db", "dev").unwrap())
        .unwrap();
    let leftovers: Vec<_> = listing(&plumb.config()).into_iter().filter(|(n, _, _)| n.ends_with(".tmp")).collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// `plumb` with profiles in `config`, no keychain (SQLite profiles need none).
fn plumb_in(config: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_plumb"));
    command.args(args).env("PLUMB_CONFIG_DIR", config).env("PLUMB_KEYCHAIN", "none").env_remove("RUST_LOG");
    // Only the variables a test gives: `profile import` reads any *_URL (PLUMB_TEST_PG_URL too).
    for (key, _) in std::env::vars().filter(|(key, _)| key.contains("URL")) {
        command.env_remove(key);
    }
    for (key, value) in env {
        command.env(key, value);
    }
    // The project is the config folder's parent: its `.plumb/` (if a test writes one) applies.
    command.current_dir(config.parent().unwrap());
    command.stdin(Stdio::null()).output().unwrap()
}

fn text(out: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

#[test]
fn a_read_only_profile_refuses_apply_until_unlocked() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config");
    let demo = plumb_in(&config, &["demo", dir.path().to_str().unwrap()], &[]);
    assert!(demo.status.success(), "{}", text(&demo));
    let prod = dir.path().join("demo-prod.sqlite");
    let dev = dir.path().join("demo-dev.sqlite");
    let add = plumb_in(&config, &["profile", "add", "live", "--url", prod.to_str().unwrap(), "--env", "prod"], &[]);
    assert!(text(&add).contains("prod, read-only"), "{}", text(&add));
    let plan = dir.path().join("plan.json");
    let planned = plumb_in(&config, &["plan", "@live", dev.to_str().unwrap(), "--out", plan.to_str().unwrap()], &[]);
    assert!(planned.status.success(), "reading through a read-only profile is fine: {}", text(&planned));

    let apply = |config: &Path| {
        let args = [
            "apply",
            plan.to_str().unwrap(),
            "--to",
            "@live",
            "--confirm",
            "demo-prod.sqlite",
            "--allow",
            "drop-column",
        ];
        plumb_in(config, &args, &[])
    };
    let refused = apply(&config);
    assert_eq!(refused.status.code(), Some(3), "{}", text(&refused));
    assert!(
        text(&refused).contains("is read-only: nothing was written")
            && text(&refused).contains("plumb profile unlock live")
    );
    let unchanged = plumb_in(&config, &["diff", "@live", dev.to_str().unwrap(), "--exit-code"], &[]);
    assert_eq!(unchanged.status.code(), Some(2));

    let unlocked = plumb_in(&config, &["profile", "unlock", "live", "--minutes", "5"], &[]);
    assert!(text(&unlocked).contains("accepts writes until"), "{}", text(&unlocked));
    assert!(text(&plumb_in(&config, &["profile", "show", "live"], &[])).contains("writes allowed until"));
    // Unlocked is not approved: production needs a reviewer unless the project's policy says not.
    let unapproved = apply(&config);
    assert_eq!(unapproved.status.code(), Some(3), "{}", text(&unapproved));
    assert!(text(&unapproved).contains("prod needs 1 approval(s)"), "{}", text(&unapproved));
    std::fs::create_dir_all(dir.path().join(".plumb")).unwrap();
    std::fs::write(dir.path().join(".plumb/policy.toml"), "[environments.prod]\napprovals = 0\n").unwrap();
    let args = ["apply", plan.to_str().unwrap(), "--to", "@live", "--confirm", "demo-prod", "--allow", "drop-column"];
    let misnamed = plumb_in(&config, &args, &[]);
    assert_eq!(misnamed.status.code(), Some(3), "{}", text(&misnamed));
    assert!(text(&misnamed).contains("type the database's name, \"demo-prod.sqlite\""), "{}", text(&misnamed));
    let applied = apply(&config);
    assert_eq!(applied.status.code(), Some(0), "{}", text(&applied));
    assert_eq!(plumb_in(&config, &["diff", "@live", dev.to_str().unwrap(), "--exit-code"], &[]).status.code(), Some(0));
    plumb_in(&config, &["profile", "lock", "live"], &[]);
    assert_eq!(apply(&config).status.code(), Some(3), "locked again");
}

#[test]
fn import_reads_database_urls_from_the_environment_and_env_files() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config");
    let env_file = dir.path().join(".env");
    std::fs::write(&env_file, "DATABASE_URL=\"file:./app.db\"\nMYSQL_URL=mysql://root:hunter2@db.internal:3306/shop\n")
        .unwrap();
    let imported = plumb_in(&config, &["profile", "import", "--env-file", env_file.to_str().unwrap()], &[]);
    let out = text(&imported);
    assert!(imported.status.success(), "{out}");
    assert!(
        out.contains("added profile app from DATABASE_URL") && out.contains("added profile mysql from MYSQL_URL"),
        "{out}"
    );
    assert!(out.contains("no usable OS keychain") && !out.contains("hunter2"), "{out}");
    let file = std::fs::read_to_string(config.join("profiles.toml")).unwrap();
    assert!(!file.contains("hunter2") && file.contains("password = \"ask\""), "{file}");

    let from_env = plumb_in(
        &config,
        &["profile", "import", "--env", "staging"],
        &[("DATABASE_URL", "postgres://app@db.example:5432/orders")],
    );
    assert!(text(&from_env).contains("added profile orders from DATABASE_URL"), "{}", text(&from_env));
    let listed = text(&plumb_in(&config, &["profile", "list"], &[]));
    assert!(
        listed.contains("@orders")
            && listed.contains("staging")
            && listed.contains("postgres://app@db.example:5432/orders"),
        "{listed}"
    );
    let again = plumb_in(&config, &["profile", "import"], &[("DATABASE_URL", "postgres://app@db.example:5432/orders")]);
    assert_eq!(again.status.code(), Some(1), "nothing new: {}", text(&again));
    assert!(text(&again).contains("exists already"), "{}", text(&again));

    let shared = dir.path().join("team.toml");
    assert!(plumb_in(&config, &["profile", "export", "--out", shared.to_str().unwrap()], &[]).status.success());
    let teammate = dir.path().join("teammate");
    let received = plumb_in(&teammate, &["profile", "import", "--profiles", shared.to_str().unwrap()], &[]);
    assert!(text(&received).contains("passwords are not shared"), "{}", text(&received));
    assert_eq!(ProfileStore::new(&teammate).list().unwrap().len(), 3);
    let missing = plumb_in(&config, &["inspect", "@nope"], &[]);
    assert!(text(&missing).contains("no profile named \"nope\" (profiles: app, mysql, orders)"), "{}", text(&missing));
}

#[test]
fn a_read_only_profiles_server_gets_no_scratch_database() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config");
    let admin =
        std::env::var("PLUMB_TEST_PG_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    let add = plumb_in(&config, &["profile", "add", "pgprod", "--url", &admin, "--env", "prod"], &[]);
    assert!(text(&add).contains("prod, read-only"), "{}", text(&add));
    let schema = dir.path().join("schema.prisma");
    std::fs::write(&schema, "datasource db {\n  provider = \"postgresql\"\n}\nmodel A {\n  id Int @id\n}\n").unwrap();
    let diffed = plumb_in(&config, &["diff", "@pgprod", schema.to_str().unwrap()], &[]);
    assert_eq!(diffed.status.code(), Some(1), "{}", text(&diffed));
    assert!(text(&diffed).contains("--shadow"), "asks for a shadow database instead: {}", text(&diffed));
}

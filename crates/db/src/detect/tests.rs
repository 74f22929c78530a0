use super::config::{env_names, values};
use super::*;

#[test]
fn config_values_are_read_by_key_quoted_or_bare_and_never_from_a_longer_key() {
    let ts = "export default { dialect: 'postgresql', out: `./drizzle`, schema_dialect: \"mysql\" }";
    assert_eq!(values(ts, "dialect"), ["postgresql"]);
    assert_eq!(values(ts, "out"), ["./drizzle"]);
    assert_eq!(values("  adapter: sqlite3 # local\n", "adapter"), ["sqlite3"]);
    assert_eq!(values("script_location = %(here)s/migrations\n", "script_location"), ["%(here)s/migrations"]);
    assert_eq!(values("\"ENGINE\": \"django.db.backends.mysql\",", "ENGINE"), ["django.db.backends.mysql"]);
}

#[test]
fn variables_are_named_from_every_language_and_their_values_never_read() {
    let text = "url: process.env.DATABASE_URL!, os.environ[\"PG_URL\"], os.getenv('DB_DSN'), ENV.fetch(\"X_URL\") \
                ENV['RAILS_URL'] env(\"SHADOW_URL\") process.env.lowercase";
    assert_eq!(env_names(text), ["DATABASE_URL", "PG_URL", "DB_DSN", "RAILS_URL", "X_URL", "SHADOW_URL"]);
    assert_eq!(dialect_of_url("postgresql+psycopg2://u:secret@h/db"), Some(Dialect::Postgres));
    assert_eq!(dialect_of_url("mysql+pymysql://u:p@h/db"), Some(Dialect::Mysql));
    assert_eq!(dialect_of_url("sqlite:///app.db"), Some(Dialect::Sqlite));
    assert_eq!(dialect_of_url("https://example.com"), None);
}

#[test]
fn tools_that_name_different_databases_leave_the_database_unclear() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("knexfile.js"), "module.exports = { client: 'pg' };").unwrap();
    std::fs::write(dir.path().join(".env"), "DATABASE_URL=mysql://root:hunter2@localhost/app\n").unwrap();
    let found = detect(dir.path()).unwrap();
    assert_eq!(found.dialect, None);
    assert_eq!(found.disagreement.as_deref(), Some("knexfile.js says PostgreSQL, .env says MySQL/MariaDB"));
    assert!(!serde_json::to_string(&found).unwrap().contains("hunter2"), "no value of a variable is kept");
}

#[test]
fn init_takes_the_database_as_truth_where_the_repository_holds_nothing_plumb_reads() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("alembic/versions")).unwrap();
    std::fs::write(dir.path().join("alembic.ini"), "[alembic]\nscript_location = alembic\n").unwrap();
    std::fs::write(dir.path().join("alembic/versions/0001_init.py"), "revision = '0001'\n").unwrap();
    std::fs::write(
        dir.path().join(".env"),
        "DATABASE_URL=mysql://u:p@h/app\nSTAGING_DATABASE_URL=mysql://u:p@h/staging\nSHADOW_DATABASE_URL=mysql://u:p@h/s\n",
    )
    .unwrap();
    let proposal = propose(&detect(dir.path()).unwrap()).unwrap();
    assert_eq!(
        proposal.text,
        "# Written by plumb init from what plumb detect found; edit it freely.\ntruth = \"database\"\ndatabase = \"dev\"\n\n\
         [environments]\ndev = \"env:DATABASE_URL\"\nstaging = \"env:STAGING_DATABASE_URL\"\n"
    );
    assert!(
        proposal.reasons[0].contains("alembic/versions holds no SQL migrations Plumb reads"),
        "{:?}",
        proposal.reasons
    );
    assert!(proposal.reasons.iter().any(|r| r.starts_with("$SHADOW_DATABASE_URL left out")), "{:?}", proposal.reasons);
    let config = crate::project::ProjectConfig::from_toml(&proposal.text, "project.toml").unwrap();
    assert_eq!(config.environments.len(), 2, "what init writes, the project reads");
}

#[test]
fn nothing_to_go_on_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(propose(&detect(dir.path()).unwrap()), None);
}

#[test]
fn node_tools_supabase_and_sql_folders_are_told_apart() {
    let project = |files: &[(&str, &str)]| {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        let found = detect(dir.path()).unwrap();
        (found.tools.iter().map(|t| (t.tool, t.dialect)).collect::<Vec<_>>(), found.migrations)
    };
    let knex = project(&[
        ("knexfile.js", "module.exports = { client: 'mysql2', migrations: { directory: './db/knex' } };"),
        ("db/knex/1_init.js", ""),
    ]);
    assert_eq!(knex, (vec![(Tool::Knex, Some(Dialect::Mysql))], Some("db/knex".into())));
    let typeorm = project(&[
        ("package.json", r#"{"dependencies": {"typeorm": "^0.3"}}"#),
        ("src/data-source.ts", "new DataSource({ type: \"postgres\" })"),
    ]);
    assert_eq!(typeorm.0, [(Tool::Typeorm, Some(Dialect::Postgres))]);
    let sequelize = project(&[
        ("package.json", r#"{"dependencies": {"sequelize": "^6"}}"#),
        ("config/config.json", r#"{"development": {"dialect": "sqlite"}}"#),
    ]);
    assert_eq!(sequelize.0, [(Tool::Sequelize, Some(Dialect::Sqlite))]);
    let supabase = project(&[
        ("supabase/config.toml", "project_id = \"x\"\n"),
        ("supabase/migrations/20240101000000_init.sql", "CREATE TABLE t (id int);"),
    ]);
    assert_eq!(supabase, (vec![(Tool::Supabase, Some(Dialect::Postgres))], Some("supabase/migrations".into())));
    let golang_migrate = project(&[
        ("migrations/1_init.up.sql", "CREATE TABLE t (id int);"),
        ("migrations/1_init.down.sql", "DROP TABLE t;"),
    ]);
    assert_eq!(golang_migrate, (vec![(Tool::SqlMigrations, None)], Some("migrations".into())));
}

//! Each tool's usual files, and what they say.

use std::path::{Path, PathBuf};

use plumb_engine::prisma::{parse, Expr};

use super::config::{env_names, values};
use super::{dialect_named, dialect_of_url, relative, Found, Reading, Tool, Variable};

/// Reads every tool's files under `root` into `reading`.
pub(super) fn read_all(root: &Path, reading: &mut Reading) {
    prisma(root, reading);
    js_config(root, reading, Tool::Drizzle, "drizzle.config", &["dialect", "driver"], "out", Some("drizzle"));
    js_config(root, reading, Tool::Knex, "knexfile", &["client"], "directory", Some("migrations"));
    js_config(root, reading, Tool::Typeorm, "ormconfig", &["type"], "migrationsDir", None);
    if !reading.found.iter().any(|f| f.tool == Tool::Typeorm) && depends_on(root, "typeorm") {
        js_config(root, reading, Tool::Typeorm, "src/data-source", &["type"], "migrationsDir", None);
    }
    sequelize(root, reading);
    alembic(root, reading);
    django(root, reading);
    rails(root, reading);
    if root.join("supabase/config.toml").is_file() {
        reading.found.push(Found {
            tool: Tool::Supabase,
            file: "supabase/config.toml".into(),
            dialect: Some(plumb_engine::dialect::Dialect::Postgres),
        });
        if root.join("supabase/migrations").is_dir() {
            reading.migrations.get_or_insert_with(|| "supabase/migrations".into());
        }
    }
}

fn read(path: &Path) -> Option<String> {
    std::fs::read_to_string(path).ok()
}

/// Notes the variables `text` of `file` reads whose names say they hold a connection URL
/// (`DATABASE_URL`, `SHOP_DB_DSN`, `DB_FILE_NAME`), not those of other settings (`RAILS_MAX_THREADS`).
fn variables(reading: &mut Reading, root: &Path, file: &Path, text: &str) {
    let holds_url = |name: &str| ["URL", "DSN", "DATABASE", "DB_FILE"].iter().any(|part| name.contains(part));
    for name in env_names(text).into_iter().filter(|n| holds_url(n)) {
        if !reading.variables.iter().any(|v| v.name == name) {
            reading.variables.push(Variable { name, file: relative(root, file), dialect: None });
        }
    }
}

/// `package.json` lists `package` among its dependencies.
fn depends_on(root: &Path, package: &str) -> bool {
    let Some(text) = read(&root.join("package.json")) else { return false };
    let Ok(json) = serde_json::from_str::<serde_json::Value>(&text) else { return false };
    ["dependencies", "devDependencies"].iter().any(|k| json[k].get(package).is_some())
}

/// `prisma/schema.prisma` (or `schema.prisma`): the datasource's provider and `env("…")` URL.
fn prisma(root: &Path, reading: &mut Reading) {
    let Some(path) = crate::project::schema_prisma(root) else { return };
    let text = read(&path).unwrap_or_default();
    let schema = parse(&text).ok();
    let datasource = schema.as_ref().and_then(|s| s.datasources.first());
    let string = |key: &str| match datasource.and_then(|d| d.get(key)) {
        Some(Expr::String(s)) => Some(s.clone()),
        _ => None,
    };
    let file = relative(root, &path);
    reading.found.push(Found {
        tool: Tool::Prisma,
        file: file.clone(),
        dialect: string("provider").as_deref().and_then(dialect_named),
    });
    for key in ["url", "directUrl", "shadowDatabaseUrl"] {
        if let Some(Expr::Call(function, args)) = datasource.and_then(|d| d.get(key)) {
            if let (true, Some(Expr::String(name))) = (function == "env", args.first().map(|a| &a.value)) {
                reading.variables.push(Variable { name: name.clone(), file: file.clone(), dialect: None });
            }
        }
    }
    reading.schema.get_or_insert(file);
    let migrations = path.parent().unwrap_or(root).join("migrations");
    if migrations.is_dir() {
        reading.migrations.get_or_insert_with(|| relative(root, &migrations));
    }
}

/// A JavaScript or TypeScript config file (`drizzle.config.ts`, `knexfile.js`): the dialect its
/// keys name, its migrations folder and the variables it reads.
fn js_config(
    root: &Path,
    reading: &mut Reading,
    tool: Tool,
    stem: &str,
    dialect_keys: &[&str],
    folder_key: &str,
    default_folder: Option<&str>,
) {
    let found = ["ts", "js", "mjs", "cjs", "mts", "json"]
        .iter()
        .map(|ext| root.join(format!("{stem}.{ext}")))
        .find(|p| p.is_file());
    let Some(path) = found else { return };
    let text = read(&path).unwrap_or_default();
    let dialect = dialect_keys.iter().flat_map(|k| values(&text, k)).find_map(|v| dialect_named(&v));
    reading.found.push(Found { tool, file: relative(root, &path), dialect });
    variables(reading, root, &path, &text);
    let folder = values(&text, folder_key).into_iter().next().or_else(|| default_folder.map(str::to_owned));
    if let Some(folder) = folder.map(|f| root.join(f.trim_start_matches("./"))).filter(|f| f.is_dir()) {
        reading.migrations.get_or_insert_with(|| relative(root, &folder));
    }
    if tool == Tool::Drizzle {
        if let Some(schema) = values(&text, "schema").into_iter().next() {
            reading.schema.get_or_insert(schema.trim_start_matches("./").to_owned());
        }
    }
}

/// Sequelize: `.sequelizerc` or `config/config.json` with a `dialect`.
fn sequelize(root: &Path, reading: &mut Reading) {
    let config = root.join("config/config.json");
    let path = [root.join(".sequelizerc"), config.clone()].into_iter().find(|p| p.is_file());
    let Some(path) = path.filter(|_| depends_on(root, "sequelize") || root.join(".sequelizerc").is_file()) else {
        return;
    };
    let text = read(&config).unwrap_or_default();
    let dialect = values(&text, "dialect").iter().find_map(|v| dialect_named(v));
    reading.found.push(Found { tool: Tool::Sequelize, file: relative(root, &path), dialect });
    for name in values(&text, "use_env_variable") {
        reading.variables.push(Variable { name, file: relative(root, &config), dialect: None });
    }
    if root.join("migrations").is_dir() {
        reading.migrations.get_or_insert_with(|| "migrations".into());
    }
}

/// Alembic: `alembic.ini` (its `script_location`, the scheme of `sqlalchemy.url`) and the
/// variables its `env.py` reads.
fn alembic(root: &Path, reading: &mut Reading) {
    let ini = root.join("alembic.ini");
    let Some(text) = read(&ini) else { return };
    let location = values(&text, "script_location").into_iter().next().unwrap_or_else(|| "alembic".into());
    let location = location.replace("%(here)s/", "");
    let dialect = values(&text, "sqlalchemy.url").iter().find_map(|url| dialect_of_url(url));
    let scripts: PathBuf = root.join(&location);
    let env_py = scripts.join("env.py");
    let env_text = read(&env_py).unwrap_or_default();
    reading.found.push(Found { tool: Tool::Alembic, file: "alembic.ini".into(), dialect });
    variables(reading, root, &env_py, &env_text);
    let versions = scripts.join("versions");
    if versions.is_dir() {
        reading.migrations.get_or_insert_with(|| relative(root, &versions));
    }
}

/// Django: `manage.py`, and the `ENGINE` of `DATABASES` in a settings module one folder down.
fn django(root: &Path, reading: &mut Reading) {
    if !root.join("manage.py").is_file() {
        return;
    }
    let settings: Vec<PathBuf> = std::fs::read_dir(root)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .flat_map(|dir| [dir.join("settings.py"), dir.join("settings/base.py"), dir.join("settings/__init__.py")])
        .filter(|p| p.is_file())
        .collect();
    let mut dialect = None;
    let mut file = "manage.py".to_owned();
    for path in &settings {
        let text = read(path).unwrap_or_default();
        if let Some(found) = values(&text, "ENGINE").iter().find_map(|v| dialect_named(v)) {
            dialect = Some(found);
            file = relative(root, path);
        }
        variables(reading, root, path, &text);
    }
    reading.found.push(Found { tool: Tool::Django, file, dialect });
}

/// Rails: `config/database.yml` (its `adapter`, the variables its ERB reads) and `db/schema.rb`.
fn rails(root: &Path, reading: &mut Reading) {
    let config = root.join("config/database.yml");
    let schema = root.join("db/schema.rb");
    if !config.is_file() && !schema.is_file() {
        return;
    }
    let text = read(&config).unwrap_or_default();
    let dialect = values(&text, "adapter").iter().find_map(|v| dialect_named(v));
    let file = if config.is_file() { "config/database.yml" } else { "db/schema.rb" };
    reading.found.push(Found { tool: Tool::Rails, file: file.into(), dialect });
    variables(reading, root, &config, &text);
    if schema.is_file() {
        reading.schema.get_or_insert_with(|| "db/schema.rb".into());
    }
    if root.join("db/migrate").is_dir() {
        reading.migrations.get_or_insert_with(|| "db/migrate".into());
    }
}

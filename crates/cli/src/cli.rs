//! The command line's shape (clap derive).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

const ABOUT: &str = "See, review and safely apply database schema changes (PostgreSQL, MySQL/MariaDB, SQLite).";

const SOURCES_HELP: &str = "\
Sources:
  sqlite:PATH, PATH.db, PATH.sqlite, PATH.sqlite3   an SQLite database file (opened read-only)
  PATH.json                                         a snapshot written by `plumb inspect --json`
  PATH.sql, a migrations folder                     replayed on a scratch database: SQLite, or a
                                                    temporary database on the --shadow server
  postgres://USER[:PASSWORD]@HOST[:PORT]/DB         PostgreSQL 12+ (every user schema)
  mysql://USER[:PASSWORD]@HOST[:PORT]/DB            MySQL 5.7+ / MariaDB 10.2+ (also mariadb://)
  @NAME                                             a saved profile (`plumb profile add`); its
                                                    password comes from the OS keychain
  env:NAME                                          the URL in the variable NAME (or in ./.env),
                                                    never shown
URL options: ?schemas=a,b (PostgreSQL schemas to read), ?connect_timeout=SECONDS (default 10),
  TLS: ?sslmode=disable|prefer|require|verify-ca|verify-full&sslrootcert=CA.pem (PostgreSQL),
       ?ssl-mode=DISABLED|PREFERRED|REQUIRED|VERIFY_CA|VERIFY_IDENTITY&ssl-ca=CA.pem (MySQL)

Exit codes:
  0  success, nothing pending
  1  error (a usage error too)
  2  differences found            (diff, plan)
  3  blocked by a safety finding, the gate or a read-only profile  (lint, apply)";

/// The `plumb` command line.
#[derive(Debug, Parser)]
#[command(name = "plumb", version, about = ABOUT, after_help = SOURCES_HELP, propagate_version = true)]
pub(crate) struct Cli {
    /// More log output on stderr (-v info, -vv debug); RUST_LOG overrides it.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,

    /// The server SQL sources (a .sql file, a migrations folder) are replayed on: a temporary
    /// database is created there and dropped afterwards (postgres:// or mysql://). Without it
    /// they replay on SQLite.
    #[arg(long, global = true, value_name = "URL", env = "PLUMB_SHADOW_URL")]
    pub shadow: Option<String>,

    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Read a schema and print it as a tree, or as the canonical JSON snapshot.
    #[command(after_help = "\
Examples:
  plumb inspect app.sqlite                 readable tree of tables, views and triggers
  plumb inspect app.sqlite --json > s.json  canonical snapshot (byte-identical on reruns)
  plumb inspect s.json                     the same tree, read back from the snapshot
  plumb inspect postgres://postgres@127.0.0.1/app?schemas=public
  plumb inspect mysql://root@127.0.0.1:3306/shop")]
    Inspect(InspectArgs),

    /// Compare two schemas of the same dialect: what changes turn FROM into TO.
    #[command(after_help = "\
Examples:
  plumb diff prod.sqlite dev.sqlite                 what dev has that prod has not (and back)
  plumb diff prod.sqlite dev.sqlite --exit-code     exit 2 when they differ (CI drift check)
  plumb diff snap.json postgres://… --json          the typed change set as JSON
  plumb diff prod.sqlite dev.sqlite --sql           the SQL that migrates, migra-style
  plumb diff a.db b.db --rename users.name=users.full_name --exclude '_prisma_*'")]
    Diff(DiffArgs),

    /// Plan the migration from FROM to TO: ordered SQL, data it destroys, and the way back.
    #[command(after_help = "\
Examples:
  plumb plan prod.sqlite dev.sqlite                  the SQL that turns prod into dev
  plumb plan prod.sqlite dev.sqlite --rollback       with the SQL that turns it back
  plumb plan postgres://…/app dev.json --out plan.json   write the plan for review and apply")]
    Plan(PlanArgs),

    /// Apply a plan file to its target through the gate: policy, approvals, acknowledgements, the
    /// target unchanged since the plan, an advisory lock; then back up, run, verify, record.
    #[command(after_help = "\
Examples:
  plumb apply plan.json --to dev.sqlite --yes        development: no approval needed by default
  plumb apply plan.json --to @prod                   needs a trusted approval (plan.approval.*.json)
  plumb apply plan.json --to @prod --confirm shop    the database's name, without a terminal
  plumb apply plan.json --to @mariadb --resume       finish a run that was interrupted

The rules per environment come from .plumb/policy.toml (found upwards from the current folder;
defaults without one: production needs one approval by someone other than you and the database's
name typed). A plan that loses data asks for the database's name on every environment. The
target must be exactly the schema the plan was made from; blocking findings must be acknowledged
(--allow RULE, or by an approver). Anything refused exits 3 with nothing written.
Each run leaves an evidence folder (.plumb/runs/<run>/) and a row in the target's plumb_history.")]
    Apply(ApplyArgs),

    /// List the runs recorded in this project's evidence folder (or, with --to, in a database's
    /// plumb_history), newest first; or read one run's evidence.
    #[command(after_help = "\
Examples:
  plumb history                                     every run of this project, newest first
  plumb history 20261122T013000Z-3fa9c2e1           the files of one run's evidence
  plumb history 20261122T013000Z-3fa9c2e1 04-post-verify.md   one of its reports
  plumb history --to @prod                          the runs prod recorded in its plumb_history")]
    History(HistoryArgs),

    /// Compare the truth about the schema (.plumb/project.toml) with every environment: which
    /// side is behind and what to run (exit 2 on drift).
    #[command(after_help = "\
.plumb/project.toml:
  truth = \"repo\"                 # the repository's schema is the truth …
  schema = \"prisma/migrations\"   # … a migrations folder or a .sql file, replayed (see --shadow)
  # truth = \"database\"           # or a database is, and the repository follows it:
  # database = \"prod\"
  [environments]
  dev = \"@dev\"
  prod = \"@prod\"

Exit codes: 0 everything in sync, 2 drift, 1 an environment could not be read.")]
    Drift(DriftArgs),

    /// Migrations folders against databases.
    #[command(subcommand)]
    Migrate(MigrateCommand),

    /// Write the schema as context for people and LLMs: a versioned, deterministic JSON (and,
    /// if asked, Markdown and a per-kind mirror). Structure only: no data, no secrets.
    #[command(after_help = "\
Examples:
  plumb export @prod                                   docs/context/db/schema.json
  plumb export app.sqlite --markdown docs/context/db/schema.md
  plumb export postgres://…/app --out schema.json --mirror db/schema   (tables.json, views.json, enums.json)
  plumb export --json-schema                           the JSON Schema the export follows

Files are only rewritten when their content changes: exporting an unchanged database changes
nothing, so the files can be committed and diffed.")]
    Export(ExportArgs),

    /// Write a schema.prisma from a database, as `prisma db pull` does: a model per table,
    /// relations both ways, enums, and `@map`/`map:` wherever a name is not Prisma's own.
    #[command(after_help = "\
Examples:
  plumb pull @dev                                 writes prisma/schema.prisma
  plumb pull postgres://…/app --prisma db/schema.prisma
  plumb pull app.sqlite --print                   to stdout, no file written

The names an existing schema.prisma gives to tables, columns and enums (through @@map and @map)
are kept. What Prisma cannot say (checks, views, triggers, comments, identity columns, …) is
listed on stderr. `plumb plan SOURCE prisma/schema.prisma` then shows no difference.")]
    Pull(PullArgs),

    /// Write types for application code from a schema: a row type per table and view, an insert
    /// type per table, enums as unions of their labels.
    #[command(after_help = "\
Examples:
  plumb types @dev --out src/db/types.ts            TypeScript
  plumb types @dev --out src/db/types.ts --zod      with zod schemas to check values at run time
  plumb types app.sqlite --lang python --out app/db_types.py   Python dataclasses

Columns the database fills by itself (a default, an identity, NULL) are optional in the insert
type; generated columns are left out of it. Types are named after the models and fields of the
project's schema.prisma when there is one (--prisma, else prisma/schema.prisma or schema.prisma
in this folder), else after the tables. A view's columns are read from a live database; the file
is rewritten only when its content changes.")]
    Types(TypesArgs),

    /// Find the tables and columns the application's code names and the database lacks: raw SQL
    /// and tagged templates, Prisma client calls (through @map/@@map), Drizzle tables, in
    /// TypeScript, JavaScript and Python (exit 2 when one is missing).
    #[command(after_help = "\
Examples:
  plumb scan src --against @dev                     every name src/ uses that dev lacks
  plumb scan src app --against app.sqlite --json    file, line, column, name, closest name
  plumb scan --against @prod --unused               also the columns no code mentions

Files are parsed, never run: tree-sitter's TypeScript and Python grammars, SQL strings with the
SQL parser Plumb lints with. Prisma calls are read through the project's schema.prisma
(--prisma, else prisma/schema.prisma or schema.prisma here). Without PATHS, the folders
.plumb/project.toml lists as code = [...], else this folder. node_modules, virtualenvs, build
output and what .gitignore ignores are skipped.")]
    Scan(ScanArgs),

    /// Write seed data to a development database: SQL files in one transaction, or a seed
    /// program with the target's URL in DATABASE_URL; rows inserted, updated and deleted per
    /// table, and an evidence folder. Production is refused (exit 3, nothing written).
    #[command(after_help = "\
Examples:
  plumb seed prisma/seed.sql --to @dev               run it, report rows per table
  plumb seed seeds/ --to dev.sqlite                  every .sql file of the folder, in name order
  plumb seed --command \"npx tsx prisma/seed.ts\" --to @dev   a seed program
  plumb seed seeds/ --to @dev --check                is it idempotent? (exit 2 naming what changed)

--check runs the seed twice on a scratch database built with the target's schema (a temporary
file for SQLite; a temporary database on --shadow or the target's server, dropped afterwards) and
compares every table's rows: the target is only read. Production environments are never seeded;
others unless .plumb/policy.toml says seed = false for them. A read-only profile is refused too.")]
    Seed(SeedArgs),

    /// Check a database's health: tables without keys, foreign keys without indexes, redundant
    /// indexes, keys running out, invalid indexes and constraints, row-level security holes,
    /// unused indexes. Each finding says why it matters and what fixes it (exit 2 on a warning).
    #[command(after_help = "\
Examples:
  plumb audit @prod                                  findings, with the SQL that fixes each
  plumb audit @prod --json                           for machines
  plumb audit @prod --markdown audit.md              a report to share
  plumb audit @prod --fix DB-002 --out fix.json      a plan of the fixes, for review and apply
  plumb audit @supabase --exposed-schema public      tables clients reach need row-level security
  plumb audit --checks                               the catalog of checks (docs/audit.md)

--fix with no id takes every fix that is a schema change; fixes that are not (a grant, a setting)
are printed to run by hand. On PostgreSQL an index is planned CREATE INDEX CONCURRENTLY. The plan
goes through lint, approval and apply like any other.")]
    Audit(AuditArgs),

    /// Tell what a project is made of, from its files alone: the database, the ORM or migration
    /// tool, the schema file, the migrations folder and the variables holding connection URLs.
    #[command(after_help = "\
Examples:
  plumb detect                 this folder
  plumb detect ../api --json   another one, as JSON

Read: schema.prisma, drizzle.config.*, knexfile.*, ormconfig.*, .sequelizerc, alembic.ini and its
env.py, Django's settings, Rails' config/database.yml and db/schema.rb, supabase/config.toml,
migrations folders and .env files. Nothing is run, and only the names of variables are shown,
never their values.")]
    Detect(DetectArgs),

    /// Write .plumb/project.toml from what `plumb detect` finds: where the truth about the schema
    /// is, and an environment per variable holding a connection URL. Says what it chose.
    #[command(after_help = "\
Examples:
  plumb init            this folder
  plumb init --force    write over an existing .plumb/project.toml

Environments are written as env:VARIABLE sources: the URL stays in the environment (or .env) and
never enters the file. Then: plumb drift.")]
    Init(InitArgs),

    /// Review a plan file as a teammate: approve or reject it, signed with your key (created on
    /// first use and kept in the OS keychain), written next to the plan.
    #[command(after_help = "\
Examples:
  plumb approve plan.json --allow drop-column --comment 'column unused since v42'
  plumb approve plan.json --reject --comment 'drops live data; rename instead'
  plumb approve --show-key            the public key to list in the project's trusted approvers

The approval binds your name, the time, the plan's SHA-256, the target state the plan starts from,
the findings you acknowledge and your comment; editing any of them breaks the signature. Every
blocking finding must be acknowledged with --allow RULE (or RULE@STEP) to approve (exit 3 otherwise).")]
    Approve(ApproveArgs),

    /// Check a plan file and its approvals as the apply gate would, without a database: intact,
    /// its statements exactly what Plumb derives from its own schemas, its findings derived again,
    /// its approvals valid under the project's policy, every blocking finding acknowledged.
    #[command(after_help = "\
Examples:
  plumb verify plan.json --env prod              in a pull request's CI: exit 3 unless it would pass
  plumb verify plan.json --env staging --as bo   as the person who will apply it
  plumb verify plan.json --allow drop-column     with what the person applying acknowledges

Approvals are read beside the plan (plan.approval.*.json) and judged by .plumb/policy.toml, found
upwards from the current folder. What needs the database (its state, the lock, the counts in its
data, the typed name) is left to plumb apply. Exit 0 when the gate would let it through, 3 when
it would refuse, 1 on an error.")]
    Verify(VerifyArgs),

    /// Check SQL migration files for statements that lose data, block the application or break
    /// running code.
    #[command(after_help = "\
Examples:
  plumb lint migrations/                        every .sql file below, in path order
  plumb lint 0042_add_index.sql --dialect postgres --server-version 15
  plumb lint prisma/migrations --json           findings as JSON (file, line, rule, severity)
  plumb lint db/migrate/ --schema postgres://…/app   with what the live schema knows
  plumb lint --explain pg-create-index-blocking why a rule exists and what to do instead
  plumb lint --rules                            every rule with its severity and dialects

The dialect comes from --dialect, a Prisma migration_lock.toml beside the files, or the tokens
only one dialect uses ($$, ::, backticks, AUTO_INCREMENT, AUTOINCREMENT). Each file is one
migration. `-- plumb:ignore RULE[,RULE] reason` on the line above a statement lets it through
for those rules (the reason is kept). Exit 3 when a blocking finding is left, 0 otherwise.")]
    Lint(LintArgs),

    /// Time introspection at scale against pg_dump / mariadb-dump, and diff + plan, on a generated schema.
    #[command(
        subcommand,
        after_help = "\
Example:
  createdb -h 127.0.0.1 -U postgres plumb_bench
  plumb bench generate postgres://postgres@127.0.0.1/plumb_bench
  plumb bench introspect postgres://postgres@127.0.0.1/plumb_bench
  createdb -h 127.0.0.1 -U postgres plumb_bench_changed
  plumb bench generate --changed postgres://postgres@127.0.0.1/plumb_bench_changed
  plumb bench plan postgres://postgres@127.0.0.1/plumb_bench postgres://postgres@127.0.0.1/plumb_bench_changed
  plumb bench lint --files 1000
  plumb bench all --postgres postgres://postgres@127.0.0.1/postgres --mysql mysql://root@127.0.0.1/mysql"
    )]
    Bench(BenchCommand),

    /// Save connections once (passwords in the OS keychain), check them, and use them as @NAME.
    #[command(
        subcommand,
        after_help = "\
Examples:
  plumb profile add staging --url postgres://app@db.example/shop --env staging --password-stdin < pw.txt
  plumb profile add prod --url 'postgres://app:PASSWORD@db.example/shop' --env prod   (read-only)
  plumb profile add local --url ./dev.sqlite
  plumb profile import                        DATABASE_URL & co. from the environment
  plumb profile import --env-file .env        …or from a .env file
  plumb profile test staging                  server, version, user, TLS, privileges, latency
  plumb diff @prod @staging                   any command takes @NAME as a source
  plumb profile unlock prod --minutes 10      allow applying to a read-only profile for a while
  plumb profile export --out team.toml        share profiles without passwords

Profiles live in profiles.toml in Plumb's config folder (PLUMB_CONFIG_DIR, else ~/.config/plumb on
Linux); passwords in the OS keychain (service \"plumb\", account = the profile's id). Without a
keychain (a headless Linux without Secret Service, or PLUMB_KEYCHAIN=none) Plumb asks for the
password when it connects and keeps it in memory only."
    )]
    Profile(ProfileCommand),

    /// Write the two demo SQLite databases (demo-prod and demo-dev) into a folder.
    #[command(after_help = "\
Example:
  plumb demo ./demo && plumb inspect ./demo/demo-dev.sqlite")]
    Demo(DemoArgs),
}

/// `plumb profile` subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum ProfileCommand {
    /// Save a connection under a name; a password in the URL (or given with --password-stdin)
    /// goes to the OS keychain, never to a file.
    Add(ProfileAddArgs),
    /// List the profiles, riskiest environment first.
    List(JsonArg),
    /// Show one profile (its URL without password, where its password is, its last check).
    Show(ProfileNameJson),
    /// Remove a profile and its password.
    Rm(ProfileName),
    /// Check the connection: server and version, user, TLS, privileges, tables, latency.
    Test(ProfileNameJson),
    /// Add profiles from DATABASE_URL-like variables (environment or a .env file), a URL, or a
    /// file written by `plumb profile export`.
    Import(ProfileImportArgs),
    /// Write profiles to share with a teammate: everything but passwords.
    Export(ProfileExportArgs),
    /// Save (or replace) a profile's password in the OS keychain, read from stdin or a prompt.
    Password(ProfileName),
    /// Allow writes to a read-only profile for a while (production profiles start read-only).
    Unlock(ProfileUnlockArgs),
    /// End an unlock now.
    Lock(ProfileName),
}

/// `--json` alone.
#[derive(Debug, Args)]
pub(crate) struct JsonArg {
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// A profile name (with or without the leading @).
#[derive(Debug, Args)]
pub(crate) struct ProfileName {
    /// The profile's name.
    pub name: String,
}

/// A profile name, and `--json`.
#[derive(Debug, Args)]
pub(crate) struct ProfileNameJson {
    /// The profile's name.
    pub name: String,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `plumb profile add`.
#[derive(Debug, Args)]
pub(crate) struct ProfileAddArgs {
    /// The name to use as @NAME (letters, digits, '-', '_', '.').
    pub name: String,
    /// The connection: postgres://…, mysql://…, mariadb://…, or an SQLite file.
    #[arg(long)]
    pub url: String,
    /// The environment: dev, staging, prod, or any name (prod is read-only unless --writable).
    #[arg(long, default_value = "dev")]
    pub env: String,
    /// Read the password from the first line of stdin (instead of putting it in the URL).
    #[arg(long)]
    pub password_stdin: bool,
    /// Refuse writes until unlocked (the default for prod).
    #[arg(long, conflicts_with = "writable")]
    pub read_only: bool,
    /// Allow writes without an unlock, even for prod.
    #[arg(long)]
    pub writable: bool,
    /// The colour to show the profile in (#rrggbb); the environment's by default.
    #[arg(long)]
    pub color: Option<String>,
    /// A group (folder) to file the profile under.
    #[arg(long)]
    pub group: Option<String>,
    /// Notes.
    #[arg(long, default_value = "")]
    pub notes: String,
    /// A scratch database server to replay migrations on (its password goes to the keychain too).
    #[arg(long, value_name = "URL")]
    pub shadow_url: Option<String>,
}

/// Arguments of `plumb profile import`.
#[derive(Debug, Args)]
pub(crate) struct ProfileImportArgs {
    /// Read DATABASE_URL-like variables from this .env file (default: the environment).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["url", "profiles"])]
    pub env_file: Option<PathBuf>,
    /// Import this one URL.
    #[arg(long, conflicts_with = "profiles")]
    pub url: Option<String>,
    /// Import the profiles of a file written by `plumb profile export`.
    #[arg(long, value_name = "FILE")]
    pub profiles: Option<PathBuf>,
    /// The name for the profile (when one URL is imported).
    #[arg(long)]
    pub name: Option<String>,
    /// The environment of the imported profiles.
    #[arg(long, default_value = "dev")]
    pub env: String,
}

/// Arguments of `plumb profile export`.
#[derive(Debug, Args)]
pub(crate) struct ProfileExportArgs {
    /// The profiles to export (all when none is named).
    pub names: Vec<String>,
    /// Write to this file instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// Arguments of `plumb profile unlock`.
#[derive(Debug, Args)]
pub(crate) struct ProfileUnlockArgs {
    /// The profile's name.
    pub name: String,
    /// For how long.
    #[arg(long, default_value_t = plumb_db::profile::DEFAULT_UNLOCK.as_secs() / 60)]
    pub minutes: u64,
}

/// Arguments of `plumb inspect`.
#[derive(Debug, Args)]
pub(crate) struct InspectArgs {
    /// Where to read the schema from (see "Sources" in `plumb --help`).
    pub source: String,

    /// Print the canonical JSON snapshot instead of the tree, on one line (for programs).
    #[arg(long)]
    pub json: bool,

    /// With --json: indent the snapshot by two spaces (for people, and for files kept in git).
    #[arg(long, requires = "json")]
    pub pretty: bool,
}

/// Arguments of `plumb diff`.
#[derive(Debug, Args)]
pub(crate) struct DiffArgs {
    /// The current schema (see "Sources" in `plumb --help`).
    pub from: String,
    /// The desired schema.
    pub to: String,
    /// Print the typed change set as JSON.
    #[arg(long, conflicts_with = "sql")]
    pub json: bool,
    /// Print the SQL that turns FROM into TO (the plan's statements, without writing a plan).
    #[arg(long)]
    pub sql: bool,
    /// Exit with 2 when the schemas differ (0 when they are the same).
    #[arg(long)]
    pub exit_code: bool,
    #[command(flatten)]
    pub compare: CompareArgs,
}

/// What to compare: shared by `diff` and `plan`.
#[derive(Debug, Args)]
pub(crate) struct CompareArgs {
    /// Compare only this schema (repeat for several).
    #[arg(long = "schema", value_name = "NAME")]
    pub schemas: Vec<String>,
    /// Leave out objects whose name or schema.name matches this glob (repeat for several).
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// Confirm a rename: table=new_table or table.column=table.new_column (repeat for several).
    #[arg(long, value_name = "OLD=NEW")]
    pub rename: Vec<String>,
}

/// Arguments of `plumb plan`.
#[derive(Debug, Args)]
pub(crate) struct PlanArgs {
    /// The current schema, which the plan will be applied to.
    pub from: String,
    /// The desired schema.
    pub to: String,
    /// Write the plan as JSON to this file (for review, approval and `plumb apply`).
    #[arg(long, value_name = "FILE")]
    pub out: Option<std::path::PathBuf>,
    /// Also print the SQL that turns the target back.
    #[arg(long)]
    pub rollback: bool,
    /// Do not count rows in FROM for the safety findings (values a dropped column holds, NULLs,
    /// duplicates, orphans): use the schema alone.
    #[arg(long)]
    pub no_data_checks: bool,
    /// PostgreSQL: run the steps on a scratch copy of FROM's schema (a throwaway database on the
    /// same server, needs CREATEDB) and show the locks each step took beside the predicted ones.
    #[arg(long)]
    pub capture_locks: bool,
    /// Write an online plan: no statement holds a lock that stops reads or writes for longer
    /// than a moment (concurrent index builds, NOT VALID then VALIDATE, batched backfills,
    /// ALGORITHM=INPLACE, pt-online-schema-change). The default for production.
    #[arg(long, conflicts_with = "blocking")]
    pub online: bool,
    /// Write an ordinary plan (one transaction where the dialect allows) even for production.
    #[arg(long)]
    pub blocking: bool,
    /// Split the change around a deploy of the application: an expand plan that only adds and
    /// relaxes (the running version keeps working) and a contract plan that removes and tightens
    /// (apply it once the new version runs everywhere). With --out plan.json, writes
    /// plan.expand.json and plan.contract.json.
    #[arg(long, requires = "out")]
    pub split: bool,
    /// The environment FROM plays, whose policy says whether plans are online (a profile's own;
    /// else a server URL counts as prod, a file as dev).
    #[arg(long, value_enum)]
    pub env: Option<Environment>,
    /// PostgreSQL: how the values of a column whose type changes convert, where it has no cast
    /// between the two types: table.column=EXPR, as orders.placed_at=to_timestamp(placed_at)
    /// (repeat for several). The way back needs its own, so the plan says it has none.
    #[arg(long, value_name = "TABLE.COLUMN=EXPR")]
    pub using: Vec<String>,
    #[command(flatten)]
    pub compare: CompareArgs,
}

/// The environment a target plays; production asks for more.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Environment {
    /// Development.
    Dev,
    /// Staging.
    Staging,
    /// Production.
    Prod,
}

/// Arguments of `plumb apply`.
#[derive(Debug, Args)]
pub(crate) struct ApplyArgs {
    /// The plan file written by `plumb plan --out`.
    pub plan: std::path::PathBuf,
    /// How to apply it.
    #[command(flatten)]
    pub how: ApplyHow,
}

/// Where and how a plan is applied: `plumb apply` and `plumb migrate deploy`.
#[derive(Debug, Args)]
pub(crate) struct ApplyHow {
    /// The database to migrate.
    #[arg(long, value_name = "SOURCE")]
    pub to: String,
    /// The target's environment (a profile's own; else a URL counts as prod, a file as dev).
    #[arg(long, value_enum)]
    pub env: Option<Environment>,
    /// Do not ask for confirmation (required when not on a terminal).
    #[arg(long)]
    pub yes: bool,
    /// Acknowledge the plan's blocking safety findings of this rule (repeat for several), or of
    /// this rule at one step (`drop-column@7`), after reading them and `plumb lint --explain RULE`.
    #[arg(long, value_name = "RULE")]
    pub allow: Vec<String>,
    /// The database's name, typed in advance where it is asked for (production, and any plan that
    /// loses data).
    #[arg(long, value_name = "NAME")]
    pub confirm: Option<String>,
    /// Who is applying (default: your user name); their own approvals do not count on production.
    #[arg(long = "as", value_name = "NAME")]
    pub name: Option<String>,
    /// Complete an interrupted run of this plan (MySQL/MariaDB), skipping the statements its
    /// journal records as done.
    #[arg(long)]
    pub resume: bool,
}

/// Arguments of `plumb export`.
#[derive(Debug, Args)]
pub(crate) struct ExportArgs {
    /// Where to read the schema from (see "Sources" in `plumb --help`).
    #[arg(required_unless_present = "json_schema")]
    pub source: Option<String>,
    /// The JSON file to write.
    #[arg(long, default_value = "docs/context/db/schema.json")]
    pub out: PathBuf,
    /// Also write the same content as Markdown here.
    #[arg(long, value_name = "FILE")]
    pub markdown: Option<PathBuf>,
    /// Also write one JSON file per kind of object (tables.json, views.json, enums.json) here.
    #[arg(long, value_name = "DIR")]
    pub mirror: Option<PathBuf>,
    /// Print the JSON Schema of the export and exit.
    #[arg(long, conflicts_with_all = ["source", "markdown", "mirror", "evidence"])]
    pub json_schema: bool,
    /// Leave an evidence folder of the export (.plumb/runs/<run>-export/), as an apply does.
    #[arg(long)]
    pub evidence: bool,
}

/// Arguments of `plumb detect`.
#[derive(Debug, Args)]
pub(crate) struct DetectArgs {
    /// The project's folder.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `plumb init`.
#[derive(Debug, Args)]
pub(crate) struct InitArgs {
    /// The project's folder.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Write over an existing .plumb/project.toml.
    #[arg(long)]
    pub force: bool,
}

/// Arguments of `plumb audit`.
#[derive(Debug, Args)]
pub(crate) struct AuditArgs {
    /// Where to read the schema from (see "Sources" in `plumb --help`).
    #[arg(required_unless_present = "checks")]
    pub source: Option<String>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
    /// Also write the findings as Markdown here.
    #[arg(long, value_name = "FILE")]
    pub markdown: Option<PathBuf>,
    /// Plan the fixes of these checks (`DB-002`; every fixable one without an id).
    #[arg(long, value_name = "ID", num_args = 0.., requires = "out")]
    pub fix: Option<Vec<String>>,
    /// Where to write the plan of the fixes.
    #[arg(long, value_name = "FILE", requires = "fix")]
    pub out: Option<PathBuf>,
    /// A schema clients reach directly, whose tables need row-level security (repeatable;
    /// `public` by default in a Supabase project).
    #[arg(long, value_name = "SCHEMA")]
    pub exposed_schema: Vec<String>,
    /// The schema.prisma whose relations the database does not enforce (`relationMode =
    /// "prisma"`) are checked for rows whose parent is missing (default: prisma/schema.prisma
    /// here, when there is one).
    #[arg(long, value_name = "FILE")]
    pub prisma: Option<PathBuf>,
    /// Print the catalog of checks as Markdown and exit.
    #[arg(long, conflicts_with_all = ["source", "fix", "markdown"])]
    pub checks: bool,
}

/// The languages `plumb types` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum TypesLang {
    /// TypeScript type aliases.
    Typescript,
    /// Python dataclasses.
    Python,
}

/// Arguments of `plumb types`.
#[derive(Debug, Args)]
pub(crate) struct TypesArgs {
    /// Where to read the schema from (see "Sources" in `plumb --help`).
    pub source: String,
    /// The language to write.
    #[arg(long, value_enum, default_value = "typescript")]
    pub lang: TypesLang,
    /// The file to write (rewritten only when its content changes); stdout without it.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Also write zod schemas (TypeScript only).
    #[arg(long)]
    pub zod: bool,
    /// The schema.prisma whose model and field names the types take.
    #[arg(long, value_name = "FILE")]
    pub prisma: Option<PathBuf>,
}

/// Arguments of `plumb scan`.
#[derive(Debug, Args)]
pub(crate) struct ScanArgs {
    /// Files or folders of the application's code.
    pub paths: Vec<PathBuf>,
    /// The database (or any source) the code runs against.
    #[arg(long, value_name = "SOURCE")]
    pub against: String,
    /// The schema.prisma whose models and fields the Prisma client calls name.
    #[arg(long, value_name = "FILE")]
    pub prisma: Option<PathBuf>,
    /// Also list the columns no code mentions.
    #[arg(long)]
    pub unused: bool,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `plumb seed`.
#[derive(Debug, Args)]
pub(crate) struct SeedArgs {
    /// A .sql file, or a folder of them run in name order.
    #[arg(required_unless_present = "command", conflicts_with = "command")]
    pub seed: Option<PathBuf>,
    /// A seed program to run instead, with the target's URL in DATABASE_URL.
    #[arg(long, value_name = "COMMAND")]
    pub command: Option<String>,
    /// The database to seed.
    #[arg(long)]
    pub to: String,
    /// The target's environment (a profile's own; else a URL counts as prod, a file as dev). A
    /// profile marked production stays production.
    #[arg(long, value_enum)]
    pub env: Option<Environment>,
    /// Check that running the seed twice changes nothing, on a scratch copy of the target's
    /// schema; the target is not written.
    #[arg(long)]
    pub check: bool,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `plumb pull`.
#[derive(Debug, Args)]
pub(crate) struct PullArgs {
    /// The database to read (see "Sources" in `plumb --help`).
    pub source: String,
    /// The schema file to write; the names it already gives are kept.
    #[arg(long, value_name = "FILE", default_value = "prisma/schema.prisma")]
    pub prisma: PathBuf,
    /// Print the schema instead of writing it.
    #[arg(long, conflicts_with = "evidence")]
    pub print: bool,
    /// Leave an evidence folder of the pull (.plumb/runs/<run>-pull/), as an apply does.
    #[arg(long)]
    pub evidence: bool,
}

/// `plumb migrate …`.
#[derive(Debug, Subcommand)]
pub(crate) enum MigrateCommand {
    /// Which migrations of the folder the database has: applied, pending, failed, modified since
    /// applied, or applied but gone from the folder (exit 2 unless all are applied).
    #[command(after_help = "\
Examples:
  plumb migrate status --to @dev                       finds prisma/migrations (or migrations/, …)
  plumb migrate status --dir prisma/migrations --to postgres://…/app --json
  plumb migrate status --dir alembic/versions --to @dev  Alembic: read from alembic_version

Reads the tool's own table (Prisma's _prisma_migrations, alembic_version, …); nothing is
written. Alembic revisions are read without running Python.")]
    Status(MigrateStatusArgs),

    /// Write the next migration of the folder from code, like `prisma migrate dev --create-only`:
    /// the difference between the folder (replayed) and the schema, with its way back and its
    /// safety findings.
    #[command(after_help = "\
Examples:
  plumb migrate new add_posts                          prisma/schema.prisma → prisma/migrations/<time>_add_posts/
  plumb migrate new add_posts --to prisma/schema.prisma --shadow postgres://localhost/postgres
  plumb migrate new add_index --dir db/migrations --to @dev   any source can be the desired schema
  plumb migrate new add_posts --dir alembic/versions --to schema.sql   an Alembic revision

Prisma folders get <timestamp>_<name>/migration.sql and down.sql (and migration_lock.toml when
new); up/down folders <version>_<name>.up.sql and .down.sql; plain folders <version>_<name>.sql;
Alembic folders <id>_<name>.py following the head, its SQL in op.execute (the history is replayed
with Alembic's offline mode, alembic upgrade heads --sql: Alembic must be installed). PostgreSQL and MySQL schemas need --shadow (a temporary database is created there and dropped).
Nothing is written when the folder already builds the schema.")]
    New(MigrateNewArgs),

    /// Apply the folder's pending migrations as one plan, through the same gate, safety checks,
    /// backups, evidence and post-verification as `plumb apply`, recording each in
    /// _prisma_migrations (alembic_version for an Alembic folder).
    #[command(after_help = "\
Examples:
  plumb migrate deploy --to @staging                   apply what is pending (asks to confirm)
  plumb migrate deploy --to @prod --out deploy.json    write the plan to review and approve, then:
  plumb apply deploy.json --to @prod
  plumb migrate deploy --dir alembic/versions --to @dev   Alembic revisions, SQL from its offline mode

Refused while a migration is failed, modified since applied, or gone from the folder (see
plumb migrate status). Exit 0 when applied or nothing is pending.")]
    Deploy(MigrateDeployArgs),
}

/// Arguments of `plumb migrate deploy`.
#[derive(Debug, Args)]
pub(crate) struct MigrateDeployArgs {
    /// The migrations folder (default: the first of prisma/migrations, supabase/migrations,
    /// drizzle, migrations, db/migrations here).
    #[arg(long)]
    pub dir: Option<PathBuf>,
    /// Write the plan here for review and approval instead of applying it.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Where and how to apply.
    #[command(flatten)]
    pub how: ApplyHow,
}

/// Arguments of `plumb migrate new`.
#[derive(Debug, Args)]
pub(crate) struct MigrateNewArgs {
    /// The migration's name (`add_posts`).
    pub name: String,
    /// The desired schema: a schema.prisma, or any source.
    #[arg(long, value_name = "SOURCE", default_value = "prisma/schema.prisma")]
    pub to: String,
    /// The migrations folder (default: `migrations` beside a schema.prisma, else the first of
    /// prisma/migrations, supabase/migrations, migrations, db/migrations here).
    #[arg(long)]
    pub dir: Option<PathBuf>,
    /// Write it even though .plumb/project.toml says the database is the truth.
    #[arg(long)]
    pub force: bool,
}

/// Arguments of `plumb migrate status`.
#[derive(Debug, Args)]
pub(crate) struct MigrateStatusArgs {
    /// The migrations folder (default: the first of prisma/migrations, supabase/migrations,
    /// drizzle, migrations, db/migrations here).
    #[arg(long)]
    pub dir: Option<PathBuf>,
    /// The database.
    #[arg(long, value_name = "SOURCE")]
    pub to: String,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `plumb drift`.
#[derive(Debug, Args)]
pub(crate) struct DriftArgs {
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `plumb history`.
#[derive(Debug, Args)]
pub(crate) struct HistoryArgs {
    /// A run of this project (its id, as listed): list the files of its evidence.
    #[arg(value_name = "RUN", conflicts_with = "to")]
    pub run: Option<String>,
    /// One report of that run to print (`04-post-verify.md`).
    #[arg(value_name = "FILE", requires = "run")]
    pub file: Option<String>,
    /// Read the runs a database recorded in its own plumb_history instead of this project's
    /// evidence folder.
    #[arg(long, value_name = "SOURCE")]
    pub to: Option<String>,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `plumb verify`.
#[derive(Debug, Args)]
pub(crate) struct VerifyArgs {
    /// The plan file.
    pub plan: PathBuf,
    /// The environment whose policy applies (default: production, the strictest).
    #[arg(long, value_enum, default_value = "prod")]
    pub env: Environment,
    /// Who will apply it (default: your user name): their own approval may not count.
    #[arg(long = "as", value_name = "NAME")]
    pub name: Option<String>,
    /// A finding the person applying acknowledges: RULE, or RULE@STEP (repeat for several).
    #[arg(long, value_name = "RULE")]
    pub allow: Vec<String>,
}

/// Arguments of `plumb approve`.
#[derive(Debug, Args)]
pub(crate) struct ApproveArgs {
    /// The plan file written by `plumb plan --out`.
    #[arg(required_unless_present = "show_key")]
    pub plan: Option<PathBuf>,
    /// Your comment (why it is fine, or why not).
    #[arg(long, default_value = "")]
    pub comment: String,
    /// Reject the plan instead of approving it (say why in --comment).
    #[arg(long, requires = "comment")]
    pub reject: bool,
    /// The name to sign as (default: your user name).
    #[arg(long = "as", value_name = "NAME")]
    pub name: Option<String>,
    /// Acknowledge a blocking finding: RULE, or RULE@STEP for one step (repeat for several).
    #[arg(long, value_name = "RULE")]
    pub allow: Vec<String>,
    /// Print your public key (creating the key on first use) and exit.
    #[arg(long, conflicts_with_all = ["plan", "reject", "allow"])]
    pub show_key: bool,
}

/// Arguments of `plumb lint`.
#[derive(Debug, Args)]
pub(crate) struct LintArgs {
    /// SQL files or folders of them (folders are read recursively; `*.down.sql` files are skipped).
    #[arg(required_unless_present_any = ["explain", "rules"])]
    pub paths: Vec<PathBuf>,
    /// The dialect the files are written for (inferred when not given).
    #[arg(long, value_enum)]
    pub dialect: Option<LintDialect>,
    /// The server version the migrations will run on (turns on version-specific rules).
    #[arg(long, value_name = "VERSION")]
    pub server_version: Option<String>,
    /// The migration runner wraps each file in a transaction.
    #[arg(long)]
    pub in_transaction: bool,
    /// The database (or snapshot) the migrations will run on: its schema tells what a statement
    /// touches (a column's old type, what depends on a dropped column), its flavor and version
    /// the dialect and version gates.
    #[arg(long, value_name = "SOURCE")]
    pub schema: Option<String>,
    /// With a live --schema, do not count rows for the findings (values a dropped column holds,
    /// NULLs, duplicates, orphans).
    #[arg(long)]
    pub no_data_checks: bool,
    /// Print the findings as JSON.
    #[arg(long)]
    pub json: bool,
    /// The lowest severity that fails the run (exit 3): `block` (the default), `warn` or `info`,
    /// for CI jobs that hold migrations to a stricter bar.
    #[arg(long, value_enum, value_name = "SEVERITY", default_value = "block")]
    pub fail_on: FailOn,
    /// Who runs the files: `plumb` (plumb migrate deploy / apply, which sets the policy's lock and
    /// statement timeouts and wraps PostgreSQL and SQLite runs in a transaction) or `other` (the
    /// default: the files run as written, so they must set their own timeouts).
    #[arg(long, value_enum, value_name = "RUNNER", default_value = "other")]
    pub runner: Runner,
    /// Print the documentation of a rule and exit.
    #[arg(long, value_name = "RULE", conflicts_with_all = ["paths", "rules"])]
    pub explain: Option<String>,
    /// List every rule and exit.
    #[arg(long, conflicts_with = "paths")]
    pub rules: bool,
    /// With --rules: the whole catalog as Markdown (why, what instead, sources), as docs/rules.md.
    #[arg(long, requires = "rules")]
    pub markdown: bool,
}

/// The lowest severity `plumb lint` fails on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum FailOn {
    Block,
    Warn,
    Info,
}

/// Who runs the migration files `plumb lint` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Runner {
    Plumb,
    Other,
}

/// Dialects `plumb lint` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum LintDialect {
    Postgres,
    Mysql,
    Mariadb,
    Sqlite,
}

/// Arguments of `plumb demo`.
#[derive(Debug, Args)]
pub(crate) struct DemoArgs {
    /// The folder to write `demo-prod.sqlite` and `demo-dev.sqlite` into; existing files are kept.
    pub dir: PathBuf,
}

/// `plumb bench` subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum BenchCommand {
    /// Create the benchmark schema (2,000 tables by default) in an empty database.
    Generate(BenchGenerateArgs),
    /// Time Plumb's introspection and the server's dump tool on the same database; print medians,
    /// their ratio and the number of queries Plumb sent.
    Introspect(BenchIntrospectArgs),
    /// Time diff and plan (both directions, with SQL) between two schemas, read once.
    Plan(BenchPlanArgs),
    /// Time `plumb lint` on a folder of generated PostgreSQL migration files (written to a
    /// temporary folder, or to --dir to keep them).
    Lint(BenchLintArgs),
    /// Apply a change to a busy table (an index, a unique index, a foreign key, NOT NULL, wider
    /// numbers, a new column) by the ordinary and by the online plan while a client inserts rows
    /// without pause; print each plan's longest write wait, 99th percentile and failed writes.
    /// Creates and drops its own databases on the server of URL.
    Online(BenchOnlineArgs),
    /// Every figure of the performance table in one run, on databases it creates and drops on
    /// the servers given: introspection against pg_dump and mariadb-dump, whole `plumb inspect`,
    /// `plumb diff` and `plumb plan` processes against migra (when installed), the in-memory
    /// diff and plan of 240 changes, the peak memory of a plan and the size of a plan file.
    All(BenchAllArgs),
    /// Run a command and print its peak memory (what `plumb bench all` measures a plan with).
    #[command(hide = true)]
    Peak(BenchPeakArgs),
}

/// Arguments of `plumb bench all`.
#[derive(Debug, Args)]
pub(crate) struct BenchAllArgs {
    /// A PostgreSQL server (postgres://…) on which to create the benchmark's databases.
    #[arg(long, value_name = "URL")]
    pub postgres: Option<String>,
    /// A MySQL/MariaDB server (mysql://…) on which to create the benchmark's database.
    #[arg(long, value_name = "URL")]
    pub mysql: Option<String>,
    /// Timed runs of each figure (after one warm-up run).
    #[arg(long, default_value_t = 5)]
    pub runs: usize,
    /// The migra program to compare with (default: `migra` on the PATH; skipped when absent).
    #[arg(long, value_name = "PATH")]
    pub migra: Option<PathBuf>,
}

/// Arguments of `plumb bench peak`.
#[derive(Debug, Args)]
pub(crate) struct BenchPeakArgs {
    /// The program and its arguments.
    #[arg(trailing_var_arg = true, required = true, allow_hyphen_values = true)]
    pub command: Vec<String>,
}

/// Arguments of `plumb bench online`.
#[derive(Debug, Args)]
pub(crate) struct BenchOnlineArgs {
    /// A postgres:// or mysql:// URL of the server (needs the right to create databases).
    pub url: String,
    /// Rows in the table that changes.
    #[arg(long, default_value_t = 1_000_000)]
    pub rows: u64,
}

/// Arguments of `plumb bench lint`.
#[derive(Debug, Args)]
pub(crate) struct BenchLintArgs {
    /// How many migration files.
    #[arg(long, default_value_t = 1000)]
    pub files: usize,
    /// Write the files here (kept) instead of a temporary folder.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Timed runs (after one warm-up run).
    #[arg(long, default_value_t = 7)]
    pub runs: usize,
}

/// Arguments of `plumb bench generate`.
#[derive(Debug, Args)]
pub(crate) struct BenchGenerateArgs {
    /// An empty PostgreSQL or MySQL/MariaDB database (postgres://… or mysql://…).
    pub url: String,
    /// How many tables (ten columns, two indexes and a foreign key each).
    #[arg(long, default_value_t = 2000)]
    pub tables: usize,
    /// How many views.
    #[arg(long, default_value_t = 100)]
    pub views: usize,
    /// Generate the changed variant (the other side of `plumb bench plan`): a column added to
    /// every tenth table, a narrower index on every twenty-fifth, a wider column on every fiftieth.
    #[arg(long)]
    pub changed: bool,
}

/// Arguments of `plumb bench plan`.
#[derive(Debug, Args)]
pub(crate) struct BenchPlanArgs {
    /// The current schema (any source).
    pub from: String,
    /// The desired schema (any source of the same dialect).
    pub to: String,
    /// Timed runs (after one warm-up run).
    #[arg(long, default_value_t = 7)]
    pub runs: usize,
}

/// Arguments of `plumb bench introspect`.
#[derive(Debug, Args)]
pub(crate) struct BenchIntrospectArgs {
    /// The database to introspect (postgres://… or mysql://…).
    pub url: String,
    /// Timed runs of each tool (after one warm-up run each).
    #[arg(long, default_value_t = 5)]
    pub runs: usize,
}

//! `plumb seed FILE|DIR --to TARGET [--env ENV] [--check] [--json]`, `plumb seed --command CMD`.

use plumb_db::profile::ProfileStore;
use plumb_db::project::Project;
use plumb_db::seed::{check, refuse, run as seed, Seed};

use super::print;
use crate::cli::SeedArgs;
use crate::exit::Exit;

pub(crate) async fn run(args: SeedArgs) -> anyhow::Result<Exit> {
    let named = super::source::resolve(&args.to)?;
    let environment = plumb_db::seed::environment(&named, args.env.map(super::apply::env_name));
    let project = Project::discover(&std::env::current_dir()?)?;
    let policy = project.policy.for_environment(&environment);
    let what = match (&args.seed, &args.command) {
        (_, Some(line)) => Seed::Command(line.clone()),
        (Some(path), None) => Seed::files(path)?,
        (None, None) => anyhow::bail!("name a seed: a .sql file or folder, or --command \"…\""),
    };
    if args.check {
        let target = named.source;
        let production = plumb_engine::policy::is_production(&environment);
        let found = check(&what, &target, super::source::SHADOW.get(), production).await?;
        if args.json {
            print(&format!("{}\n", serde_json::to_string_pretty(&found)?))?;
        } else {
            let verdict = match (&found.second_run_failed, found.changed.as_slice()) {
                (Some(why), _) => format!("not idempotent: the second run failed: {why}\n"),
                (None, []) => "idempotent: a second run changed no table's rows\n".to_owned(),
                (None, changed) => format!(
                    "not idempotent: a second run changed the rows of {} (insert only what is missing: ON CONFLICT DO NOTHING, INSERT IGNORE, or WHERE NOT EXISTS)\n",
                    changed.join(", ")
                ),
            };
            print(&format!("{} on a scratch copy of {target}'s schema: {verdict}", what.describe()))?;
        }
        return Ok(if found.holds() { Exit::Ok } else { Exit::Differences });
    }
    // Refused before anything connects or asks for a password.
    refuse(&named.source, &policy)?;
    if let Some(profile) = &named.profile {
        ProfileStore::open_default()?.may_write(profile)?;
    }
    let seeded = seed(&what, &named.source, &policy, &project.evidence_root()).await?;
    if args.json {
        print(&format!("{}\n", serde_json::to_string_pretty(&seeded)?))?;
        return Ok(Exit::Ok);
    }
    let mut out = format!("seeded {} ({}) with {}\n", seeded.target, seeded.environment, seeded.seed);
    for t in &seeded.tables {
        out.push_str(&format!(
            "  {:<24} {:>6} inserted {:>6} updated {:>6} deleted   ({} → {} rows)\n",
            t.table, t.inserted, t.updated, t.deleted, t.before, t.after
        ));
    }
    if seeded.tables.is_empty() {
        out.push_str("  no table's rows changed\n");
    }
    out.push_str(&format!("evidence in {}\n", seeded.folder));
    print(&out)?;
    Ok(Exit::Ok)
}

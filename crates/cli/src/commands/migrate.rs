//! `plumb migrate status [--dir DIR] --to TARGET [--json]`, `plumb migrate new NAME [--to SOURCE]
//! [--dir DIR]`.

use std::path::PathBuf;

use anyhow::Context as _;
use plumb_db::migrations::{create, deploy_plan, status, Folder, State};
use plumb_db::Source;

use super::print;
use crate::cli::{MigrateCommand, MigrateDeployArgs, MigrateNewArgs, MigrateStatusArgs};
use crate::exit::Exit;

pub(crate) async fn run(command: MigrateCommand) -> anyhow::Result<Exit> {
    match command {
        MigrateCommand::Status(args) => run_status(args).await,
        MigrateCommand::New(args) => run_new(args).await,
        MigrateCommand::Deploy(args) => run_deploy(args).await,
    }
}

async fn run_deploy(args: MigrateDeployArgs) -> anyhow::Result<Exit> {
    let target = super::source::source(&args.how.to)?;
    let shadow = super::source::SHADOW.get();
    let folder = match &args.dir {
        Some(dir) => Folder::read(dir)?,
        None => Folder::find(&std::env::current_dir()?)?,
    };
    let Some(plan) = deploy_plan(&folder, &target, shadow).await? else {
        print(&format!("nothing to deploy: {target} has every migration of {}\n", folder.path.display()))?;
        return Ok(Exit::Ok);
    };
    if let Some(out) = &args.out {
        std::fs::write(out, plan.to_json()).with_context(|| format!("cannot write {}", out.display()))?;
        print(&format!(
            "{}wrote {}: review it, have it approved (plumb approve), then run plumb apply {} --to {}\n",
            plumb_engine::text::plan(&plan, true),
            out.display(),
            out.display(),
            args.how.to
        ))?;
        return Ok(Exit::Ok);
    }
    super::apply::apply_plan(plan, &[], "deploy", &args.how).await
}

async fn run_new(args: MigrateNewArgs) -> anyhow::Result<Exit> {
    let project = plumb_db::project::Project::discover(&std::env::current_dir()?)?;
    if let (Some((database, source)), false) = (project.config.as_ref().and_then(|c| c.truth_database()), args.force) {
        anyhow::bail!(
            "{}: the truth is the {database} database, not the repository: change the database, then bring the repository after it with plumb pull {source} (--force writes the migration anyway)",
            project.root.join(plumb_db::project::CONFIG_PATH).display()
        );
    }
    let desired = super::source::source(&args.to)?;
    let dir = match (&args.dir, &desired) {
        (Some(dir), _) => dir.clone(),
        // Prisma keeps migrations beside the schema.
        (None, Source::Prisma { path, .. }) => {
            path.parent().map_or_else(|| PathBuf::from("migrations"), |p| p.join("migrations"))
        }
        (None, _) => {
            let here = std::env::current_dir()?;
            Folder::locate(&here).unwrap_or_else(|| here.join("migrations"))
        }
    };
    let shadow = super::source::SHADOW.get();
    let Some(created) = create(&dir, &args.name, &desired, shadow).await? else {
        print(&format!("no changes: {} already builds {}\n", dir.display(), args.to))?;
        return Ok(Exit::Ok);
    };
    let plan = &created.plan;
    let mut out = String::new();
    for file in &created.files {
        out.push_str(&format!("wrote {}\n", file.display()));
    }
    out.push_str(&format!("{} statement(s) for {}\n", plan.steps.len(), plan.flavor));
    if !plan.findings.is_empty() {
        out.push_str(&format!("safety: {}\n", plumb_engine::text::findings::summary(&plan.findings)));
        for finding in &plan.findings {
            plumb_engine::text::findings::finding(&mut out, "  ", "      ", finding);
        }
    }
    print(&out)?;
    Ok(Exit::Ok)
}

async fn run_status(args: MigrateStatusArgs) -> anyhow::Result<Exit> {
    let target = super::source::source(&args.to)?;
    // An Alembic versions folder is Python: its revisions are read, never run.
    let folder = match &args.dir {
        Some(dir) => Folder::read(dir)?,
        None => Folder::find(&std::env::current_dir()?)?,
    };
    let found = status(&folder, &target).await?;
    let what = format!("{} ({:?})", folder.path.display(), folder.layout);
    if args.json {
        print(&format!("{}\n", serde_json::to_string_pretty(&found)?))?;
    } else {
        let mut out = format!("{what} against {target}\n");
        if found.table.is_none() {
            out.push_str("the database has no migration table yet: nothing is applied\n");
        }
        for entry in &found.entries {
            let state = match entry.state {
                State::Applied => "applied",
                State::Pending => "pending",
                State::Failed => "FAILED (started, never finished: the database may hold part of it)",
                State::Modified => "MODIFIED since it was applied",
                State::MissingLocally => "applied, but not in the folder",
            };
            out.push_str(&format!("  {:<40} {state}\n", entry.name));
        }
        let pending = found.entries.iter().filter(|e| e.state == State::Pending).count();
        out.push_str(&if found.up_to_date() {
            "up to date\n".to_owned()
        } else {
            format!("not up to date: {pending} pending\n")
        });
        print(&out)?;
    }
    Ok(if found.up_to_date() { Exit::Ok } else { Exit::Differences })
}

//! `plumb migrate status [--dir DIR] --to TARGET [--json]`.

use plumb_db::migrations::{status, Folder, State};

use super::print;
use crate::cli::MigrateCommand;
use crate::exit::Exit;

pub(crate) async fn run(command: MigrateCommand) -> anyhow::Result<Exit> {
    let MigrateCommand::Status(args) = command;
    let folder = match &args.dir {
        Some(dir) => Folder::read(dir)?,
        None => Folder::find(&std::env::current_dir()?)?,
    };
    let target = super::source::source(&args.to)?;
    let found = status(&folder, &target).await?;
    if args.json {
        print(&format!("{}\n", serde_json::to_string_pretty(&found)?))?;
    } else {
        let mut out = format!("{} ({:?}) against {target}\n", folder.path.display(), folder.layout);
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

//! One module per subcommand; each returns how `plumb` should exit.

mod apply;
mod approve;
mod bench;
mod demo;
mod diff;
mod drift;
mod export;
mod history;
mod inspect;
mod lint;
mod migrate;
mod plan;
mod profile;
pub(crate) mod source;

use std::io::Write;

use crate::cli::Command;
use crate::exit::Exit;

pub(crate) async fn run(command: Command) -> anyhow::Result<Exit> {
    match command {
        Command::Inspect(args) => inspect::run(args).await,
        Command::Demo(args) => demo::run(args).await,
        Command::Diff(args) => diff::run(args).await,
        Command::Plan(args) => plan::run(args).await,
        Command::Apply(args) => apply::run(args).await,
        Command::Approve(args) => approve::run(args),
        Command::History(args) => history::run(args).await,
        Command::Drift(args) => drift::run(args).await,
        Command::Migrate(command) => migrate::run(command).await,
        Command::Export(args) => export::run(args).await,
        Command::Lint(args) => lint::run(args).await,
        Command::Bench(command) => bench::run(command).await,
        Command::Profile(command) => profile::run(command).await,
    }
}

/// Writes to stdout; a closed pipe (`plumb inspect … | head`) is not an error.
fn print(text: &str) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}

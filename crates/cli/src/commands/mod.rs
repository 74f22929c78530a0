//! One module per subcommand; each returns how `plumb` should exit.

pub(crate) mod apply;
mod approve;
mod audit;
mod bench;
mod bench_all;
mod demo;
mod detect;
mod diff;
mod drift;
mod export;
mod history;
mod inspect;
mod lint;
mod migrate;
mod plan;
mod profile;
mod pull;
mod scan;
mod seed;
pub(crate) mod source;
mod types;
mod verify;

use std::io::Write;
use std::path::Path;

use anyhow::Context as _;

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
        Command::Verify(args) => verify::run(args),
        Command::History(args) => history::run(args).await,
        Command::Drift(args) => drift::run(args).await,
        Command::Migrate(command) => migrate::run(command).await,
        Command::Export(args) => export::run(args).await,
        Command::Pull(args) => pull::run(args).await,
        Command::Types(args) => types::run(args).await,
        Command::Scan(args) => scan::run(args).await,
        Command::Seed(args) => seed::run(args).await,
        Command::Audit(args) => audit::run(args).await,
        Command::Detect(args) => detect::run(&args),
        Command::Init(args) => detect::init(&args),
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

/// Writes `text` to `path` (creating its folder) unless the file already holds exactly it;
/// through a temporary file and a rename, so a reader never sees half a file.
fn write_if_changed(path: &Path, text: &str) -> anyhow::Result<bool> {
    if std::fs::read(path).is_ok_and(|old| old == text.as_bytes()) {
        return Ok(false);
    }
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut temp =
        tempfile::NamedTempFile::new_in(dir).with_context(|| format!("cannot write in {}", dir.display()))?;
    std::io::Write::write_all(&mut temp, text.as_bytes())?;
    temp.persist(path).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(true)
}

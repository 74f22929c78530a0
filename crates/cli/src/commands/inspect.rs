//! `plumb inspect SOURCE [--json]`.

use plumb_db::Source;

use crate::cli::InspectArgs;
use crate::exit::Exit;

pub(crate) async fn run(args: InspectArgs) -> anyhow::Result<Exit> {
    let source: Source = super::source::source(&args.source)?;
    let database = source.load().await?;
    if args.json {
        // Streamed: the snapshot of a large schema never sits whole in memory.
        return match database.write_snapshot_json(std::io::stdout().lock()) {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(Exit::Ok),
            other => other.map(|()| Exit::Ok).map_err(Into::into),
        };
    }
    super::print(&plumb_engine::text::tree(&database))?;
    Ok(Exit::Ok)
}

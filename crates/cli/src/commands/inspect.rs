//! `plumb inspect SOURCE [--json [--pretty]]`.

use plumb_db::Source;

use crate::cli::InspectArgs;
use crate::exit::Exit;

pub(crate) async fn run(args: InspectArgs) -> anyhow::Result<Exit> {
    let source: Source = super::source::source(&args.source)?;
    let mut database = source.load().await?;
    if args.json {
        // In place (this copy is ours) and streamed: the snapshot of a large schema is neither
        // copied nor held whole in memory.
        database.canonicalize();
        return match database.write_json(std::io::stdout().lock(), args.pretty) {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(Exit::Ok),
            other => other.map(|()| Exit::Ok).map_err(Into::into),
        };
    }
    super::print(&plumb_engine::text::tree(&database))?;
    Ok(Exit::Ok)
}

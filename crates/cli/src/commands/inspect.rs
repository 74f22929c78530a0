//! `plumb inspect SOURCE [--json]`.

use plumb_db::Source;

use crate::cli::InspectArgs;
use crate::exit::Exit;

pub(crate) async fn run(args: InspectArgs) -> anyhow::Result<Exit> {
    let source: Source = super::source::source(&args.source)?;
    let database = source.load().await?;
    let text = if args.json { database.to_snapshot_json() } else { plumb_engine::text::tree(&database) };
    super::print(&text)?;
    Ok(Exit::Ok)
}

//! `plumb diff FROM TO [--json | --sql] [--exit-code]`.

use plumb_db::Source;
use plumb_engine::diff::{diff, DiffOptions};
use plumb_engine::plan::plan;

use crate::cli::{CompareArgs, DiffArgs};
use crate::exit::Exit;

pub(crate) async fn run(args: DiffArgs) -> anyhow::Result<Exit> {
    let (from, to): (Source, Source) = super::source::pair(&args.from, &args.to)?;
    let options = plumb_db::pair::options_for(options(args.compare)?, &from, &to);
    let (current, desired) = super::source::load_pair(&from, &to).await?;
    let changes = diff(&current, &desired, &options)?;
    let text = if args.sql {
        plumb_engine::text::plan(&plan(&current, &desired, &options)?, false)
    } else if args.json {
        let mut json = serde_json::to_string_pretty(&changes)?;
        json.push('\n');
        json
    } else {
        format!("{from} -> {to}\n{}", plumb_engine::text::changes(&changes, current.flavor.has_schemas()))
    };
    super::print(&text)?;
    Ok(if args.exit_code && !changes.is_empty() { Exit::Differences } else { Exit::Ok })
}

/// The diff options the command line asked for.
pub(crate) fn options(args: CompareArgs) -> anyhow::Result<DiffOptions> {
    Ok(DiffOptions::parse(&args.schemas, &args.exclude, &args.rename)?)
}

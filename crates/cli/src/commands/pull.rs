//! `plumb pull SOURCE [--prisma FILE] [--print]`.

use plumb_engine::prisma::{from_database, parse};

use super::{print, write_if_changed};
use crate::cli::PullArgs;
use crate::exit::Exit;

pub(crate) async fn run(args: PullArgs) -> anyhow::Result<Exit> {
    let database = super::source::source(&args.source)?.load().await?;
    // The file's own names are kept; a file that does not read lends none, and says why.
    let previous = match std::fs::read_to_string(&args.prisma) {
        Ok(text) => match parse(&text) {
            Ok(schema) => Some(schema),
            Err(e) => anyhow::bail!(
                "{}:{e}\nfix it, or move it away to pull a new one (its names would be kept)",
                args.prisma.display()
            ),
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(anyhow::Error::new(e).context(format!("cannot read {}", args.prisma.display()))),
    };
    let pulled = from_database(&database, previous.as_ref());
    for warning in &pulled.warnings {
        eprintln!("warning: {warning}");
    }
    if args.print {
        print(&pulled.schema)?;
        return Ok(Exit::Ok);
    }
    let models = pulled.schema.lines().filter(|l| l.starts_with("model ")).count();
    let verb = if write_if_changed(&args.prisma, &pulled.schema)? { "wrote" } else { "unchanged" };
    print(&format!("{verb} {} ({models} model(s) from {})\n", args.prisma.display(), args.source))?;
    Ok(Exit::Ok)
}

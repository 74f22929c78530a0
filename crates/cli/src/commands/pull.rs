//! `plumb pull SOURCE [--prisma FILE] [--print]`.

use plumb_engine::prisma::{from_database, parse};

use super::{print, write_if_changed};
use crate::cli::PullArgs;
use crate::exit::Exit;

pub(crate) async fn run(args: PullArgs) -> anyhow::Result<Exit> {
    let source = super::source::source(&args.source)?;
    let database = source.load().await?;
    // The file's own names are kept; a file that does not read lends none, and says why.
    let before = std::fs::read_to_string(&args.prisma);
    let previous = match &before {
        Ok(text) => match parse(text) {
            Ok(schema) => Some(schema),
            Err(e) => anyhow::bail!(
                "{}:{e}\nfix it, or move it away to pull a new one (its names would be kept)",
                args.prisma.display()
            ),
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => anyhow::bail!("cannot read {}: {e}", args.prisma.display()),
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
    let mut said = format!("{verb} {} ({models} model(s) from {})\n", args.prisma.display(), args.source);
    if args.evidence {
        let project = plumb_db::project::Project::discover(&std::env::current_dir()?)?;
        let folder = plumb_db::pull_evidence::write(&plumb_db::pull_evidence::Run {
            command: "pull",
            source_text: &args.source,
            source_shown: source.to_string(),
            database: &database,
            project: &project,
            pulled: Some(plumb_db::pull_evidence::Pulled {
                file: args.prisma.clone(),
                before: before.ok(),
                after: pulled.schema.clone(),
                models,
                warnings: pulled.warnings.clone(),
            }),
            exported: None,
        })?;
        said.push_str(&format!("evidence in {}\n", folder.display()));
    }
    print(&said)?;
    Ok(Exit::Ok)
}

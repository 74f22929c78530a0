//! `plumb types SOURCE [--lang typescript|python] [--out FILE] [--zod] [--prisma FILE]`.

use std::path::{Path, PathBuf};

use anyhow::Context;
use plumb_engine::typegen::{render, Lang, Naming, Options};

use super::{print, write_if_changed};
use crate::cli::{TypesArgs, TypesLang};
use crate::exit::Exit;

pub(crate) async fn run(args: TypesArgs) -> anyhow::Result<Exit> {
    if args.zod && args.lang != TypesLang::Typescript {
        anyhow::bail!("--zod writes TypeScript: leave it out with --lang python");
    }
    let source = super::source::source(&args.source)?;
    let database = source.load().await?;
    let views = source.view_columns(&database).await?;
    let (naming, named_by) = match names_file(&args, &source) {
        Some(path) => {
            let text = std::fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
            let schema = plumb_engine::prisma::parse(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
            (Naming::prisma(&schema), format!("named as {} names them", path.display()))
        }
        None => (Naming::database(), "named after the tables".to_owned()),
    };
    let lang = match args.lang {
        TypesLang::Typescript => Lang::TypeScript,
        TypesLang::Python => Lang::Python,
    };
    let shown = source.to_string();
    let text = render(&database, views.as_deref(), &naming, &Options { lang, zod: args.zod, source: &shown });
    let Some(out) = &args.out else {
        print(&text)?;
        return Ok(Exit::Ok);
    };
    let verb = if write_if_changed(out, &text)? { "wrote" } else { "unchanged" };
    let views_note = match views {
        None if database.schemas.iter().any(|s| !s.views.is_empty()) => {
            "; views untyped: their columns are read from a live database only"
        }
        _ => "",
    };
    print(&format!("{verb} {} ({named_by}{views_note})\n", out.display()))?;
    Ok(Exit::Ok)
}

/// The schema.prisma whose names the types take: `--prisma`, the source itself, else the
/// project's (`prisma/schema.prisma`, `schema.prisma` in this folder).
fn names_file(args: &TypesArgs, source: &plumb_db::Source) -> Option<PathBuf> {
    if let Some(path) = &args.prisma {
        return Some(path.clone());
    }
    if let plumb_db::Source::Prisma { path, .. } = source {
        return Some(path.clone());
    }
    plumb_db::project::schema_prisma(Path::new(""))
}

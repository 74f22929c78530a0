//! `plumb export SOURCE [--out FILE] [--markdown FILE] [--mirror DIR]`, `--json-schema`.

use plumb_engine::context::{context, markdown, SchemaContext, JSON_SCHEMA};

use super::{print, write_if_changed};
use crate::cli::ExportArgs;
use crate::exit::Exit;

pub(crate) async fn run(args: ExportArgs) -> anyhow::Result<Exit> {
    let Some(source) = &args.source else {
        print(JSON_SCHEMA)?;
        return Ok(Exit::Ok);
    };
    let loaded = super::source::source(source)?;
    let database = loaded.load().await?;
    let exported = context(&database);
    let mut files = vec![(args.out.clone(), exported.to_json())];
    if let Some(path) = &args.markdown {
        files.push((path.clone(), markdown(&exported)));
    }
    if let Some(dir) = &args.mirror {
        // Tables carry their qualified names; views and enums are grouped by schema.
        let json = |value: serde_json::Value| format!("{}\n", serde_json::to_string_pretty(&value).expect("JSON"));
        let tables: Vec<_> = exported.schemas.iter().flat_map(|s| &s.tables).collect();
        let by_schema = |pick: fn(&SchemaContext) -> serde_json::Value| {
            exported.schemas.iter().map(|s| (s.name.clone(), pick(s))).collect::<serde_json::Map<_, _>>()
        };
        files.push((dir.join("tables.json"), json(serde_json::json!(tables))));
        files.push((dir.join("views.json"), json(by_schema(|s| serde_json::json!(s.views)).into())));
        files.push((dir.join("enums.json"), json(by_schema(|s| serde_json::json!(s.enums)).into())));
    }
    let tables: usize = exported.schemas.iter().map(|s| s.tables.len()).sum();
    let mut report = String::new();
    let mut written = Vec::new();
    for (path, text) in &files {
        let changed = write_if_changed(path, text)?;
        report.push_str(&format!("{} {}\n", if changed { "wrote" } else { "unchanged" }, path.display()));
        written.push((path.clone(), changed));
    }
    report.push_str(&format!("{tables} table(s) of {source}\n"));
    if args.evidence {
        let project = plumb_db::project::Project::discover(&std::env::current_dir()?)?;
        let folder = plumb_db::pull_evidence::write(&plumb_db::pull_evidence::Run {
            command: "export",
            source_text: source,
            source_shown: loaded.to_string(),
            database: &database,
            project: &project,
            pulled: None,
            exported: Some(written),
        })?;
        report.push_str(&format!("evidence in {}\n", folder.display()));
    }
    print(&report)?;
    Ok(Exit::Ok)
}

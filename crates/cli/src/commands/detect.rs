//! `plumb detect [DIR] [--json]` and `plumb init [DIR] [--force]`.

use plumb_db::detect::{detect, propose, write_project_file};
use plumb_db::project::CONFIG_PATH;

use super::print;
use crate::cli::{DetectArgs, InitArgs};
use crate::exit::Exit;

pub(crate) fn init(args: &InitArgs) -> anyhow::Result<Exit> {
    let found = detect(&args.dir)?;
    let Some(proposal) = propose(&found) else {
        anyhow::bail!(
            "nothing in {} says where the schema is, and no variable names a database: write {CONFIG_PATH} by hand (plumb drift --help shows it)",
            args.dir.display()
        );
    };
    let path = match write_project_file(&args.dir, &proposal, args.force) {
        Err(plumb_db::Error::Io { path, source }) if source.kind() == std::io::ErrorKind::AlreadyExists => {
            anyhow::bail!("{} exists: keep it, or write over it with --force", path.display())
        }
        other => other?,
    };
    let mut text = format!("wrote {}\n", path.display());
    for reason in &proposal.reasons {
        text.push_str(&format!("  {reason}\n"));
    }
    text.push_str("next: plumb drift\n");
    print(&text)?;
    Ok(Exit::Ok)
}

pub(crate) fn run(args: &DetectArgs) -> anyhow::Result<Exit> {
    let found = detect(&args.dir)?;
    if args.json {
        print(&format!("{}\n", serde_json::to_string_pretty(&found)?))?;
        return Ok(Exit::Ok);
    }
    let mut text = format!("{}\n", found.root.display());
    match (found.dialect, &found.disagreement) {
        (Some(dialect), _) => text.push_str(&format!("  database    {}\n", dialect.display_name())),
        (None, Some(said)) => text.push_str(&format!("  database    unclear: {said}\n")),
        (None, None) => text.push_str("  database    not named by any file\n"),
    }
    for tool in &found.tools {
        let tool_name = serde_json::to_value(tool.tool)?.as_str().unwrap_or_default().to_owned();
        text.push_str(&format!("  tool        {tool_name} ({})\n", tool.file));
    }
    if found.tools.is_empty() {
        text.push_str("  tool        none of those Plumb knows\n");
    }
    if let Some(schema) = &found.schema {
        text.push_str(&format!("  schema      {schema}\n"));
    }
    if let Some(migrations) = &found.migrations {
        text.push_str(&format!("  migrations  {migrations}\n"));
    }
    for variable in &found.variables {
        text.push_str(&format!("  url in      ${} ({})\n", variable.name, variable.file));
    }
    print(&text)?;
    Ok(Exit::Ok)
}

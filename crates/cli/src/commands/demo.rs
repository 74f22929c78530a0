//! `plumb demo DIR`.

use crate::cli::DemoArgs;
use crate::exit::Exit;

pub(crate) async fn run(args: DemoArgs) -> anyhow::Result<Exit> {
    let demos = plumb_db::demo::ensure_demo_databases(&args.dir).await?;
    let lines: String = demos.iter().map(|d| format!("{:<10} {}\n", d.name, d.path.display())).collect();
    super::print(&lines)?;
    Ok(Exit::Ok)
}

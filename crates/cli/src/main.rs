//! `plumb`: parse → run → print the error → exit code (sqlx-cli's shape). `anyhow` lives only here
//! and in `commands/`.

mod cli;
mod commands;
mod exit;

use clap::Parser;

use crate::cli::Cli;
use crate::exit::Exit;

fn main() -> std::process::ExitCode {
    // A usage error exits 1 like any error: clap's own 2 means "differences found" here, and a
    // typo in a CI script must not read as drift.
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { Exit::Error.into() } else { Exit::Ok.into() };
        }
    };
    init_tracing(cli.verbose);
    if let Some(shadow) = &cli.shadow {
        match shadow.parse::<plumb_db::Source>() {
            Ok(plumb_db::Source::Postgres { url } | plumb_db::Source::Mysql { url }) => {
                let _ = commands::source::SHADOW.set(url);
            }
            Ok(other) => {
                eprintln!("error: --shadow {other}: give a postgres:// or mysql:// server to replay SQL on");
                return Exit::Error.into();
            }
            Err(e) => {
                eprintln!("error: --shadow: {e}");
                return Exit::Error.into();
            }
        }
    }
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return Exit::Error.into();
        }
    };
    match runtime.block_on(commands::run(cli.command)) {
        Ok(exit) => exit.into(),
        Err(e) => {
            // One line: every error's message already names the object and the fix; the chain
            // adds the cause (`cannot read the plan p.json: No such file or directory`).
            eprintln!("error: {e:#}");
            Exit::of_error(&e).into()
        }
    }
}

/// Logs go to stderr so that stdout stays machine-readable (`--json`). `RUST_LOG` overrides `-v`.
fn init_tracing(verbose: u8) {
    // -v/-vv raise only Plumb's own crates: the SQL parser logs every statement at debug.
    let default = match verbose {
        0 => "warn",
        1 => "warn,plumb=info,plumb_db=info,plumb_engine=info",
        _ => "warn,plumb=debug,plumb_db=debug,plumb_engine=debug",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).without_time().init();
}

//! `plumb bench all`: every figure of the performance table (README, `docs/performance.md`) in one
//! run, each beside the tool it is measured against in that same run, on databases the benchmark
//! creates and drops. Whole-process figures run this very `plumb` as a user would.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use plumb_db::bench::Shape;
use plumb_db::Source;
use plumb_engine::diff::{diff, DiffOptions};

use super::bench::{dump_command, median, ms};
use crate::cli::{BenchAllArgs, BenchPeakArgs};
use crate::exit::Exit;

/// One line of the table.
struct Figure {
    what: String,
    plumb: String,
    reference: String,
    /// How many times faster (or the measure a goal is about).
    verdict: String,
    /// Whether the goal is met, where there is one.
    met: Option<bool>,
    goal: &'static str,
}

pub(crate) async fn all(args: BenchAllArgs) -> anyhow::Result<Exit> {
    if args.postgres.is_none() && args.mysql.is_none() {
        bail!("give a server to create the benchmark's databases on: --postgres URL, --mysql URL, or both");
    }
    let migra = migra(args.migra.as_deref());
    let mut figures = Vec::new();
    if let Some(url) = &args.postgres {
        let server = super::source::source(url)?;
        let runs = args.runs;
        let migra = migra.as_deref();
        let found = plumb_db::bench::with_databases(&server, |[big, changed, empty]| async move {
            postgres(&big, &changed, &empty, runs, migra).await.map_err(|e| plumb_db::Error::Unsupported {
                what: format!("the PostgreSQL benchmark: {e:#}"),
                hint: "see the message".into(),
            })
        })
        .await?;
        figures.extend(found);
    }
    if let Some(url) = &args.mysql {
        let server = super::source::source(url)?;
        let runs = args.runs;
        let found = plumb_db::bench::with_databases(&server, |[big, _, _]| async move {
            mysql(&big, runs).await.map_err(|e| plumb_db::Error::Unsupported {
                what: format!("the MySQL/MariaDB benchmark: {e:#}"),
                hint: "see the message".into(),
            })
        })
        .await?;
        figures.extend(found);
    }
    let mut out = format!(
        "medians of {} runs; migra: {}\n\n",
        args.runs,
        migra.as_ref().map_or("not installed (pip install migra psycopg[binary], or --migra PATH)".into(), |m| {
            m.display().to_string()
        })
    );
    let width = figures.iter().map(|f| f.what.chars().count()).max().unwrap_or(0);
    let plumb_width = figures.iter().map(|f| f.plumb.chars().count()).max().unwrap_or(0);
    let reference_width = figures.iter().map(|f| f.reference.chars().count()).max().unwrap_or(0);
    for f in &figures {
        let met = match f.met {
            Some(true) => "meets",
            Some(false) => "MISSES",
            None => "",
        };
        out.push_str(
            format!(
                "{:<width$}  {:<plumb_width$}  {:<reference_width$}  {:<8} {met} {}",
                f.what, f.plumb, f.reference, f.verdict, f.goal
            )
            .trim_end(),
        );
        out.push('\n');
    }
    super::print(&out)?;
    Ok(Exit::Ok)
}

/// migra as given, else on the PATH.
fn migra(given: Option<&Path>) -> Option<PathBuf> {
    if let Some(path) = given {
        return Some(path.to_owned());
    }
    std::env::var_os("PATH")?.to_str()?.split(':').map(|dir| Path::new(dir).join("migra")).find(|p| p.is_file())
}

/// How many times faster Plumb was, and whether that is at least `goal` (when there is one).
fn ratio(plumb: Duration, reference: Duration, goal: Option<f64>) -> (String, Option<bool>) {
    let times = ms(reference) / ms(plumb).max(0.001);
    (format!("{times:.1}x"), goal.map(|goal| times >= goal))
}

async fn generated(source: &Source, changed: bool) -> anyhow::Result<()> {
    let shape = Shape { tables: 2000, views: 100, changed };
    eprintln!("generating {} tables in {source}…", shape.tables);
    plumb_db::bench::generate(source, shape, |_| {}).await?;
    Ok(())
}

async fn postgres(
    big: &Source,
    changed: &Source,
    empty: &Source,
    runs: usize,
    migra: Option<&Path>,
) -> anyhow::Result<Vec<Figure>> {
    generated(big, false).await?;
    generated(changed, true).await?;
    let mut figures = vec![in_process(big, runs, None, "").await?];
    figures.push(inspect_process(big, runs, Some(6.0), "≥ 6x")?);

    let migra_url = |source: &Source| source.to_string().replacen("postgres://", "postgresql://", 1);
    let exe = std::env::current_exe().context("cannot find the plumb program")?;
    eprintln!("plumb diff and migra, big against big…");
    let diff_args = [String::from("diff"), big.to_string(), big.to_string()];
    let plumb_diff = timed(runs, || process(&exe, &diff_args, None, &[0, 2]))?;
    let migra_diff = migra
        .map(|m| timed(runs, || process(m, &["--unsafe".into(), migra_url(big), migra_url(big)], None, &[0, 2])))
        .transpose()?;
    let diff_ratio = migra_diff.map_or((String::new(), None), |m| ratio(plumb_diff, m, Some(8.0)));
    figures.push(Figure {
        what: "plumb diff BIG BIG, whole process".into(),
        plumb: format!("{:.0} ms", ms(plumb_diff)),
        reference: migra_diff.map_or("migra not installed".into(), |m| format!("migra {:.0} ms", ms(m))),
        verdict: diff_ratio.0,
        met: diff_ratio.1,
        goal: "≥ 8x",
    });

    eprintln!("plumb plan and migra, empty to big…");
    let dir = tempfile::tempdir().context("cannot create a temporary folder")?;
    let plan_file = dir.path().join("plan.json");
    let plan_args =
        [String::from("plan"), empty.to_string(), big.to_string(), "--out".into(), plan_file.display().to_string()];
    let plumb_plan = timed(runs, || process(&exe, &plan_args, None, &[0, 2, 3]))?;
    let peak = peak_kb(&exe, &plan_args)?;
    let migra_plan = migra
        .map(|m| timed(runs, || process(m, &["--unsafe".into(), migra_url(empty), migra_url(big)], None, &[0, 2])))
        .transpose()?;
    let plan_ratio = migra_plan.map_or((String::new(), None), |m| ratio(plumb_plan, m, Some(8.0)));
    figures.push(Figure {
        what: "plumb plan EMPTY BIG --out plan.json".into(),
        plumb: format!("{:.0} ms, peak {:.0} MB", ms(plumb_plan), peak as f64 / 1024.0),
        reference: migra_plan.map_or("migra not installed".into(), |m| format!("migra {:.0} ms", ms(m))),
        verdict: plan_ratio.0,
        met: Some(peak < 100 * 1024 && plan_ratio.1 != Some(false)),
        goal: "≥ 8x, under 100 MB",
    });

    eprintln!("diff and plan in memory, big to changed…");
    let (current, desired) = tokio::try_join!(big.load(), changed.load())?;
    let options = DiffOptions::default();
    let changes = diff(&current, &desired, &options)?.changes.len();
    let mut diff_times = Vec::with_capacity(runs);
    let mut plan_times = Vec::with_capacity(runs);
    let mut planned = plumb_engine::plan::plan(&current, &desired, &options)?;
    for _ in 0..runs {
        let started = Instant::now();
        diff(&current, &desired, &options)?;
        diff_times.push(started.elapsed());
        let started = Instant::now();
        planned = plumb_engine::plan::plan(&current, &desired, &options)?;
        plan_times.push(started.elapsed());
    }
    let (diff_ms, plan_ms) = (ms(median(&mut diff_times)), ms(median(&mut plan_times)));
    figures.push(Figure {
        what: format!("in-memory diff + plan, {changes} changes"),
        plumb: format!("{diff_ms:.0} + {plan_ms:.0} ms"),
        reference: String::new(),
        verdict: format!("{:.0} ms", diff_ms + plan_ms),
        met: Some(diff_ms + plan_ms < 100.0),
        goal: "under 100 ms",
    });
    let size = planned.to_json().len();
    figures.push(Figure {
        what: format!("plan file, {} steps between two 2,000-table schemas", planned.steps.len()),
        plumb: format!("{:.2} MB", size as f64 / 1e6),
        reference: String::new(),
        verdict: format!("{:.2} MB", size as f64 / 1e6),
        met: Some(size < 2_000_000),
        goal: "under 2 MB",
    });
    Ok(figures)
}

async fn mysql(big: &Source, runs: usize) -> anyhow::Result<Vec<Figure>> {
    generated(big, false).await?;
    Ok(vec![in_process(big, runs, Some(40.0), "≥ 40x").await?, inspect_process(big, runs, None, "")?])
}

/// Plumb's introspection in this process against the server's dump tool.
async fn in_process(
    source: &Source,
    runs: usize,
    goal: Option<f64>,
    goal_text: &'static str,
) -> anyhow::Result<Figure> {
    eprintln!("introspection and {}…", dump_command(source)?.name);
    let dump = dump_command(source)?;
    let first = source.introspect().await?;
    dump.run()?;
    let mut plumb = Vec::with_capacity(runs);
    let mut dumps = Vec::with_capacity(runs);
    for _ in 0..runs {
        let started = Instant::now();
        source.introspect().await?;
        plumb.push(started.elapsed());
        dumps.push(dump.run()?);
    }
    let (plumb, dumped) = (median(&mut plumb), median(&mut dumps));
    let (verdict, met) = ratio(plumb, dumped, goal);
    Ok(Figure {
        what: format!("{} introspection, in process", first.database.flavor),
        plumb: format!("{:.0} ms, {} queries", ms(plumb), first.queries),
        reference: format!("{} {:.0} ms", dump.name, ms(dumped)),
        verdict,
        met,
        goal: goal_text,
    })
}

/// `plumb inspect URL --json > file`, the whole process, against the dump tool writing its file.
fn inspect_process(source: &Source, runs: usize, goal: Option<f64>, goal_text: &'static str) -> anyhow::Result<Figure> {
    let exe = std::env::current_exe().context("cannot find the plumb program")?;
    let dump = dump_command(source)?;
    let dir = tempfile::tempdir().context("cannot create a temporary folder")?;
    let out = dir.path().join("schema.json");
    let args = [String::from("inspect"), source.to_string(), "--json".into()];
    let plumb = timed(runs, || process(&exe, &args, Some(&out), &[0]))?;
    let dumped = timed(runs, || dump.run())?;
    let (verdict, met) = ratio(plumb, dumped, goal);
    Ok(Figure {
        what: "plumb inspect URL --json > file, whole process".into(),
        plumb: format!("{:.0} ms", ms(plumb)),
        reference: format!("{} {:.0} ms", dump.name, ms(dumped)),
        verdict,
        met,
        goal: goal_text,
    })
}

/// The median of `runs` runs of `run`, after one warm-up run.
fn timed(runs: usize, mut run: impl FnMut() -> anyhow::Result<Duration>) -> anyhow::Result<Duration> {
    run()?;
    let mut times = (0..runs).map(|_| run()).collect::<anyhow::Result<Vec<_>>>()?;
    Ok(median(&mut times))
}

/// Runs `program` with `args`, its output to `out` (or nowhere), and times it; an exit code not
/// in `ok` is an error.
fn process(program: &Path, args: &[String], out: Option<&Path>, ok: &[i32]) -> anyhow::Result<Duration> {
    let stdout = match out {
        Some(path) => {
            Stdio::from(std::fs::File::create(path).with_context(|| format!("cannot write {}", path.display()))?)
        }
        None => Stdio::null(),
    };
    let started = Instant::now();
    let output = Command::new(program)
        .args(args)
        .stdout(stdout)
        .stderr(Stdio::piped())
        .output()
        .with_context(|| format!("cannot run {}", program.display()))?;
    let took = started.elapsed();
    if !output.status.code().is_some_and(|c| ok.contains(&c)) {
        bail!("{} {} failed: {}", program.display(), args.join(" "), String::from_utf8_lossy(&output.stderr).trim());
    }
    Ok(took)
}

/// The peak memory of `plumb ARGS`, in KB, measured by `plumb bench peak`.
fn peak_kb(exe: &Path, args: &[String]) -> anyhow::Result<u64> {
    let output = Command::new(exe)
        .args(["bench", "peak", "--"])
        .arg(exe)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .output()
        .context("cannot run plumb bench peak")?;
    let text = String::from_utf8_lossy(&output.stdout);
    text.trim()
        .strip_suffix(" KB")
        .and_then(|n| n.parse().ok())
        .with_context(|| format!("plumb bench peak said {text:?}"))
}

/// Runs a command and prints the peak memory of the one process it ran (this one has no other
/// child), in KB.
pub(crate) fn peak(args: BenchPeakArgs) -> anyhow::Result<Exit> {
    let (program, rest) = args.command.split_first().expect("clap requires a command");
    let status = Command::new(program)
        .args(rest)
        .stdout(Stdio::null())
        .status()
        .with_context(|| format!("cannot run {program}"))?;
    let usage = nix::sys::resource::getrusage(nix::sys::resource::UsageWho::RUSAGE_CHILDREN)
        .context("cannot read the child's resource usage")?;
    super::print(&format!("{} KB\n", usage.max_rss()))?;
    // Differences (2) and a refusal (3) are answers, not failures of the measured command.
    Ok(if matches!(status.code(), Some(0 | 2 | 3)) { Exit::Ok } else { Exit::Error })
}

//! `plumb plan FROM TO [--out FILE] [--rollback]`.

use std::fmt::Write;
use std::path::Path;
use std::time::Instant;

use anyhow::Context;
use plumb_db::live::live_facts;
use plumb_db::lock_capture::{capture_locks, CapturedStep};
use plumb_db::Source;
use plumb_engine::dialect::comment_text;
use plumb_engine::diff::DiffOptions;
use plumb_engine::lint::live::LiveFacts;
use plumb_engine::model::Database;
use plumb_engine::plan::{plan_with, probes, Online, Plan};

use crate::cli::PlanArgs;
use crate::exit::Exit;

pub(crate) async fn run(args: PlanArgs) -> anyhow::Result<Exit> {
    let (from, to): (Source, Source) = super::source::pair(&args.from, &args.to)?;
    let online = online(&args, &from)?;
    let options = plumb_db::pair::options_for(super::diff::options(args.compare)?.with_using(&args.using)?, &from, &to);
    let (current, desired) = super::source::load_pair(&from, &to).await?;
    let mut checked = String::new();
    let facts = if args.no_data_checks {
        LiveFacts::default()
    } else {
        let asked = probes(&current, &desired, &options)?;
        let started = Instant::now();
        let report = live_facts(&from, &asked).await?;
        if !report.facts.is_empty() || !report.skipped.is_empty() {
            let _ = writeln!(
                checked,
                "-- data checks on {}: {} of {} counts taken in {} ms",
                comment_text(&from.to_string()),
                asked.len() - report.skipped.len(),
                asked.len(),
                started.elapsed().as_millis()
            );
        }
        for (probe, why) in &report.skipped {
            let _ = writeln!(
                checked,
                "--   skipped a check on {}: {}",
                comment_text(&probe.table.to_string()),
                comment_text(why)
            );
        }
        report.facts
    };
    if args.split {
        let out = args.out.as_deref().expect("clap requires --out with --split");
        let inputs = (&options, online.as_ref(), &facts);
        return split(out, args.rollback, (&from, &to), (&current, &desired), inputs, &checked);
    }
    let plan = plan_with(&current, &desired, &options, online.as_ref(), &facts)?;
    let mut text = format!(
        "-- plan: {} -> {}\n{checked}{}",
        comment_text(&from.to_string()),
        comment_text(&to.to_string()),
        plumb_engine::text::plan(&plan, args.rollback)
    );
    if args.capture_locks && !plan.is_empty() {
        text.push_str(&observed_locks(&capture_locks(&from, &current, &plan).await?));
    }
    if let Some(path) = &args.out {
        write_plan(&mut text, &plan, path, &from)?;
    }
    super::print(&text)?;
    Ok(Exit::Ok)
}

/// Writes `plan` to `path`, saying how to apply it.
fn write_plan(text: &mut String, plan: &Plan, path: &Path, target: &Source) -> anyhow::Result<()> {
    // Streamed into the file: a plan that creates a large schema holds all of it.
    std::fs::File::create(path)
        .and_then(|file| plan.write_json(file))
        .with_context(|| format!("cannot write the plan to {}", path.display()))?;
    let path_text = path.display().to_string();
    let shown = comment_text(&path_text);
    let _ = writeln!(
        text,
        "-- written to {shown}: apply it with `plumb apply {shown} --to {}`",
        comment_text(&target.to_string())
    );
    Ok(())
}

/// The expand and the contract plan of the change ([`plumb_engine::plan::split`]), written beside
/// `--out` as `NAME.expand.json` and `NAME.contract.json`.
fn split(
    out: &Path,
    rollback: bool,
    (from, to): (&Source, &Source),
    (current, desired): (&Database, &Database),
    (options, online, facts): (&DiffOptions, Option<&Online>, &LiveFacts),
    checked: &str,
) -> anyhow::Result<Exit> {
    let mid = plumb_engine::plan::split::expanded(current, desired, options)?;
    let expand = plan_with(current, &mid, options, online, facts)?;
    // The contract starts where the expand ends: its counts are taken when it is applied.
    let contract = plan_with(&mid, desired, options, online, &LiveFacts::default())?;
    let named = |part: &str| {
        let stem = out.file_name().and_then(|n| n.to_str()).unwrap_or("plan.json");
        let stem = stem.strip_suffix(".json").unwrap_or(stem);
        let stem = stem.strip_suffix(".plan").unwrap_or(stem);
        out.with_file_name(format!("{stem}.{part}.json"))
    };
    let mut text = format!(
        "-- plan: {} -> {}, split around a deploy of the application\n{checked}",
        comment_text(&from.to_string()),
        comment_text(&to.to_string())
    );
    let _ = writeln!(text, "\n-- EXPAND: apply now; the running version keeps working (it only adds and relaxes)");
    text.push_str(&plumb_engine::text::plan(&expand, rollback));
    write_plan(&mut text, &expand, &named("expand"), from)?;
    if contract.is_empty() {
        let _ = writeln!(text, "\n-- CONTRACT: nothing: the change removes and tightens nothing");
    } else {
        let _ = writeln!(
            text,
            "\n-- CONTRACT: apply once the new version runs everywhere (it removes and tightens what the old one used)"
        );
        text.push_str(&plumb_engine::text::plan(&contract, rollback));
        write_plan(&mut text, &contract, &named("contract"), from)?;
    }
    super::print(&text)?;
    Ok(Exit::Ok)
}

/// Whether to write an online plan, and with what: `--online` / `--blocking`, else the policy of
/// FROM's environment (production: online).
fn online(args: &PlanArgs, from: &Source) -> anyhow::Result<Option<Online>> {
    let wanted = if args.online {
        true
    } else if args.blocking {
        false
    } else {
        let named = super::source::resolve(&args.from).unwrap_or_else(|_| plumb_db::pair::Named::plain(from.clone()));
        let env = named.environment(args.env.map(super::apply::env_name));
        let project = plumb_db::project::Project::discover(&std::env::current_dir()?)?;
        project.policy.for_environment(&env).online
    };
    Ok(wanted.then(|| plumb_db::apply::pt_osc::online_for(from)))
}

/// The locks each step took on the scratch copy, beside the predicted ones.
fn observed_locks(captured: &[CapturedStep]) -> String {
    let mut out =
        String::from("\n-- locks observed on a scratch copy of the schema (each step in its own transaction):\n");
    for step in captured {
        let took: Vec<String> = step
            .observed
            .iter()
            .filter(|l| l.table)
            .map(|l| format!("{} on {}", l.mode, comment_text(&l.relation)))
            .collect();
        let _ = write!(
            out,
            "-- {}. predicted {}; took {}",
            step.step,
            step.predicted.as_deref().unwrap_or("no lock that blocks"),
            if took.is_empty() { "no table lock".to_owned() } else { took.join(", ") }
        );
        if !step.rewritten.is_empty() {
            let _ = write!(out, "; rewrote {}", comment_text(&step.rewritten.join(", ")));
        }
        let _ = writeln!(out, "{}", if step.agrees { "" } else { "  <- DIFFERS from the prediction" });
    }
    let differ = captured.iter().filter(|s| !s.agrees).count();
    let _ = writeln!(out, "-- {differ} of {} steps differ from the predicted locks", captured.len());
    out
}

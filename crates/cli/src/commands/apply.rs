//! `plumb apply PLAN --to TARGET [--env ENV] [--yes]`.

use std::io::{BufRead, IsTerminal, Write};

use anyhow::Context;
use plumb_db::apply::{apply, check_target, ApplyEvent};
use plumb_db::profile::ProfileStore;
use plumb_db::Source;
use plumb_engine::plan::Plan;

use crate::cli::{ApplyArgs, Environment};
use crate::exit::{Blocked, Exit};

pub(crate) async fn run(args: ApplyArgs) -> anyhow::Result<Exit> {
    check_rule_names(&args.allow)?;
    let text =
        std::fs::read_to_string(&args.plan).with_context(|| format!("cannot read the plan {}", args.plan.display()))?;
    let plan = read_plan(&text, &args.plan)?;
    let super::source::Resolved { source: target, profile } = super::source::resolve(&args.to)?;
    // A read-only profile (production, by default) refuses before anything is read or asked.
    if let Some(profile) = &profile {
        ProfileStore::open_default()?.may_write(profile)?;
    }
    // A URL is a server somebody else may depend on: production unless said otherwise.
    let env = args.env.unwrap_or(match (&profile, &target) {
        (Some(profile), _) if profile.is_production() => Environment::Prod,
        (Some(profile), _) if profile.environment.eq_ignore_ascii_case("staging") => Environment::Staging,
        (Some(_), _) => Environment::Dev,
        (None, Source::Postgres { .. } | Source::Mysql { .. }) => Environment::Prod,
        (None, Source::Sqlite { .. } | Source::Snapshot { .. }) => Environment::Dev,
    });
    if plan.is_empty() {
        super::print("nothing to apply: the plan has no steps\n")?;
        return Ok(Exit::Ok);
    }
    // The gate first: nobody should confirm SQL meant for a schema the target no longer has.
    if let Err(e) = check_target(&target, &plan).await {
        if let plumb_db::Error::StaleSchema { drift, .. } = &e {
            let qualify = plan.flavor.has_schemas();
            eprint!("what changed since the plan was made:\n{}", crate::output::changes(drift, qualify));
        }
        return Err(e.into());
    }
    eprint!("{}", super::plan::render(&plan, false));
    acknowledge(&args, &plan)?;
    confirm(&args, &target, env)?;

    let total = plan.steps.len();
    let report = apply(&target, &plan, &|event| match event {
        ApplyEvent::Running { step, description, .. } => eprintln!("[{step}/{total}] {description}"),
        ApplyEvent::Verifying => eprintln!("checking the result against the plan…"),
    })
    .await?;
    if !report.verified {
        anyhow::bail!("applied {} steps, but the target does not match the plan's desired schema: run `plumb diff` to see what differs", report.steps);
    }
    super::print(&format!("applied {} steps to {target}; verified: it now has the desired schema\n", report.steps))?;
    Ok(Exit::Ok)
}

/// Refuses `--allow` names that are no rule (a typo must not let a finding through unnoticed).
pub(crate) fn check_rule_names(allow: &[String]) -> anyhow::Result<()> {
    let rule_of = |a: &String| a.split_once('@').map_or(a.clone(), |(rule, _)| rule.to_owned());
    if let Some(unknown) = allow.iter().find(|a| plumb_engine::lint::rule(&rule_of(a)).is_none()) {
        anyhow::bail!("--allow {unknown}: there is no rule by that name (plumb lint --rules lists them)");
    }
    Ok(())
}

/// Reads a plan file; an edited plan is the gate's business: exit 3, like a changed target.
pub(crate) fn read_plan(text: &str, path: &std::path::Path) -> anyhow::Result<Plan> {
    Plan::from_json(text).map_err(|e| match e {
        plumb_engine::Error::TamperedPlan { .. } => anyhow::Error::new(Blocked(format!("{}: {e}", path.display()))),
        other => anyhow::anyhow!("{}: {other}", path.display()),
    })
}

/// Refuses while a blocking finding is not acknowledged by `--allow RULE`; names what was.
fn acknowledge(args: &ApplyArgs, plan: &Plan) -> anyhow::Result<()> {
    let open = plan.unacknowledged(&args.allow);
    if !open.is_empty() {
        let mut rules: Vec<&str> = open.iter().map(|f| f.rule.as_str()).collect();
        rules.dedup();
        let allow = rules.iter().map(|r| format!("--allow {r}")).collect::<Vec<_>>().join(" ");
        return Err(Blocked(format!(
            "not applied: {} blocking safety finding(s) not acknowledged (listed above); once reviewed, pass {allow}",
            open.len()
        ))
        .into());
    }
    for finding in plan.findings.iter().filter(|f| f.blocks()) {
        eprintln!("acknowledged: {} ({})", finding.rule, finding.message);
    }
    Ok(())
}

/// Asks for the confirmation the environment needs: `yes` (or `--yes`), and on production the
/// database's name as well when there is somebody to type it.
fn confirm(args: &ApplyArgs, target: &Source, env: Environment) -> anyhow::Result<()> {
    let interactive = std::io::stdin().is_terminal();
    if !interactive {
        if args.yes {
            return Ok(());
        }
        return Err(Blocked("not applied: pass --yes to apply without a terminal to confirm on".into()).into());
    }
    if args.yes && env != Environment::Prod {
        return Ok(());
    }
    let expected = match (env, target) {
        (Environment::Prod, Source::Postgres { url } | Source::Mysql { url }) => {
            url.path().trim_start_matches('/').to_owned()
        }
        (Environment::Prod, Source::Sqlite { path }) => {
            path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
        }
        _ => "yes".to_owned(),
    };
    eprint!("type {expected:?} to apply these steps to {target} ({env:?}): ");
    std::io::stderr().flush()?;
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer)?;
    if answer.trim() != expected {
        return Err(Blocked("not applied: the confirmation did not match".into()).into());
    }
    Ok(())
}
